import KafkaWire
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Reads one topic's partitions from their leaders, concurrently, as a back-pressured `AsyncSequence`.
///
/// The consumer assigns partitions itself. Each partition is fetched from its current leader through the
/// cluster's shared connections; when a connection breaks or leadership moves it reconnects (with backoff),
/// refreshes metadata and continues at the next offset it has not yet yielded, so no record is lost or
/// repeated. A batch that fails its CRC check ends the sequence with a `.corruptRecord` error naming the topic,
/// partition and offset.
///
/// ```swift
/// let consumer = KafkaConsumer(cluster: cluster, configuration: .init(topic: "events", startOffset: .earliest))
/// for try await record in consumer { print(record.offset) }
/// ```
public final class KafkaConsumer: AsyncSequence, Sendable {
    public typealias Element = KafkaConsumerRecord

    public let cluster: KafkaCluster
    public let configuration: KafkaConsumerConfiguration
    private let stream: RecordStream<KafkaConsumerRecord>
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let nextOffsets = NIOLockedValueBox<[Int32: Int64]>([:])

    public init(cluster: KafkaCluster, configuration: KafkaConsumerConfiguration) {
        self.cluster = cluster
        self.configuration = configuration
        self.stream = RecordStream(capacity: Swift.max(1, configuration.bufferedRecords))
    }

    deinit { task.withLockedValue { $0?.cancel() } }

    /// Stops fetching; the sequence ends after the records already buffered.
    public func stop() {
        task.withLockedValue { $0?.cancel() }
        stream.finish()
    }

    /// For each assigned partition, the offset of the next record the sequence will yield.
    public var positions: [Int32: Int64] { nextOffsets.withLockedValue { $0 } }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let consumer: KafkaConsumer
        var chunk: [KafkaConsumerRecord] = []
        var index = 0

        public mutating func next() async throws -> KafkaConsumerRecord? {
            if index < chunk.count {
                defer { index += 1 }
                return chunk[index]
            }
            guard let next = try await consumer.stream.next() else { return nil }
            chunk = next
            index = 1
            return next[0]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        startIfNeeded()
        return AsyncIterator(consumer: self)
    }

    /// The next chunk of records as fetched (one partition's batch), for callers that process in bulk.
    public func nextChunk() async throws -> [KafkaConsumerRecord]? {
        startIfNeeded()
        return try await stream.next()
    }

    private func startIfNeeded() {
        task.withLockedValue { task in
            guard task == nil else { return }
            task = Task { await self.run() }
        }
    }

    private func run() async {
        do {
            let metadata = try await cluster.metadata(topics: [configuration.topic])
            let topic = try metadata.topic(configuration.topic)
            let all = topic.partitions.map(\.id)
            let assigned = configuration.partitions ?? all
            for partition in assigned where !all.contains(partition) {
                throw KafkaClientError(
                    .unknownTopic,
                    "topic \(configuration.topic) has no partition \(partition) (partitions: "
                        + "\(all.map(String.init).joined(separator: ", ")))", kafkaErrorCode: 3)
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for partition in assigned {
                    group.addTask { try await self.consume(partition: partition) }
                }
                try await group.waitForAll()
            }
            stream.finish()
        } catch is CancellationError {
            stream.finish()
        } catch {
            stream.finish(throwing: error)
        }
    }

    // MARK: One partition

    private func consume(partition: Int32) async throws {
        var retry = RetryState(configuration: cluster.configuration)
        var offset = try await startOffset(partition: partition, retry: &retry)
        nextOffsets.withLockedValue { $0[partition] = offset }
        let topic = configuration.topic
        var partitionMaxBytes = configuration.partitionMaxBytes
        var skipBeforeTimestamp: Int64?
        if case .timestamp(let ms) = configuration.startOffset.kind, configuration.startOffsets[partition] == nil {
            skipBeforeTimestamp = ms
        }
        // The next fetch is sent before the current answer is decoded, so the broker works while we decode.
        var prefetched: (connection: BrokerConnection, offset: Int64, pending: PendingResponse<PartitionFetchRequest>)?
        while !Task.isCancelled {
            var connection: BrokerConnection?
            do {
                let leader: BrokerConnection
                let pending: PendingResponse<PartitionFetchRequest>
                if let next = prefetched, next.offset == offset, next.connection.isActive {
                    (leader, pending) = (next.connection, next.pending)
                } else {
                    leader = try await cluster.leaderConnection(topic: topic, partition: partition)
                    pending = try leader.startFetch(
                        topic: topic, partition: partition, offset: offset, maxBytes: partitionMaxBytes,
                        maxWait: configuration.maxWait)
                }
                prefetched = nil
                connection = leader
                let fetched = try await pending.response()
                if let error = fetched.error {
                    try await handle(brokerError: error, partition: partition, offset: offset, retry: &retry)
                    continue
                }
                retry.succeeded()
                guard let records = fetched.records, records.readableBytes > 0 else { continue }
                if let next = Self.endOfCompleteBatches(records), next > offset {
                    prefetched = (
                        leader, next,
                        try leader.startFetch(
                            topic: topic, partition: partition, offset: next, maxBytes: partitionMaxBytes,
                            maxWait: configuration.maxWait)
                    )
                }
                var decoded = Self.decode(records, topic: topic, partition: partition, from: offset)
                if let threshold = skipBeforeTimestamp {
                    // Some brokers (tansu) answer a timestamp lookup with an earlier offset; skip up to the first
                    // record at or after the timestamp. With a broker that answers exactly, this skips nothing.
                    if let first = decoded.records.firstIndex(where: { $0.timestamp >= threshold }) {
                        decoded.records.removeFirst(first)
                        skipBeforeTimestamp = nil
                    } else {
                        decoded.records.removeAll()
                    }
                }
                if !decoded.records.isEmpty { try await stream.send(decoded.records) }
                if decoded.nextOffset > offset {
                    offset = decoded.nextOffset
                    nextOffsets.withLockedValue { $0[partition] = offset }
                }
                if let error = decoded.error { throw error }
                if decoded.batches == 0, let needed = decoded.incompleteBatchSize {
                    partitionMaxBytes = Swift.max(partitionMaxBytes, Int32(clamping: needed))
                }
            } catch let error as KafkaClientError where error.isRetriable {
                if let connection { await cluster.forget(connection) }
                await cluster.invalidateMetadata()
                try await retry.failed(error)
            }
        }
    }

