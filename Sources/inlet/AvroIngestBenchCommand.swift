import ArgumentParser
import Foundation

/// `inlet bench avro-ingest`: Avro ingest end to end next to TEXT ingest of the same bytes, through one real
/// `inlet serve`, in one run (issue 11's target: Avro at least 0.6× TEXT's records per second).
///
/// `testpeers/avro_ingest_fill.py` registers `avro_bench.py`'s 10-field schema in the registry, writes the Avro
/// records (fastavro, Confluent's 5-byte prefix) and as many TEXT records of their average size; then each source
/// is created on its filled topic and timed, as `inlet bench ingest` times it, until its progress relation shows
/// every record. `scripts/bench-avro-ingest` starts the broker and the registry.
struct AvroIngestBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avro-ingest",
        abstract: "Avro ingest (schema registry framing) next to TEXT ingest of the same bytes, in one run.")

    @Option(help: "The broker, host:port.")
    var bootstrap: String

    @Option(help: "The schema registry's URL (no authentication).")
    var registry: String

    @Option(help: "Records per topic.")
    var records: Int = 1_000_000

    @Option(help: "Folder with avro_ingest_fill.py and ingest_probe.py (the repository's testpeers).")
    var peers: String = "testpeers"

    @Option(help: "The Python that runs the peers (with confluent-kafka, fastavro and psycopg).")
    var python: String = "python3"

    @Option(help: "The inlet binary to serve with (default: this one).")
    var inlet: String?

    /// What `avro_ingest_fill.py` prints.
    struct Fill: Decodable {
        var schemaId: Int
        var records: Int
        var avroBytes: Int
        var textSize: Int
        var encodeSeconds: Double
        var produceSeconds: Double
    }

    func run() async throws {
        try await reportingErrors {
            var settings = IngestBenchSettings(
                bootstrap: bootstrap, records: records, peers: peers, python: python,
                inlet: inlet ?? Bundle.main.executablePath ?? CommandLine.arguments[0])
            let python = BenchPython(settings: settings)
            let avroTopic = "avro-ingest-\(settings.stamp)-avro"
            let textTopic = "avro-ingest-\(settings.stamp)-text"
            let output = try python.run([
                "-W", "ignore", python.script("avro_ingest_fill.py"), "--bootstrap", bootstrap, "--registry", registry,
                "--avro-topic", avroTopic, "--text-topic", textTopic, "--records", "\(records)",
            ])
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            guard let fill = try? decoder.decode(Fill.self, from: output) else {
                throw BenchFailure(
                    "avro_ingest_fill.py printed no result I can read (\(String(decoding: output.prefix(200), as: UTF8.self)))"
                )
            }
            settings.size = fill.textSize
            print(
                "records=\(records) avro-bytes=\(fill.avroBytes) (mean \(String(format: "%.1f", Double(fill.avroBytes) / Double(records))) B, "
                    + "schema id \(fill.schemaId)) text-size=\(fill.textSize) B broker=\(bootstrap) registry=\(registry) "
                    + "fill: fastavro \(String(format: "%.1f", fill.encodeSeconds)) s, produce \(String(format: "%.1f", fill.produceSeconds)) s"
            )

            let serve = try await BenchServeProcess.start(binary: settings.inlet, name: "avro-ingest-\(settings.stamp)")
            let text: KafkaBenchCommand.Figure
            let avro: KafkaBenchCommand.Figure
            do {
                try python.exec(
                    port: serve.port,
                    [
                        "CREATE CONNECTION bench_kafka TO KAFKA (BROKER '\(bootstrap)')",
                        "CREATE CONNECTION bench_csr TO CONFLUENT SCHEMA REGISTRY (URL '\(registry)')",
                    ])
                text = try ingest(
                    serve, python, "text_ingest",
                    "FROM KAFKA CONNECTION bench_kafka (TOPIC '\(textTopic)') FORMAT TEXT",
                    bytes: records * fill.textSize)
                avro = try ingest(
                    serve, python, "avro_ingest",
                    "FROM KAFKA CONNECTION bench_kafka (TOPIC '\(avroTopic)') "
                        + "FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION bench_csr",
                    bytes: fill.avroBytes)
            } catch {
                await serve.stop()
                throw error
            }
            await serve.stop()
            Self.report(text: text, avro: avro)
        }
    }

    /// CREATE SOURCE `name` …, timed until its progress relation shows every record; the CPU is `inlet serve`'s.
    private func ingest(
        _ serve: BenchServeProcess, _ python: BenchPython, _ name: String, _ rest: String, bytes: Int
    ) throws -> KafkaBenchCommand.Figure {
        let cpuStart = serve.cpuSeconds
        let result = try python.ingest(
            port: serve.port, create: "CREATE SOURCE \(name) \(rest)", progress: name + "_progress", target: records)
        return KafkaBenchCommand.Figure(
            records: records, seconds: result.seconds, megabytesPerSecond: Double(bytes) / result.seconds / 1e6,
            cpuSeconds: serve.cpuSeconds - cpuStart)
    }

    static func report(text: KafkaBenchCommand.Figure, avro: KafkaBenchCommand.Figure) {
        func row(_ label: String, _ figure: KafkaBenchCommand.Figure) -> String {
            let cpu = figure.cpuSeconds ?? 0
            let perCPU = cpu > 0 ? Double(figure.records) / cpu : 0
            return label.padding(toLength: 34, withPad: " ", startingAt: 0)
                + String(
                    format: "%12.0f %8.1f %8.2f %8.2f %14.0f", figure.recordsPerSecond, figure.megabytesPerSecond,
                    figure.seconds, cpu, perCPU)
        }
        print(
            "path".padding(toLength: 34, withPad: " ", startingAt: 0)
                + "   records/s     MB/s  seconds  cpu (s)  records/cpu-s")
        print(row("TEXT, ENVELOPE NONE", text))
        print(row("AVRO (registry), ENVELOPE NONE", avro))
        let ratio = avro.recordsPerSecond / text.recordsPerSecond
        let cpuRatio = (text.cpuSeconds ?? 0) / max(avro.cpuSeconds ?? 1, 1e-9)
        print(
            String(
                format: "Avro / TEXT: %.2f× records/s (target ≥ 0.60×), %.2f× records per CPU second of inlet serve",
                ratio, cpuRatio))
    }
}

extension IngestBenchSettings {
    /// The settings `BenchPython` and `BenchServeProcess` need for `inlet bench avro-ingest`.
    init(bootstrap: String, records: Int, peers: String, python: String, inlet: String) {
        self.bootstrap = bootstrap
        self.records = records
        size = 0
        keys = 1
        batchRecords = 0
        repeats = 1
        rate = 0
        freshnessSeconds = 0
        pollMilliseconds = 2
        probeGapMilliseconds = 5
        self.peers = peers
        self.python = python
        self.inlet = inlet
        stamp = "\(ProcessInfo.processInfo.processIdentifier)-\(Int(Date().timeIntervalSince1970))"
    }
}
