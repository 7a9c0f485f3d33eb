import ArgumentParser
import Foundation
import KafkaClient
import NIOCore

/// `inlet bench query`: what queries cost over pgwire, next to PostgreSQL 15 on the same rows, in one run.
///
/// Fills a topic with `--rows` keyed records, serves them as an UPSERT source of a real `inlet serve` and loads
/// the same rows into a private PostgreSQL 15 table of the same shape (`key text PRIMARY KEY, text text`). Then
/// pgbench (a load client fair to both: the same C program, connections and script) measures point lookups and
/// a small aggregate per second, simple and extended protocol, and psql streams a 1,000,000-row result from
/// each server while `inlet serve`'s RSS is sampled from /proc. `scripts/bench-query` starts the broker.
struct QueryBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Point lookups, small aggregates and a 1M-row stream over pgwire, next to PostgreSQL 15.")

    @Option(help: "The broker, host:port.")
    var bootstrap: String

    @Option(help: "Rows of the relation (distinct keys).")
    var rows: Int = 100_000

    @Option(help: "Seconds of each pgbench run.")
    var seconds: Int = 10

    @Option(help: "pgbench connections per run.")
    var clients: Int = 4

    @Option(help: "pgbench threads per run.")
    var threads: Int = 2

    @Option(help: "Rows of the streamed result (a multiple of --rows).")
    var streamRows: Int = 1_000_000

    @Option(help: "The inlet binary to serve with (default: this one).")
    var inlet: String?

    func run() async throws {
        try await reportingErrors {
            let binary = inlet ?? CommandLine.arguments[0]
            let stamp = String(UInt32.random(in: 0 ... .max), radix: 36)
            let topic = "query-bench-\(stamp)"
            print("rows=\(rows) clients=\(clients) threads=\(threads) seconds=\(seconds) load=pgbench (same for both)")
            try await QueryBenchData.produce(bootstrap: bootstrap, topic: topic, rows: rows)
            let serve = try await BenchServeProcess.start(binary: binary, name: "query-\(stamp)")
            let postgres: BenchPostgreSQL
            do {
                postgres = try await BenchPostgreSQL.start(port: try QueryBenchClient.freePort())
            } catch {
                await serve.stop()
                throw error
            }
            do {
                try await run(serve: serve, postgres: postgres, topic: topic)
            } catch {
                await serve.stop()
                await postgres.stop()
                throw error
            }
            await serve.stop()
            await postgres.stop()
        }
    }

    private func run(serve: BenchServeProcess, postgres: BenchPostgreSQL, topic: String) async throws {
        let inletClient = QueryBenchClient(port: serve.port, user: "materialize", database: "materialize")
        let peerClient = QueryBenchClient(port: postgres.port, user: BenchPostgreSQL.user, database: "postgres")
        try inletClient.psql(
            "CREATE CONNECTION bench_kafka TO KAFKA (BROKER '\(bootstrap)');\n"
                + "CREATE SOURCE q FROM KAFKA CONNECTION bench_kafka (TOPIC '\(topic)') "
                + "KEY FORMAT TEXT VALUE FORMAT TEXT ENVELOPE UPSERT;\n")
        try await inletClient.waitForCount("SELECT count(*) FROM q", rows, timeout: .seconds(300))
        try peerClient.psql("CREATE TABLE q (key text PRIMARY KEY, text text);\n")
        try peerClient.psql(QueryBenchData.copyScript(rows: rows) + "ANALYZE q;\n")
        try await peerClient.waitForCount("SELECT count(*) FROM q", rows, timeout: .seconds(10))

        let workloads: [(name: String, script: String)] = [
            ("point lookup", "\\set k random(0, \(rows - 1))\nSELECT text FROM q WHERE key = 'key-' || :k;\n"),
            (
                "small aggregate",
                "\\set k random(0, \(rows - 1))\n"
                    + "SELECT count(*), max(text) FROM q WHERE key BETWEEN 'key-' || :k AND 'key-' || :k || '9';\n"
            ),
        ]
        print("")
        print(
            pad("workload", 18) + pad("protocol", 10) + pad("inlet q/s", 12) + pad("postgres q/s", 14)
                + pad("ratio", 8) + "inlet CPU µs/query")
        for workload in workloads {
            for mode in ["simple", "extended", "prepared"] {
                let cpuBefore = serve.cpuSeconds
                let inletRun = try inletClient.pgbench(
                    script: workload.script, mode: mode, clients: clients, threads: threads, seconds: seconds)
                let cpu = serve.cpuSeconds - cpuBefore
                let peerRun = try peerClient.pgbench(
                    script: workload.script, mode: mode, clients: clients, threads: threads, seconds: seconds)
                let perQuery = inletRun.transactions > 0 ? cpu / Double(inletRun.transactions) * 1e6 : 0
                print(
                    pad(workload.name, 18) + pad(mode, 10) + pad(BenchFigures.fixed(inletRun.tps, 0), 12)
                        + pad(BenchFigures.fixed(peerRun.tps, 0), 14)
                        + pad(BenchFigures.fixed(inletRun.tps / max(peerRun.tps, 1), 2), 8)
                        + BenchFigures.fixed(perQuery, 0))
            }
        }

        let multiple = max(1, streamRows / rows)
        let stream =
            "SELECT a.key, a.text, b.key AS copy FROM q AS a, (SELECT key FROM q ORDER BY key LIMIT \(multiple)) AS b"
        print("")
        print("streaming \(multiple * rows) rows (\(stream)) to psql, output to /dev/null:")
        for (label, command) in [("SELECT", stream), ("COPY TO STDOUT", "COPY (\(stream)) TO STDOUT")] {
            let inletStream = try await inletClient.stream(command, expected: multiple * rows, sampling: serve)
            let peerStream = try await peerClient.stream(command, expected: multiple * rows, sampling: nil)
            print(
                "  \(label): inlet serve \(BenchFigures.fixed(inletStream.rowsPerSecond, 0)) rows/s (RSS "
                    + "\(inletStream.baselineMegabytes) MB before, +\(inletStream.growthMegabytes) MB at most meanwhile), "
                    + "postgresql \(BenchFigures.fixed(peerStream.rowsPerSecond, 0)) rows/s")
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
