import ArgumentParser
import Foundation
import KafkaClient
import NIOCore

/// `inlet kafka consume`: prints one record per line (the value's bytes as they are, or JSON) and exits after
/// `--count` records.
struct KafkaConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Print records of a topic, one per line, from the beginning, an offset, a timestamp or the end.")

    @OptionGroup var connection: KafkaConnectionOptions

    @Option(help: "The topic to read.")
    var topic: String

    @Flag(help: "Start at the oldest record of each partition.")
    var fromBeginning = false

    @Option(help: "Start at this offset in each partition.")
    var offset: Int64?

    @Option(help: "Start at the first record at or after this time (milliseconds since the epoch).")
    var timestamp: Int64?

    @Option(help: "Only this partition (repeatable); all partitions when omitted.")
    var partition: [Int32] = []

    @Option(help: "Exit after this many records.")
    var count: Int?

    @Option(help: "value (one value per line) or json (key, partition, offset, timestamp, headers, value).")
    var format: String = "value"

    func validate() throws {
        if [fromBeginning, offset != nil, timestamp != nil].filter({ $0 }).count > 1 {
            throw ValidationError("give only one of --from-beginning, --offset, --timestamp")
        }
        if format != "value" && format != "json" { throw ValidationError("--format is value or json") }
    }

    func run() async throws {
        try await reportingErrors {
            let start: KafkaStartOffset =
                if fromBeginning { .earliest } else if let offset { .offset(offset) } else if let timestamp {
                    .timestamp(timestamp)
                } else { .latest }
            let cluster = try KafkaCluster(configuration: try connection.makeConfiguration())
            let consumer = KafkaConsumer(
                cluster: cluster,
                configuration: .init(topic: topic, partitions: partition.isEmpty ? nil : partition, startOffset: start))
            var printed = 0
            // Values go out as their bytes, a chunk at a time: no string per record. The options are read once
            // (a property wrapper read per record costs more than the record).
            var output = ByteBuffer()
            let json = format == "json"
            let count = count
            do {
                if count == 0 {
                    await cluster.shutdown()
                    return
                }
                chunks: while let chunk = try await consumer.nextChunk() {
                    for index in chunk.indices {
                        if json {
                            output.writeString(Self.json(chunk[index]))
                        } else if let value = chunk[index].record.value {
                            output.writeImmutableBuffer(value)
                        }
                        output.writeInteger(UInt8(ascii: "\n"))
                        printed += 1
                        if let count, printed >= count { break chunks }
                    }
                    Self.writeToStandardOutput(&output)
                }
                Self.writeToStandardOutput(&output)
            } catch {
                Self.writeToStandardOutput(&output)
                consumer.stop()
                await cluster.shutdown()
                throw error
            }
            consumer.stop()
            await cluster.shutdown()
        }
    }

    /// Writes what `output` holds to standard output and empties it.
    static func writeToStandardOutput(_ output: inout ByteBuffer) {
        guard output.readableBytes > 0 else { return }
        output.withUnsafeReadableBytes { bytes in
            FileHandle.standardOutput.write(
                Data(
                    bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes.baseAddress!), count: bytes.count,
                    deallocator: .none))
        }
        output.clear()
    }

    static func json(_ record: KafkaConsumerRecord) -> String {
        var object: [String: Any] = [
            "topic": record.topic, "partition": Int(record.partition), "offset": Int(record.offset),
            "timestamp": Int(record.timestamp),
            "key": record.key.map { String(buffer: $0) } ?? NSNull(),
            "value": record.value.map { String(buffer: $0) } ?? NSNull(),
        ]
        object["headers"] = record.headers.map { header -> [String: Any] in
            ["key": header.key, "value": header.value.map { String(buffer: $0) } ?? NSNull()]
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
