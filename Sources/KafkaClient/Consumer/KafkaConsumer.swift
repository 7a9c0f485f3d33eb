import KafkaWire
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Reads one topic's partitions from their leaders, concurrently, as a back-pressured `AsyncSequence`.
///
/// The consumer assigns partitions itself and sends one Fetch per leader broker covering every partition that
/// broker leads (brokers are fetched concurrently, each through the cluster's shared connection, at the
/// negotiated Fetch version). A partition whose buffered records reach its share of `bufferedRecords` is left
/// out of fetches until the reader catches up. When a connection breaks or leadership moves, only the affected
/// partitions wait (with backoff), are re-routed after a metadata refresh and continue at the next offset not
/// yet yielded, so no record is lost or repeated. A batch that fails its CRC check ends the sequence with a
/// `.corruptRecord` error naming the topic, partition and offset.
///
/// ```swift
/// let consumer = KafkaConsumer(cluster: cluster, configuration: .init(topic: "events", startOffset: .earliest))
/// for try await record in consumer { print(record.offset) }
/// ```
public final class KafkaConsumer: AsyncSequence, Sendable {
    public typealias Element = KafkaConsumerRecord

    public let cluster: KafkaCluster
    public let configuration: KafkaConsumerConfiguration
    let stream: RecordStream<KafkaConsumerRecord>
    let buffers: PartitionBuffers
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    let nextOffsets = NIOLockedValueBox<[Int32: Int64]>([:])
    let highWatermarks = NIOLockedValueBox<[Int32: Int64]>([:])

    public init(cluster: KafkaCluster, configuration: KafkaConsumerConfiguration) {
        self.cluster = cluster
        self.configuration = configuration
        self.stream = RecordStream(capacity: Swift.max(1, configuration.bufferedRecords))
        self.buffers = PartitionBuffers(limit: configuration.bufferedRecords)
    }

    deinit { task.withLockedValue { $0?.cancel() } }

    /// Stops fetching; the sequence ends after the records already buffered.
    public func stop() {
        task.withLockedValue { $0?.cancel() }
        stream.finish()
    }

    /// For each assigned partition, the high watermark (the offset after the last record) its leader reported in
    /// the latest Fetch answer; the lag of a reader at offset o is `highWatermark - o`.
    public var latestHighWatermarks: [Int32: Int64] { highWatermarks.withLockedValue { $0 } }

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
            consumer.buffers.taken(next.count, from: next[0].partition)
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
        guard let chunk = try await stream.next() else { return nil }
        buffers.taken(chunk.count, from: chunk[0].partition)
        return chunk
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
            // Each partition may fill its share of the buffer before it is left out of fetches.
            buffers.limit = configuration.bufferedRecords / Swift.max(1, Set(assigned).count)
            let offsets = try await startOffsets(assigned)
            nextOffsets.withLockedValue { $0 = offsets }
            var partitions: [Int32: PartitionState] = [:]
            for partition in assigned {
                var state = PartitionState(
                    offset: offsets[partition]!, maxBytes: configuration.partitionMaxBytes,
                    retry: RetryState(configuration: cluster.configuration),
                    backlogged: configuration.startOffset != .latest || configuration.startOffsets[partition] != nil)
                if case .timestamp(let ms) = configuration.startOffset.kind,
                    configuration.startOffsets[partition] == nil
                {
                    state.skipBeforeTimestamp = ms
                }
                partitions[partition] = state
            }
            try await fetchLoop(partitions)
            stream.finish()
        } catch is CancellationError {
            stream.finish()
        } catch {
            stream.finish(throwing: error)
        }
    }
}
