import KafkaWire
import NIOCore
import Testing

@testable import KafkaClient

/// What the consumer makes of one partition's records blob: records from the fetch offset on, the offset to fetch
/// next, and for a batch that does not parse, the records before it and an error naming the place.
@Suite struct ConsumerDecodeTests {
    private func batch(base: Int64, count: Int) throws -> ByteBuffer {
        var builder = RecordBatchBuilder(compression: .none)
        builder.baseOffset = base
        for i in 0..<count {
            builder.append(
                key: i % 2 == 0 ? nil : ByteBuffer(string: "k\(i)"), value: ByteBuffer(string: "v\(base + Int64(i))"),
                headers: i == 1 ? [RecordHeader(key: "h", value: ByteBuffer(string: "x"))] : [],
                timestamp: 1_700_000_000_000 + Int64(i))
        }
        return try builder.build()
    }

    @Test func recordsFromTheFetchOffsetOnWithTheirPlace() throws {
        var blob = try batch(base: 10, count: 5)
        var second = try batch(base: 15, count: 3)
        blob.writeBuffer(&second)
        let decoded = KafkaConsumer.decode(blob, topic: "orders", partition: 3, from: 12)
        #expect(decoded.error == nil && decoded.batches == 2 && decoded.nextOffset == 18)
        #expect(decoded.records.map(\.offset) == Array(12..<18))
        #expect(decoded.records.allSatisfy { $0.topic == "orders" && $0.partition == 3 })
        #expect(decoded.records.map { String(buffer: $0.value!) } == (12..<18).map { "v\($0)" })
        #expect(decoded.records[0].key == nil && decoded.records[1].key == ByteBuffer(string: "k3"))
        #expect(
            decoded.records.first { $0.offset == 16 }?.headers == [
                RecordHeader(key: "h", value: ByteBuffer(string: "x"))
            ])
        #expect(decoded.records[0].timestamp == 1_700_000_000_002)
    }

    @Test func aMalformedBatchKeepsNoneOfItsRecords() throws {
        var blob = try batch(base: 0, count: 4)
        // The second batch declares one record more than it holds, under a valid CRC.
        var bad = try batch(base: 4, count: 3)
        bad.setInteger(Int32(4), at: 57)
        let crc = bad.withUnsafeReadableBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[21...])) }
        bad.setInteger(crc, at: 17)
        blob.writeBuffer(&bad)
        let decoded = KafkaConsumer.decode(blob, topic: "orders", partition: 1, from: 0)
        #expect(decoded.records.map(\.offset) == [0, 1, 2, 3])
        #expect(decoded.nextOffset == 4)
        let error = try #require(decoded.error)
        #expect(error.code == .corruptRecord)
        #expect(error.message.contains("topic orders partition 1 at offset 4"), "\(error.message)")
    }
}
