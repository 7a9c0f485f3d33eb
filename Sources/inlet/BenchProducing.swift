import KafkaClient
import NIOCore

/// Fills a benchmark's topic with Inlet's producer, in batches of 1,000, and checks every record was acknowledged.
enum BenchProducing {
    /// Sends `records` records made by `record(index)` (key, value) to `topic`; returns the wall-clock seconds.
    @discardableResult
    static func produce(
        _ producer: KafkaProducer, topic: String, records: Int,
        record: (Int) -> (key: ByteBuffer?, value: ByteBuffer)
    ) async throws -> Double {
        var batch: [KafkaProducerMessage] = []
        batch.reserveCapacity(1000)
        let start = ContinuousClock.now
        for index in 0..<records {
            let (key, value) = record(index)
            batch.append(KafkaProducerMessage(topic: topic, key: key, value: value))
            if batch.count == 1000 {
                try await producer.send(contentsOf: batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        try await producer.send(contentsOf: batch)
        let acknowledged = try await producer.flush()
        guard acknowledged == records else {
            throw BenchFailure("only \(acknowledged) of \(records) records to \(topic) were acknowledged")
        }
        return BenchFigures.seconds(ContinuousClock.now - start)
    }

    /// Values as `inlet bench kafka` writes them: "rec-<i>-" over x's, `size` bytes, with no String per record.
    static func recordValues(size: Int) -> (Int) -> ByteBuffer {
        let writer = RecordValueWriter(size: size)
        return { index in writer.value(index) }
    }
}

/// The scratch buffers of `BenchProducing.recordValues`, in one object the returned closure holds (a closure that
/// captured the two arrays as mutable variables crashed in release builds).
private final class RecordValueWriter {
    private var template: [UInt8]
    private var digits = [UInt8](repeating: 0, count: 20)

    init(size: Int) { template = [UInt8](repeating: UInt8(ascii: "x"), count: size) }

    func value(_ index: Int) -> ByteBuffer {
        BenchFigures.writeRecordValue(index, into: &template, digits: &digits)
        return ByteBuffer(bytes: template)
    }
}