    /// The offset after the last complete batch in a records blob, read from batch headers alone.
    static func endOfCompleteBatches(_ blob: ByteBuffer) -> Int64? {
        var position = blob.readerIndex
        let end = blob.writerIndex
        var next: Int64?
        while position + 61 <= end, let base: Int64 = blob.getInteger(at: position),
            let length: Int32 = blob.getInteger(at: position + 8), length > 0,
            let lastDelta: Int32 = blob.getInteger(at: position + 23)
        {
            let total = 12 + Int(length)
            guard position + total <= end else { break }
            next = base + Int64(lastDelta) + 1
            position += total
        }
        return next
    }

    private struct Decoded {
        var records: [KafkaConsumerRecord] = []
        var nextOffset: Int64
        var batches = 0
        var incompleteBatchSize: Int?
        var error: KafkaClientError?
    }

    /// Reads the complete batches of a fetched records blob, keeping records at or after `from`. A corrupt
    /// batch stops the reading: the records before it are returned, then the error.
    private static func decode(_ blob: ByteBuffer, topic: String, partition: Int32, from: Int64) -> Decoded {
        var reader = RecordBatchReader(blob, context: RecordBatchContext(topic: topic, partition: partition))
        var decoded = Decoded(nextOffset: from)
        do {
            while let batch = try reader.next() {
                decoded.batches += 1
                let type = batch.header.attributes.timestampType
                for record in batch.records where record.offset >= from {
                    decoded.records.append(
                        KafkaConsumerRecord(
                            topic: topic, partition: partition, offset: record.offset, timestamp: record.timestamp,
                            timestampType: type, key: record.key, value: record.value, headers: record.headers))
                }
                decoded.nextOffset = Swift.max(decoded.nextOffset, batch.header.nextOffset)
            }
            if reader.remainingBytes > 0 { decoded.incompleteBatchSize = reader.incompleteBatchSize }
        } catch {
            let offset = error.baseOffset.map { Swift.max($0, decoded.nextOffset) } ?? decoded.nextOffset
            decoded.error = KafkaClientError(
                .corruptRecord,
                "corrupt record batch in topic \(topic) partition \(partition) at offset \(offset): \(error.message)",
                underlying: error)
        }
        return decoded
    }

    private func handle(brokerError: KafkaErrorCode, partition: Int32, offset: Int64, retry: inout RetryState)
        async throws
    {
        let where_ = "\(configuration.topic)/\(partition)"
        switch brokerError {
        case .offsetOutOfRange:
            throw KafkaClientError(
                .broker,
                "offset \(offset) is out of range for \(where_); start from --from-beginning or a valid offset",
                kafkaErrorCode: brokerError.rawValue)
        case .corruptMessage:
            throw KafkaClientError(
                .corruptRecord, "the broker reports a corrupt record in \(where_) at offset \(offset)",
                kafkaErrorCode: brokerError.rawValue)
        case _ where brokerError.isRetriable || brokerError.invalidatesMetadata:
            await cluster.invalidateMetadata()
            try await retry.failed(
                KafkaClientError(
                    .broker, "fetching \(where_) at offset \(offset): \(brokerError)",
                    kafkaErrorCode: brokerError.rawValue))
        default:
            throw KafkaClientError(
                .broker, "fetching \(where_) at offset \(offset) failed: \(brokerError)",
                kafkaErrorCode: brokerError.rawValue)
        }
    }

    private func startOffset(partition: Int32, retry: inout RetryState) async throws -> Int64 {
        if let explicit = configuration.startOffsets[partition] { return explicit }
        let timestamp: Int64
        switch configuration.startOffset.kind {
        case .offset(let offset): return offset
        case .earliest: timestamp = -2
        case .latest: timestamp = -1
        case .timestamp(let ms): timestamp = ms
        }
        while true {
            try Task.checkCancellation()
            var connection: BrokerConnection?
            do {
                let leader = try await cluster.leaderConnection(topic: configuration.topic, partition: partition)
                connection = leader
                let answer = try await leader.listOffset(
                    topic: configuration.topic, partition: partition, timestamp: timestamp)
                if let error = answer.error {
                    try await handle(brokerError: error, partition: partition, offset: timestamp, retry: &retry)
                    continue
                }
                if answer.offset >= 0 { return answer.offset }
                // No record at or after the timestamp: start at the end.
                if timestamp >= 0 {
                    let end = try await leader.listOffset(
                        topic: configuration.topic, partition: partition, timestamp: -1)
                    if end.error == nil, end.offset >= 0 { return end.offset }
                }
                throw KafkaClientError(
                    .broker, "the broker gave no offset for \(configuration.topic)/\(partition) at \(timestamp)")
            } catch let error as KafkaClientError where error.isRetriable {
                if let connection { await cluster.forget(connection) }
                await cluster.invalidateMetadata()
                try await retry.failed(error)
            }
        }
    }
}
