import NIOCore
import Testing

@testable import KafkaWire

/// `finish()` builds the batch in place (the producer's path) and must give exactly the bytes `build()` gives.
@Suite struct RecordsBuilderFinishTests {
    private func filled(_ codec: CompressionCodec, _ records: [TestRecord]) -> RecordBatchBuilder {
        var builder = RecordBatchBuilder(compression: codec)
        for record in records {
            builder.append(
                key: record.key, value: record.value, headers: record.recordHeaders, timestamp: record.timestamp)
        }
        return builder
    }

    /// Records without headers take the single-write path; sizes cross the one- and two-byte varint limits,
    /// timestamps go backwards (negative deltas), keys and values are null, empty and large.
    static let headerless: [TestRecord] = [
        TestRecord(key: nil, value: Array(repeating: 0x61, count: 63), timestamp: 1_700_000_000_000),
        TestRecord(key: [], value: Array(repeating: 0x62, count: 64), timestamp: 1_699_999_999_000),
        TestRecord(key: Array("k".utf8), value: nil, timestamp: 1_700_000_000_001),
        TestRecord(key: Array(repeating: 7, count: 300), value: [], timestamp: 1_700_000_000_000),
        TestRecord(key: nil, value: Array(repeating: 0x63, count: 70_000), timestamp: 1_700_000_100_000),
    ]

    @Test(arguments: CompressionCodec.allSupported)
    func finishGivesTheBytesOfBuild(_ codec: CompressionCodec) throws {
        for records in [Self.headerless, RecordsFixtures.varied, Self.headerless + RecordsFixtures.varied] {
            var builder = filled(codec, records)
            let built = try builder.build()
            let finished = try builder.finish()
            #expect(built == finished, "\(codec): finish() differs from build()")
            var reader = RecordBatchReader(finished, context: RecordsFixtures.context)
            let read = try reader.readAll()
            #expect(read.records.count == records.count)
            for (index, (expected, record)) in zip(records, read.records).enumerated() {
                #expect(expected.matches(record), "record \(index) with \(codec)")
            }
        }
    }

    @Test func aFinishedBuilderIsEmptyAndStartsAFreshBatch() throws {
        var builder = filled(.none, Self.headerless)
        let first = try builder.finish()
        #expect(builder.isEmpty)
        #expect(builder.count == 0)
        #expect(builder.uncompressedSizeInBytes == RecordBatchHeader.size)
        builder.append(key: nil, value: ByteBuffer(string: "again"), timestamp: 42)
        var reader = RecordBatchReader(try builder.finish(), context: RecordsFixtures.context)
        let batch = try #require(try reader.next())
        #expect(batch.header.recordCount == 1)
        #expect(batch.header.baseTimestamp == 42)
        #expect(batch.records.first?.value == ByteBuffer(string: "again"))
        // The first batch is untouched by the second.
        var firstReader = RecordBatchReader(first, context: RecordsFixtures.context)
        #expect(try firstReader.readAll().records.count == Self.headerless.count)
    }

    @Test func uncompressedSizeIsTheFinishedSize() throws {
        var builder = filled(.none, Self.headerless + RecordsFixtures.varied)
        let size = builder.uncompressedSizeInBytes
        #expect(try builder.finish().readableBytes == size)
    }
}

/// `maximumGrowth` is what the producer checks before appending, so that a batch never outgrows its limit.
@Suite struct RecordsBuilderGrowthTests {
    @Test func maximumGrowthIsNeverBelowWhatAppendAdds() {
        var generator = SystemRandomNumberGenerator()
        var builder = RecordBatchBuilder()
        var timestamp: Int64 = 1_700_000_000_000
        for i in 0..<500 {
            let key = i % 5 == 0 ? nil : ByteBuffer(repeating: 1, count: Int.random(in: 0..<200, using: &generator))
            let value =
                i % 7 == 0 ? nil : ByteBuffer(repeating: 2, count: Int.random(in: 0..<70_000, using: &generator))
            let headers = (0..<(i % 3)).map { RecordHeader(key: "h\($0)", value: ByteBuffer(repeating: 3, count: $0)) }
            // Timestamps jump back and forth far from the first one, so deltas take many varint bytes.
            timestamp += Int64.random(in: -10_000_000_000...10_000_000_000, using: &generator)
            let bound = RecordBatchBuilder.maximumGrowth(key: key, value: value, headers: headers)
            let before = builder.uncompressedSizeInBytes
            builder.append(key: key, value: value, headers: headers, timestamp: timestamp)
            let grown = builder.uncompressedSizeInBytes - before
            #expect(grown <= bound, "record \(i) grew \(grown) bytes, bound \(bound)")
            #expect(bound - grown <= 36 + 8 * headers.count, "record \(i): the bound is loose by \(bound - grown)")
        }
    }
}
