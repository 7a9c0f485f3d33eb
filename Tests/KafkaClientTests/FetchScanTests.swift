import KafkaWire
import NIOCore
import Testing

@testable import KafkaClient

@Suite struct FetchScanTests {
    private func batch(base: Int64, count: Int, codec: CompressionCodec = .none) throws -> ByteBuffer {
        var builder = RecordBatchBuilder(compression: codec)
        builder.baseOffset = base
        for i in 0..<count {
            builder.append(key: nil, value: ByteBuffer(string: "v\(i)"), timestamp: 1_700_000_000_000)
        }
        return try builder.build()
    }

    @Test func findsTheOffsetAfterTheLastCompleteBatch() throws {
        var blob = try batch(base: 10, count: 5)
        var second = try batch(base: 15, count: 3, codec: .lz4)
        blob.writeBuffer(&second)
        #expect(RecordBatchReader.completeBatches(in: blob).nextOffset == 18)
        // A batch cut short by the fetch size limit does not count.
        let whole = blob.readableBytes
        var third = try batch(base: 18, count: 4)
        blob.writeBuffer(&third)
        #expect(RecordBatchReader.completeBatches(in: blob).nextOffset == 22)
        #expect(RecordBatchReader.completeBatches(in: blob).records == 12)
        #expect(RecordBatchReader.completeBatches(in: blob.getSlice(at: 0, length: whole + 30)!).nextOffset == 18)
        #expect(RecordBatchReader.completeBatches(in: blob.getSlice(at: 0, length: whole + 30)!).records == 8)
        #expect(RecordBatchReader.completeBatches(in: blob.getSlice(at: 0, length: 40)!).nextOffset == nil)
    }
}
