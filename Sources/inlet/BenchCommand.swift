import ArgumentParser
import Foundation
import KafkaClient
import KafkaWire
import NIOCore

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print Inlet's figures next to librdkafka's from the same run.",
        subcommands: [
            KafkaBenchCommand.self, RouteBenchCommand.self, IngestBenchCommand.self, AvroBenchCommand.self,
            AvroIngestBenchCommand.self, ProtobufBenchCommand.self, PostgreSQLIngestBenchCommand.self,
            QueryBenchCommand.self,
        ]
    )
}

/// `inlet bench kafka`: produce and consume N records with Inlet and with librdkafka against one broker.
///
/// Starts nothing itself: it takes the broker address, creates two fresh topics, and runs the librdkafka
/// programs built by ../shared/bench/build.sh (next to the repository) (`produce`, `consume`) for the reference figures.
struct KafkaBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Produce and consume throughput of Inlet's Kafka client next to librdkafka's, in one run.")

    @Option(help: "The broker, host:port.")
    var bootstrap: String

    @Option(help: "Records per run.")
    var records: Int = 1_000_000

    @Option(help: "Value size in bytes.")
    var size: Int = 100

    @Option(help: "Partitions of the benchmark topics.")
    var partitions: Int32 = 1

    @Option(help: "Compression codec for producing: none, gzip, snappy, lz4, zstd.")
    var codec: String = "none"

    @Option(help: "Produce requests in flight per partition (Inlet's producer).")
    var maxInFlight: Int = KafkaProducerConfiguration().maxInFlightPerPartition

    @Flag(help: "Only produce (to profile the producer).")
    var produceOnly = false

    @Option(help: "Folder with librdkafka's `produce` and `consume` programs (from ../shared/bench/build.sh).")
    var librdkafka: String?

    struct Figure {
        var records: Int
        var seconds: Double
        var recordsPerSecond: Double { Double(records) / seconds }
        var megabytesPerSecond: Double = 0
        /// User + system CPU seconds of the client (Inlet's process, or librdkafka's program).
        var cpuSeconds: Double?
    }

    func run() async throws {
        try await reportingErrors {
            guard let compression = CompressionCodec(name: codec) else {
                throw KafkaClientError(.configuration, "--codec \(codec) is not one of none, gzip, snappy, lz4, zstd")
            }
            let broker = try KafkaConfiguration.parseBroker(bootstrap)
            let cluster = try KafkaCluster(configuration: KafkaConfiguration(bootstrapBrokers: [broker]))
            let admin = KafkaAdmin(cluster: cluster)
            let stamp = "\(ProcessInfo.processInfo.processIdentifier)-\(Int(Date().timeIntervalSince1970))"
            let inletTopic = "bench-inlet-\(stamp)"
            let rdkTopic = "bench-rdk-\(stamp)"
            try await admin.createTopics([
                .init(name: inletTopic, partitions: partitions), .init(name: rdkTopic, partitions: partitions),
            ])

            print("records=\(records) size=\(size) partitions=\(partitions) codec=\(codec) broker=\(bootstrap)")
            let inletProduce = try await produceWithInlet(cluster: cluster, topic: inletTopic, codec: compression)
            if produceOnly {
                report("produce", inlet: inletProduce, librdkafka: nil)
                await cluster.shutdown()
                return
            }
            let rdkProduce = try librdkafka.map {
                try runRdkafka($0, ["produce", bootstrap, rdkTopic, "\(records)", "\(size)", codec])
            }
            // Both consumers read what librdkafka produced (or Inlet's topic when librdkafka is absent).
            let source = rdkProduce == nil ? inletTopic : rdkTopic
            let inletConsume = try await Self.consumeWithInlet(cluster: cluster, topic: source, records: records)
            let rdkConsume = try librdkafka.map { try runRdkafka($0, ["consume", bootstrap, source, "\(records)"]) }
            report("produce", inlet: inletProduce, librdkafka: rdkProduce)
            report("consume", inlet: inletConsume, librdkafka: rdkConsume)
            try? await admin.deleteTopics([inletTopic, rdkTopic])
            await cluster.shutdown()
        }
    }

    private func produceWithInlet(cluster: KafkaCluster, topic: String, codec: CompressionCodec) async throws
        -> Figure
    {
        let producer = KafkaProducer(
            cluster: cluster,
            configuration: .init(
                acks: .all, linger: .milliseconds(5), compression: codec,
                partitioner: .roundRobin, maxInFlightPerPartition: maxInFlight))
        // Option values are read through ArgumentParser's property wrapper (generic metadata on every access):
        // read them once, so the loop measures the producer and not the parser.
        let size = size
        let records = records
        var template = [UInt8](repeating: UInt8(ascii: "x"), count: size)
        let cpuStart = BenchFigures.cpuSeconds()
        let start = DispatchTime.now()
        var batch: [KafkaProducerMessage] = []
        batch.reserveCapacity(1000)
        var digits = [UInt8](repeating: 0, count: 20)
        for i in 0..<records {
            BenchFigures.writeRecordValue(i, into: &template, digits: &digits)
            batch.append(KafkaProducerMessage(topic: topic, value: ByteBuffer(bytes: template)))
            if batch.count == 1000 {
                try await producer.send(contentsOf: batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        try await producer.send(contentsOf: batch)
        let acknowledged = try await producer.flush()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        guard acknowledged == records else {
            throw KafkaClientError(.broker, "only \(acknowledged) of \(records) records were acknowledged")
        }
        return Figure(
            records: records, seconds: seconds, megabytesPerSecond: Double(records * size) / seconds / 1e6,
            cpuSeconds: BenchFigures.cpuSeconds() - cpuStart)
    }

    /// Reads `records` records of `topic` from the beginning with Inlet's consumer (`inlet bench ingest` too).
    static func consumeWithInlet(cluster: KafkaCluster, topic: String, records: Int) async throws -> Figure {
        let consumer = KafkaConsumer(cluster: cluster, configuration: .init(topic: topic, startOffset: .earliest))
        var count = 0
        var bytes = 0
        // Timed from the start (metadata and ListOffsets included): a fetch can hold a large share of all
        // records, so timing from the first record would leave out most of the work.
        let start = DispatchTime.now()
        while count < records, let chunk = try await consumer.nextChunk() {
            for record in chunk { bytes += record.value?.readableBytes ?? 0 }
            count += chunk.count
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        consumer.stop()
        return Figure(records: count, seconds: seconds, megabytesPerSecond: Double(bytes) / seconds / 1e6)
    }

    /// Runs one of librdkafka's programs; they print "records seconds records_per_s MB_per_s".
    private func runRdkafka(_ folder: String, _ arguments: [String]) throws -> Figure {
        let cpuStart = BenchFigures.cpuSeconds(children: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: folder).appendingPathComponent(arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let fields = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard process.terminationStatus == 0, fields.count >= 4, let n = Int(fields[0]), let s = Double(fields[1]),
            let mb = Double(fields[3])
        else {
            throw KafkaClientError(
                .configuration, "librdkafka's \(arguments[0]) failed (status \(process.terminationStatus))")
        }
        return Figure(
            records: n, seconds: s, megabytesPerSecond: mb,
            cpuSeconds: BenchFigures.cpuSeconds(children: true) - cpuStart)
    }

    private func report(_ what: String, inlet: Figure, librdkafka: Figure?) {
        let fixed = BenchFigures.fixed
        func pad(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }
        func line(_ name: String, _ f: Figure) -> String {
            "\(what) \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(pad(String(f.records), 9)) records "
                + "\(pad(fixed(f.seconds, 3), 8)) s \(pad(fixed(f.recordsPerSecond, 0), 10)) records/s "
                + "\(pad(fixed(f.megabytesPerSecond, 1), 7)) MB/s"
                + (f.cpuSeconds.map { " cpu \(fixed($0, 2)) s = \(fixed($0 / Double(f.records) * 1e9, 0)) ns/record" }
                    ?? "")
        }
        print(line("inlet", inlet))
        if let librdkafka {
            print(line("librdkafka", librdkafka))
            print("\(what) ratio inlet/librdkafka \(fixed(inlet.recordsPerSecond / librdkafka.recordsPerSecond, 2))")
        }
    }
}
