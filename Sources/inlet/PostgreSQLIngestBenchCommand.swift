import ArgumentParser
import Foundation
import PostgreSQLStorage

/// `inlet bench pg-ingest`: source ingest into PostgreSQL (`inlet serve --storage postgresql://…`, one replica)
/// next to PostgreSQL's own limit for the same rows (psql `\copy` from a file) and the SQLite default, in one run,
/// with the CPU per record of Inlet and of PostgreSQL for the replica-count calculation.
///
/// Starts nothing but `inlet serve`; `scripts/bench-pg-ingest` starts the broker and a private PostgreSQL 15.
struct PostgreSQLIngestBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pg-ingest",
        abstract: "Ingest into PostgreSQL next to psql \\copy of the same rows and the SQLite store, in one run.")

    @Option(help: "The broker, host:port.")
    var bootstrap: String

    @Option(help: "The PostgreSQL database, postgresql://USER@HOST:PORT/DB (password in PGPASSWORD).")
    var postgresql: String

    @Option(help: "The postmaster's pid, whose CPU (and its backends') /proc reports as PostgreSQL's.")
    var postgresqlPid: Int32

    @Option(help: "Records in the topic.")
    var records: Int = 1_000_000

    @Option(help: "Value size in bytes.")
    var size: Int = 100

    @Option(help: "Partitions of the topic.")
    var partitions: Int32 = 12

    @Option(help: "The inlet binary to serve with (default: this one).")
    var inlet: String?

    func run() async throws {
        try await reportingErrors {
            let url = try PostgreSQLStorageURL(parsing: postgresql)
            let run = PostgreSQLIngestBenchRun(
                bootstrap: bootstrap, url: url, postmaster: postgresqlPid, records: records, size: size,
                partitions: partitions, inlet: inlet ?? Bundle.main.executablePath ?? CommandLine.arguments[0],
                stamp: "\(ProcessInfo.processInfo.processIdentifier)-\(Int(Date().timeIntervalSince1970))")
            print(
                "records=\(records) size=\(size) partitions=\(partitions) broker=\(bootstrap) storage=\(url) "
                    + "(one replica; PostgreSQL CPU = postmaster and its backends, from /proc)")
            try await run.run().print(records: records, size: size)
        }
    }
}

/// What one `inlet bench pg-ingest` measured.
struct PostgreSQLIngestBenchTable {
    struct Row {
        var label: String
        var seconds: Double
        var inletCPU: Double?
        var postgresCPU: Double?
    }

    var rows: [Row] = []

    func print(records: Int, size: Int) {
        func fixed(_ value: Double, _ digits: Int) -> String { BenchFigures.fixed(value, digits) }
        func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        Swift.print(
            pad("run", 44) + pad("seconds", 10) + pad("records/s", 12) + pad("MB/s", 8) + pad("× copy", 8)
                + pad("inlet µs CPU/rec", 18) + "postgres µs CPU/rec")
        let copy = rows.first { $0.label.hasPrefix("psql") }?.seconds
        for row in rows {
            let rate = Double(records) / row.seconds
            Swift.print(
                pad(row.label, 44) + pad(fixed(row.seconds, 2), 10) + pad(fixed(rate, 0), 12)
                    + pad(fixed(Double(records * size) / row.seconds / 1e6, 1), 8)
                    + pad(copy.map { fixed($0 / row.seconds, 2) } ?? "-", 8)
                    + pad(row.inletCPU.map { fixed($0 / Double(records) * 1e6, 2) } ?? "-", 18)
                    + (row.postgresCPU.map { fixed($0 / Double(records) * 1e6, 2) } ?? "-"))
        }
        // Replicas on machines of their own, one PostgreSQL: each replica adds 1 / (Inlet's CPU per record)
        // records per second per core until PostgreSQL's cores are spent at (its CPU per record).
        guard let pg = rows.first(where: { $0.label.hasPrefix("inlet serve --storage") }),
            let inletCPU = pg.inletCPU, let postgresCPU = pg.postgresCPU, inletCPU > 0, postgresCPU > 0
        else { return }
        let perReplicaCore = Double(records) / inletCPU
        let perPostgresCore = Double(records) / postgresCPU
        Swift.print(
            "replica calculation: one Inlet core ingests \(fixed(perReplicaCore, 0)) records/s, one PostgreSQL core "
                + "absorbs \(fixed(perPostgresCore, 0)) records/s; N replicas of C cores on a P-core PostgreSQL: "
                + "min(N·C·\(fixed(perReplicaCore, 0)), P·\(fixed(perPostgresCore, 0))) records/s")
        for (replicas, cores) in [(1, 2), (2, 2), (4, 2), (8, 2)] {
            let inletBound = Double(replicas * cores) * perReplicaCore
            let line = [4, 8, 16].map { postgresCores in
                "P=\(postgresCores): \(fixed(min(inletBound, Double(postgresCores) * perPostgresCore), 0))"
            }.joined(separator: "  ")
            Swift.print("  N=\(replicas) C=\(cores): \(line)")
        }
    }
}
