import Foundation
import KafkaWire
import NIOCore
import Testing

/// librdkafka's uncompressed batch, recompressed by the Java codec libraries the Kafka Java client uses.
///
/// `Fixtures/records/JavaCodecs.java` wrote these with GZIPOutputStream, snappy-java's SnappyOutputStream (framed,
/// several blocks), zstd-jni's streaming ZstdOutputStream (no content size) and lz4-java's frame stream, and
/// java.util.zip.CRC32C; the records must be exactly those of `librdkafka-none.json`.
@Suite struct RecordsJavaCodecsTests {
    @Test(arguments: [CompressionCodec.gzip, .snappy, .lz4, .zstd])
    func decodesJavaCompressedBatch(_ codec: CompressionCodec) throws {
        let blob = ByteBuffer(bytes: try RecordsLibrdkafkaTests.fixture("java-\(codec.name)", "bin"))
        let expected = try JSONDecoder().decode(
            RecordsLibrdkafkaTests.Expected.self, from: try RecordsLibrdkafkaTests.fixture("librdkafka-none", "json"))
        if codec == .snappy {
            // snappy-java frames its blocks behind the magic header; librdkafka never does.
            let magic = blob.getBytes(at: RecordBatchHeader.size, length: 8)
            #expect(magic == [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00])
        }

        var reader = RecordBatchReader(blob, context: RecordBatchContext(topic: "java-\(codec.name)", partition: 0))
        let batch = try #require(try reader.next())
        #expect(reader.remainingBytes == 0)
        #expect(batch.header.attributes.compression == codec)
        #expect(batch.records.count == expected.records.count)
        for (want, got) in zip(expected.records, batch.records) {
            #expect(got.offset == want.offset)
            #expect(got.timestamp == want.timestamp)
            #expect(got.key.map { Array($0.readableBytesView) } == RecordsLibrdkafkaTests.bytes(want.key))
            #expect(got.value.map { Array($0.readableBytesView) } == RecordsLibrdkafkaTests.bytes(want.value))
            #expect(got.headers.map(\.key) == want.headers.map(\.key))
        }
    }
}
