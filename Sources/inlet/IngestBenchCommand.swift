import ArgumentParser
import Foundation
import Ingest
import KafkaClient
import NIOCore

/// `inlet bench ingest`: what a source costs from topic to relation, next to the store's own limit and a
/// hand-written Python ingest (confluent-kafka + sqlite3), in one run against one broker.
///
/// Per partition count it prints the raw consume rate of Inlet's client, what `SQLiteSourceStore` commits with no
/// Kafka in the loop, end-to-end ingest by a real `inlet serve` (ENVELOPE NONE and UPSERT), freshness at a steady
/// rate, statement latency during ingest, peak RSS, and the Python peer's rates. Starts nothing but `inlet serve`
/// and the Python programs of `--peers`; `scripts/bench-ingest` starts the broker.
struct IngestBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Source ingest (Kafka to relation) next to the store's limit and a Python peer, in one run.")

    @Option(help: "The broker, host:port.")
    var bootstrap: String

    @Option(help: "Records per topic.")
    var records: Int = 1_000_000

    @Option(help: "Value size in bytes.")
    var size: Int = 100

    @Option(help: "Partition counts, one table each (repeatable).")
    var partitions: [Int32] = [1, 4]

    @Option(help: "Distinct keys of the UPSERT topic.")
    var keys: Int = 100_000

    @Option(help: "Records per commit in the store-only run (the runtime's maxBatchRecords).")
    var batchRecords: Int = SourceRuntimeConfiguration().maxBatchRecords

    @Option(help: "Runs of the store limit and of end-to-end NONE; the table shows their median and each run.")
    var repeats: Int = 3

    @Option(help: "Records per second of the paced producer for freshness.")
    var rate: Int = 100_000

    @Option(help: "Seconds of paced producing for freshness.")
    var freshnessSeconds: Double = 5

    @Option(help: "Milliseconds between polls of the progress relation (the freshness resolution).")
    var pollMilliseconds: Double = 5

    @Option(help: "Milliseconds between latency probes during ingest.")
    var probeGapMilliseconds: Double = 5

    @Option(help: "Folder with ingest_peer.py and ingest_probe.py (the repository's testpeers).")
    var peers: String = "testpeers"

    @Option(help: "The Python that runs the peers (with confluent-kafka and psycopg).")
    var python: String = "python3"

    @Option(help: "The inlet binary to serve with (default: this one).")
    var inlet: String?

    func run() async throws {
        // The store-only run uses the store code under the process settings `inlet serve` runs it with.
        ServeCommand.limitMallocArenas()
        ServeCommand.turnOffSQLiteMemoryStatistics()
        try await reportingErrors {
            let settings = IngestBenchSettings(command: self)
            print(
                "records=\(records) size=\(size) keys=\(keys) commit-batch=\(batchRecords) repeats=\(settings.repeats) "
                    + "broker=\(bootstrap) "
                    + "producer=Inlet KafkaProducer (acks=all) peer=confluent-kafka \(settings.pythonVersion) + sqlite3"
            )
            for count in partitions {
                let table = try await IngestBenchRun(settings: settings, partitions: count).run()
                table.print()
            }
        }
    }
}

/// The options of one `inlet bench ingest`, read once (not through ArgumentParser's wrappers in loops).
struct IngestBenchSettings: Sendable {
    var bootstrap: String
    var records: Int
    var size: Int
    var keys: Int
    var batchRecords: Int
    var repeats: Int
    var rate: Int
    var freshnessSeconds: Double
    var pollMilliseconds: Double
    var probeGapMilliseconds: Double
    var peers: String
    var python: String
    var inlet: String
    var stamp: String

    init(command: IngestBenchCommand) {
        bootstrap = command.bootstrap
        records = command.records
        size = command.size
        keys = command.keys
        batchRecords = command.batchRecords
        repeats = max(1, command.repeats)
        rate = command.rate
        freshnessSeconds = command.freshnessSeconds
        pollMilliseconds = command.pollMilliseconds
        probeGapMilliseconds = command.probeGapMilliseconds
        peers = command.peers
        python = command.python
        inlet = command.inlet ?? Bundle.main.executablePath ?? CommandLine.arguments[0]
        stamp = "\(ProcessInfo.processInfo.processIdentifier)-\(Int(Date().timeIntervalSince1970))"
    }

    var pythonVersion: String {
        (try? BenchPython(settings: self).run(["-c", "import confluent_kafka; print(confluent_kafka.libversion()[0])"]))
            .map { "librdkafka " + String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
            ?? "(confluent-kafka missing)"
    }
}

/// What an `inlet bench` helper failed at, said so that the reader knows what to fix.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
