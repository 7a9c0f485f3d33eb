import Foundation
import KafkaWire
import NIOCore
import Testing

/// Batches exactly as librdkafka (confluent-kafka 2.16) sent them in Produce requests, one per codec.
///
/// Captured by `Fixtures/records/capture.py` (a proxy in front of tansu, see its docstring); the JSON next to each
/// blob lists what the Python producer was asked to send, so the expectations do not come from Inlet.
@Suite struct RecordsLibrdkafkaTests {
    struct Expected: Decodable {
        struct Header: Decodable {
            var key: String
            var value: String?
        }

        struct Record: Decodable {
            var offset: Int64
            var timestamp: Int64
            var key: String?
            var value: String?
            var headers: [Header]
        }

        var producer: String
        var codec: String
        var records: [Record]
    }

    static func fixture(_ name: String, _ ext: String) throws -> Data {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures/records"),
            "fixture \(name).\(ext) is missing; run Tests/KafkaWireTests/Fixtures/records/capture.py")
        return try Data(contentsOf: url)
    }

    static func bytes(_ hex: String?) -> [UInt8]? {
        guard let hex else { return nil }
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }

    @Test(arguments: CompressionCodec.allSupported)
    func decodesLibrdkafkaBatch(_ codec: CompressionCodec) throws {
        let blob = ByteBuffer(bytes: try Self.fixture("librdkafka-\(codec.name)", "bin"))
        let expected = try JSONDecoder().decode(
            Expected.self, from: try Self.fixture("librdkafka-\(codec.name)", "json"))
        #expect(expected.codec == codec.name)

        var reader = RecordBatchReader(blob, context: RecordBatchContext(topic: "records-\(codec.name)", partition: 0))
        let batch = try #require(try reader.next())
        #expect(try reader.next() == nil)
        #expect(reader.remainingBytes == 0)
        #expect(batch.header.attributes.compression == codec)
        #expect(batch.header.producerId == -1)
        #expect(batch.header.recordCount == Int32(expected.records.count))
        #expect(batch.header.maxTimestamp == expected.records.map(\.timestamp).max())

        #expect(batch.records.count == expected.records.count)
        for (want, got) in zip(expected.records, batch.records) {
            #expect(got.offset == want.offset)
            #expect(got.timestamp == want.timestamp)
            #expect(got.key.map { Array($0.readableBytesView) } == Self.bytes(want.key))
            #expect(got.value.map { Array($0.readableBytesView) } == Self.bytes(want.value))
            #expect(got.headers.map(\.key) == want.headers.map(\.key))
            #expect(
                got.headers.map { $0.value.map { Array($0.readableBytesView) } }
                    == want.headers.map { Self.bytes($0.value) })
        }
    }

    /// Re-encoding librdkafka's records uncompressed gives librdkafka's uncompressed batch byte for byte
    /// (apart from the partition leader epoch, which librdkafka sets to 0 and a produce batch leaves at -1).
    @Test func builderMatchesLibrdkafkaUncompressedBytes() throws {
        let blob = ByteBuffer(bytes: try Self.fixture("librdkafka-none", "bin"))
        var reader = RecordBatchReader(blob, context: RecordBatchContext(topic: "records-none", partition: 0))
        let batch = try #require(try reader.next())
        var builder = RecordBatchBuilder(compression: .none)
        builder.partitionLeaderEpoch = batch.header.partitionLeaderEpoch
        for record in batch.records {
            builder.append(key: record.key, value: record.value, headers: record.headers, timestamp: record.timestamp)
        }
        #expect(Array(try builder.build().readableBytesView) == Array(blob.readableBytesView))
    }
}
