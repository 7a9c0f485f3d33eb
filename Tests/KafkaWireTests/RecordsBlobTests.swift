import NIOCore
import Testing

@testable import KafkaWire

/// Blobs as Fetch returns them: several batches, control batches, compaction gaps, a cut-off tail.
@Suite struct RecordsBlobTests {
    static func threeBatches() throws -> (blob: ByteBuffer, ends: [Int]) {
        let a = try RecordsFixtures.batch(Array(RecordsFixtures.varied.prefix(3)), codec: .gzip, baseOffset: 0)
        let b = try RecordsFixtures.batch(Array(RecordsFixtures.varied.suffix(3)), codec: .lz4, baseOffset: 3)
        let c = try RecordsFixtures.batch(RecordsFixtures.varied, codec: .none, baseOffset: 6)
        let ends = [
            a.readableBytes, a.readableBytes + b.readableBytes, a.readableBytes + b.readableBytes + c.readableBytes,
        ]
        return (RecordsFixtures.concat([a, b, c]), ends)
    }

    @Test func everyTruncationStopsCleanlyAtABatchBoundary() throws {
        let (blob, ends) = try Self.threeBatches()
        for cut in 0...blob.readableBytes {
            var reader = RecordBatchReader(blob.getSlice(at: 0, length: cut)!, context: RecordsFixtures.context)
            let fetched = try reader.readAll()
            let complete = ends.filter { $0 <= cut }.count
            #expect(fetched.batchCount == complete, "cut at \(cut)")
            #expect(fetched.bytesConsumed == (complete == 0 ? 0 : ends[complete - 1]))
            #expect(fetched.truncatedBytes == cut - fetched.bytesConsumed)
            #expect(fetched.records.count == [0, 3, 6, 12][complete])
            #expect(fetched.nextOffset == [nil, 3, 6, 12][complete])
            if fetched.truncatedBytes >= 12 {
                let batchSize = ends[complete] - (complete == 0 ? 0 : ends[complete - 1])
                #expect(fetched.incompleteBatchSize == batchSize)
            }
        }
    }

    @Test func controlBatchesAreSkippedButAdvanceTheOffset() throws {
        let data1 = try RecordsFixtures.batch(Array(RecordsFixtures.varied.prefix(2)), codec: .snappy, baseOffset: 10) {
            $0.isTransactional = true
            $0.producerId = 9
        }
        // A commit marker: key = version 0, type 1 (commit); value = version 0, coordinator epoch 5.
        let marker = try RecordsFixtures.batch(
            [TestRecord(key: [0, 0, 0, 1], value: [0, 0, 0, 0, 0, 5], timestamp: 2000)], codec: .none, baseOffset: 12
        ) {
            $0.isTransactional = true
            $0.isControl = true
            $0.producerId = 9
        }
        let data2 = try RecordsFixtures.batch(Array(RecordsFixtures.varied.suffix(1)), codec: .none, baseOffset: 13)

        var reader = RecordBatchReader(
            RecordsFixtures.concat([data1, marker, data2]), context: RecordsFixtures.context)
        let fetched = try reader.readAll()
        #expect(fetched.records.map(\.offset) == [10, 11, 13])
        #expect(fetched.controlBatchCount == 1 && fetched.batchCount == 3)
        #expect(fetched.nextOffset == 14)

        // A fetch that ends on the marker still moves the consumer past it.
        var markerOnly = RecordBatchReader(marker, context: RecordsFixtures.context)
        let batch = try #require(try markerOnly.next())
        #expect(batch.isControl && batch.records.isEmpty)
        #expect(batch.header.lastOffset == 12 && batch.header.nextOffset == 13)
    }

    @Test func compactedBatchesWithOffsetGaps() throws {
        // Offsets 100, 103, 107 remain of 100...109; the batch still ends at 109.
        let blob = try RecordsFixtures.handmadeBatch(
            baseOffset: 100, lastOffsetDelta: 9, baseTimestamp: 50_000,
            records: [(0, 0, Array("a".utf8), nil), (3, 30, Array("b".utf8), [1]), (7, -20, nil, [2])],
            attributes: RecordBatchAttributes(compression: .zstd))
        var reader = RecordBatchReader(blob, context: RecordsFixtures.context)
        let fetched = try reader.readAll()
        #expect(fetched.records.map(\.offset) == [100, 103, 107])
        #expect(fetched.records.map(\.timestamp) == [50_000, 50_030, 49_980])
        #expect(fetched.nextOffset == 110)

        // A batch compacted down to no records at all (allowed in v2) still advances the offset.
        let empty = try RecordsFixtures.handmadeBatch(
            baseOffset: 110, lastOffsetDelta: 4, baseTimestamp: 0, records: [])
        var emptyReader = RecordBatchReader(empty, context: RecordsFixtures.context)
        let none = try emptyReader.readAll()
        #expect(none.records.isEmpty && none.nextOffset == 115)

        // Even when the emptied batch still names a codec, with an empty records section.
        var emptyZstd = empty
        emptyZstd.setInteger(RecordBatchAttributes(compression: .zstd).rawValue, at: 21)
        var zstdReader = RecordBatchReader(RecordsFixtures.resealed(emptyZstd), context: RecordsFixtures.context)
        #expect(try zstdReader.readAll().nextOffset == 115)
    }

    @Test func recordsSliceTheFetchBufferWhenUncompressed() throws {
        let blob = try RecordsFixtures.batch(RecordsFixtures.varied, codec: .none)
        var reader = RecordBatchReader(blob, context: RecordsFixtures.context)
        let value = try #require(try reader.readAll().records.first?.value)
        let sameStorage = blob.withUnsafeReadableBytes { whole in
            value.withUnsafeReadableBytes { part in
                part.baseAddress! >= whole.baseAddress! && part.baseAddress! < whole.baseAddress! + whole.count
            }
        }
        #expect(sameStorage)
    }
}
