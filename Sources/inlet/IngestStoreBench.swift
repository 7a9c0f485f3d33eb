import Foundation
import Ingest
import KafkaClient
import NIOCore
import SQL
import Storage

/// The CREATE SOURCE statements of `inlet bench ingest`; the store-only run plans its relation from the same text.
enum IngestBenchSQL {
    static let connection = "bench_kafka"

    static func createSource(_ name: String, topic: String, upsert: Bool) -> String {
        "CREATE SOURCE \(name) FROM KAFKA CONNECTION \(connection) (TOPIC '\(topic)') "
            + (upsert ? "KEY FORMAT TEXT VALUE FORMAT TEXT ENVELOPE UPSERT" : "FORMAT TEXT")
    }

    /// The record key of record `index` in the UPSERT topic.
    static func key(_ index: Int, keys: Int) -> String { "key-\(index % keys)" }
}

/// The store's own limit: the rows a source would write (same relation, same values, batches of the runtime's
/// size with offsets per partition) committed by `SQLiteSourceStore` with no Kafka and no decoding in the loop.
///
/// As in the runtime, the next batch is built while the store commits the previous one, and the wall clock runs
/// from the first commit's start to the last one's end: it counts the commits together with the checkpoints that
/// run beside them, which is what the store sustains. (Timing only the commits, with each batch built in an
/// untimed gap, left the checkpoints those gaps and overstated the limit by about half; building every batch
/// first left the values out of the caches, which a source's freshly fetched records are not.)
struct IngestStoreBench {
    let settings: IngestBenchSettings
    let partitions: Int32

    func run(upsert: Bool) async throws -> KafkaBenchCommand.Figure {
        let parsed = try Parser.parseOne(IngestBenchSQL.createSource("store_bench", topic: "bench", upsert: upsert))
        guard case .createSource(let create) = parsed.statement, let spec = create.output else {
            throw BenchFailure("the benchmark's CREATE SOURCE did not plan as a source with a format")
        }
        let definition = try SourceOutputDefinition.plan(name: create.name, spec: spec, columnNames: [])
        let output = SourceSpec.Output(id: "u2", definition: definition)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "inlet-store-\(settings.stamp)-p\(partitions)-\(upsert ? "upsert" : "none")")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteSourceStore(path: directory.appendingPathComponent("u1.sqlite").path)
        try await store.prepare(
            SourceLayout(sourceID: "u1", outputs: [output.layout], progressName: "store_bench_progress"))

        let records = settings.records
        let keys = settings.keys
        let partitionCount = Int(partitions)
        var template = [UInt8](repeating: UInt8(ascii: "x"), count: settings.size)
        var digits = [UInt8](repeating: 0, count: 20)
        var nextOffsets = [Int64](repeating: 0, count: partitionCount)
        var roundRobin = 0
        var inFlight: Task<Void, any Error>?
        var start: ContinuousClock.Instant?
        var cpuStart = 0.0
        var index = 0
        while index < records {
            var changes = OutputChanges()
            let width = definition.columns.count
            changes.reserveCapacity(changes: settings.batchRecords, values: settings.batchRecords * width)
            var offsets: [Int32: Int64] = [:]
            let range = index..<min(records, index + settings.batchRecords)
            // The batch's values in one buffer, as a fetch response holds its records' bytes.
            var bytes = ByteBuffer()
            bytes.reserveCapacity(range.count * settings.size)
            for i in range {
                BenchFigures.writeRecordValue(i, into: &template, digits: &digits)
                bytes.writeBytes(template)
            }
            for i in range {
                // As the runtime's TEXT decoder hands them over: a slice of the fetched bytes, validated, not a
                // String.
                let value = Datum.textBytes(
                    bytes.getSlice(at: (i - index) * settings.size, length: settings.size) ?? ByteBuffer())
                let partition: Int32
                if upsert {
                    let key = IngestBenchSQL.key(i, keys: keys)
                    partition = KafkaPartitioner.murmur2.partition(
                        key: ByteBuffer(string: key), partitionCount: partitionCount, counter: &roundRobin)
                    Self.append(definition, key: .textBytes(ByteBuffer(string: key)), value: value, to: &changes)
                    changes.endChange(.upsert)
                } else {
                    partition = Int32(i % partitionCount)
                    Self.append(definition, key: .null, value: value, to: &changes)
                    changes.endChange(.insert)
                }
                nextOffsets[Int(partition)] += 1
                offsets[partition] = nextOffsets[Int(partition)]
            }
            index += changes.kinds.count
            let batch = SourceBatch(outputs: [output.id: changes], offsets: [output.id: offsets])
            try await inFlight?.value
            if start == nil {
                cpuStart = BenchFigures.cpuSeconds()
                start = .now
            }
            inFlight = Task { try await store.commit(batch) }
        }
        try await inFlight?.value
        let seconds = BenchFigures.seconds(ContinuousClock.now - (start ?? .now))
        let cpuSeconds = BenchFigures.cpuSeconds() - cpuStart
        return KafkaBenchCommand.Figure(
            records: records, seconds: seconds, megabytesPerSecond: Double(records * settings.size) / seconds / 1e6,
            cpuSeconds: cpuSeconds)
    }

    /// The row's values in the relation's planned column order, as the runtime's decoder appends them.
    static func append(_ definition: SourceOutputDefinition, key: Datum, value: Datum, to changes: inout OutputChanges)
    {
        for planned in definition.columns {
            switch planned.source {
            case .key: changes.append(key)
            case .value: changes.append(value)
            default: changes.append(.null)
            }
        }
    }
}
