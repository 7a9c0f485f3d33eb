import Foundation
import KafkaWire
import NIOCore
import Testing

/// A partition log with transaction markers written by a real coordinator (tansu), fetched raw.
///
/// `Fixtures/records/capture_transactions.py`: a confluent-kafka transactional producer commits three records and
/// aborts one; tansu appends a commit marker (offset 3) and an abort marker (offset 5).
@Suite struct RecordsTransactionsTests {
    struct Expected: Decodable {
        struct Record: Decodable {
            var key: String
            var value: String
            var timestamp: Int64
        }

        var records: [Record]
    }

    static func load() throws -> (ByteBuffer, Expected) {
        let blob = ByteBuffer(bytes: try RecordsLibrdkafkaTests.fixture("tansu-transactions", "bin"))
        let expected = try JSONDecoder().decode(
            Expected.self, from: try RecordsLibrdkafkaTests.fixture("tansu-transactions", "json"))
        return (blob, expected)
    }

    @Test func markersAreSkippedAndTransactionalRecordsReturned() throws {
        let (blob, expected) = try Self.load()
        var reader = RecordBatchReader(blob, context: RecordBatchContext(topic: "txn", partition: 0))
        let fetched = try reader.readAll()
        #expect(fetched.batchCount == 4 && fetched.controlBatchCount == 2)
        #expect(fetched.records.map(\.offset) == [0, 1, 2, 4])
        #expect(fetched.nextOffset == 6)
        #expect(fetched.truncatedBytes == 0)
        for (want, got) in zip(expected.records, fetched.records) {
            #expect(got.key.map { Array($0.readableBytesView) } == RecordsLibrdkafkaTests.bytes(want.key))
            #expect(got.value.map { Array($0.readableBytesView) } == RecordsLibrdkafkaTests.bytes(want.value))
            #expect(got.timestamp == want.timestamp)
        }
    }

    @Test func batchByBatchTheMarkersCarryTheirOffsets() throws {
        let (blob, _) = try Self.load()
        var reader = RecordBatchReader(blob, context: RecordBatchContext(topic: "txn", partition: 0))
        var seen: [(control: Bool, transactional: Bool, last: Int64, producer: Int64)] = []
        while let batch = try reader.next() {
            seen.append(
                (
                    batch.isControl, batch.header.attributes.isTransactional, batch.header.lastOffset,
                    batch.header.producerId
                ))
            if batch.isControl { #expect(batch.records.isEmpty) }
        }
        #expect(seen.map(\.control) == [false, true, false, true])
        #expect(seen.allSatisfy { $0.transactional })
        #expect(seen.map(\.last) == [2, 3, 4, 5])
        #expect(Set(seen.map(\.producer)).count == 1)
    }

    @Test func fetchOffsetInsideABatchSkipsEarlierRecords() throws {
        let (blob, _) = try Self.load()
        var reader = RecordBatchReader(blob, context: RecordBatchContext(topic: "txn", partition: 0))
        let fetched = try reader.readAll(skippingOffsetsBelow: 2)
        #expect(fetched.records.map(\.offset) == [2, 4])
        #expect(fetched.nextOffset == 6)
    }
}
