import NIOCore
import Testing

@testable import KafkaWire

@Suite struct RecordsRoundTripTests {
    @Test(arguments: CompressionCodec.allSupported)
    func variedRecordsRoundTrip(_ codec: CompressionCodec) throws {
        let blob = try RecordsFixtures.batch(RecordsFixtures.varied, codec: codec, baseOffset: 500)
        var reader = RecordBatchReader(blob, context: RecordsFixtures.context)
        let fetched = try reader.readAll()
        #expect(fetched.records.count == RecordsFixtures.varied.count)
        for (index, (expected, record)) in zip(RecordsFixtures.varied, fetched.records).enumerated() {
            #expect(expected.matches(record), "record \(index) with \(codec)")
            #expect(record.offset == 500 + Int64(index))
            #expect(record.timestampType == .createTime)
        }
        #expect(fetched.nextOffset == 500 + Int64(RecordsFixtures.varied.count))
        #expect(fetched.bytesConsumed == blob.readableBytes)
        #expect(fetched.truncatedBytes == 0)
        #expect(fetched.incompleteBatchSize == nil)
    }

    @Test(arguments: CompressionCodec.allSupported)
    func headerFieldsOfAProducerBatch(_ codec: CompressionCodec) throws {
        let blob = try RecordsFixtures.batch(RecordsFixtures.varied, codec: codec)
        var reader = RecordBatchReader(blob, context: RecordsFixtures.context)
        let batch = try #require(try reader.next())
        let header = batch.header
        #expect(header.magic == 2)
        #expect(header.baseOffset == 0)
        #expect(header.totalSize == blob.readableBytes)
        #expect(header.attributes.compression == codec)
        #expect(!header.attributes.isTransactional && !header.attributes.isControl)
        #expect(header.lastOffsetDelta == Int32(RecordsFixtures.varied.count - 1))
        #expect(header.recordCount == Int32(RecordsFixtures.varied.count))
        #expect(header.baseTimestamp == 1000)  // the first record's, even though a later one is earlier
        #expect(header.maxTimestamp == 5000)
        #expect(header.producerId == -1 && header.producerEpoch == -1 && header.baseSequence == -1)
        #expect(header.partitionLeaderEpoch == -1)
        #expect(try reader.next() == nil)
    }

    /// Many records: several LZ4 blocks, zstd and gzip streams larger than the first output guess.
    @Test(arguments: CompressionCodec.allSupported)
    func largeBatchRoundTrips(_ codec: CompressionCodec) throws {
        var generator = SplitMix64(seed: UInt64(codec.rawValue))
        var records: [TestRecord] = []
        for i in 0..<3000 {
            var value: [UInt8] = []
            for _ in 0..<(i % 300) { value.append(UInt8(truncatingIfNeeded: generator.next() % 4)) }
            let headers: [(String, [UInt8]?)] = i % 5 == 0 ? [("n", Array("\(i)".utf8))] : []
            let timestamp: Int64 = 1_700_000_000_000 + Int64(i)
            records.append(
                TestRecord(key: Array("key-\(i % 17)".utf8), value: value, headers: headers, timestamp: timestamp))
        }
        let blob = try RecordsFixtures.batch(records, codec: codec)
        var reader = RecordBatchReader(blob, context: RecordsFixtures.context)
        let fetched = try reader.readAll()
        #expect(fetched.records.count == records.count)
        #expect(zip(records, fetched.records).allSatisfy { $0.matches($1) })
        #expect(fetched.records.last?.offset == 2999)
    }

    @Test func logAppendTimeUsesTheBatchMaxTimestamp() throws {
        let blob = try RecordsFixtures.batch(RecordsFixtures.varied, codec: .none) { $0.timestampType = .logAppendTime }
        var reader = RecordBatchReader(blob, context: RecordsFixtures.context)
        let records = try reader.readAll().records
        #expect(records.allSatisfy { $0.timestamp == 5000 && $0.timestampType == .logAppendTime })
    }

    @Test func transactionalDataBatchesAreReturned() throws {
        let blob = try RecordsFixtures.batch(RecordsFixtures.varied, codec: .zstd) {
            $0.isTransactional = true
            $0.producerId = 77
            $0.producerEpoch = 2
            $0.baseSequence = 10
        }
        var reader = RecordBatchReader(blob, context: RecordsFixtures.context)
        let batch = try #require(try reader.next())
        #expect(batch.header.attributes.isTransactional)
        #expect(batch.header.producerId == 77 && batch.header.producerEpoch == 2 && batch.header.baseSequence == 10)
        #expect(batch.records.count == RecordsFixtures.varied.count)
    }

    @Test func emptyBlobReadsNothing() throws {
        var reader = RecordBatchReader(ByteBuffer(), context: RecordsFixtures.context)
        let fetched = try reader.readAll()
        #expect(fetched.records.isEmpty && fetched.nextOffset == nil && fetched.batchCount == 0)
    }

    /// The bytes a builder writes are the ones a reader read: re-encoding a decoded batch's records is stable.
    @Test func builderOutputIsDeterministic() throws {
        let first = try RecordsFixtures.batch(RecordsFixtures.varied, codec: .none)
        let second = try RecordsFixtures.batch(RecordsFixtures.varied, codec: .none)
        #expect(first == second)
        var reader = RecordBatchReader(first, context: RecordsFixtures.context)
        let decoded = try reader.readAll().records
        var builder = RecordBatchBuilder()
        for record in decoded {
            builder.append(key: record.key, value: record.value, headers: record.headers, timestamp: record.timestamp)
        }
        #expect(try builder.build() == first)
    }

    @Test func codecNames() {
        #expect(CompressionCodec(name: "ZSTD") == .zstd)
        #expect(CompressionCodec(name: "brotli") == nil)
        #expect(CompressionCodec.allSupported.map(\.name) == ["none", "gzip", "snappy", "lz4", "zstd"])
        #expect(!CompressionCodec(rawValue: 5).isSupported)
    }
}
