import NIOCore
import Testing

@testable import KafkaWire

/// snappy-java's framing (what the Java producer writes) next to raw snappy (what librdkafka writes).
@Suite struct RecordsSnappyFramingTests {
    /// Frames raw snappy blocks the way snappy-java's SnappyOutputStream does.
    static func xerial(_ blocks: [ByteBuffer]) -> ByteBuffer {
        var out = ByteBuffer(bytes: SnappyCodec.xerialMagic)
        out.writeInteger(Int32(1))
        out.writeInteger(Int32(1))
        for var block in blocks {
            out.writeInteger(Int32(block.readableBytes))
            out.writeBuffer(&block)
        }
        return out
    }

    @Test func readsXerialFramedSections() throws {
        var body = ByteBuffer()
        for (i, r) in RecordsFixtures.varied.enumerated() {
            KafkaRecord.write(
                into: &body, timestampDelta: r.timestamp - 1000, offsetDelta: Int32(i),
                key: r.key.map { ByteBuffer(bytes: $0) }, value: r.value.map { ByteBuffer(bytes: $0) },
                headers: r.recordHeaders)
        }
        // Split into two blocks at an arbitrary point, as a 32 KB block size would for a larger batch.
        let first = body.getSlice(at: 0, length: 100)!
        let second = body.getSlice(at: 100, length: body.readableBytes - 100)!
        let framed = Self.xerial([
            try SnappyCodec.compress(first, allocator: .init()), try SnappyCodec.compress(second, allocator: .init()),
        ])
        #expect(SnappyCodec.isXerialFramed(framed))
        #expect(try SnappyCodec.decompress(framed, limit: 1 << 20, allocator: .init()) == body)

        let header = RecordBatchHeader(
            baseOffset: 40, batchLength: Int32(RecordBatchHeader.size - 12 + framed.readableBytes),
            partitionLeaderEpoch: 0, magic: 2, crc: 0, attributes: RecordBatchAttributes(compression: .snappy),
            lastOffsetDelta: 5, baseTimestamp: 1000, maxTimestamp: 5000, producerId: -1, producerEpoch: -1,
            baseSequence: -1, recordCount: 6)
        var batch = ByteBuffer()
        header.write(into: &batch)
        var section = framed
        batch.writeBuffer(&section)
        var reader = RecordBatchReader(RecordsFixtures.resealed(batch), context: RecordsFixtures.context)
        let records = try reader.readAll().records
        #expect(records.count == 6)
        #expect(zip(RecordsFixtures.varied, records).allSatisfy { $0.matches($1) })
        #expect(records.map(\.offset) == Array(40...45))
    }

    @Test func xerialBlockLengthsAreChecked() throws {
        var framed = Self.xerial([try SnappyCodec.compress(ByteBuffer(string: "hello"), allocator: .init())])
        framed.setInteger(Int32(1000), at: 16)
        #expect(throws: RecordBatchError.self) {
            try SnappyCodec.decompress(framed, limit: 1 << 20, allocator: .init())
        }
        let bounded = Self.xerial([
            try SnappyCodec.compress(ByteBuffer(repeating: 1, count: 1000), allocator: .init()),
            try SnappyCodec.compress(ByteBuffer(repeating: 2, count: 1000), allocator: .init()),
        ])
        #expect(throws: RecordBatchError.self) { try SnappyCodec.decompress(bounded, limit: 1500, allocator: .init()) }
    }
}
