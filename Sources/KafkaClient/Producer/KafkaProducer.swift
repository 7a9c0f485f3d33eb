import Foundation
import KafkaWire
import NIOCore

/// Produces records with batching per partition, linger, acks, key partitioning and compression.
///
/// `send` encodes a record into its partition's open batch and returns (waiting only when `maxBufferedBytes`
/// are outstanding); `flush` sends what is queued, waits for every acknowledgement and throws the first
/// failure. `sendAndWait` returns the record's offset once acknowledged per `acks`.
///
/// Ordering: the batches of one partition are written to its leader in the order they were closed, with up to
/// `maxInFlightPerPartition` requests waiting for answers; partitions proceed independently. After a retriable
/// failure (connection lost, leader moved) the partition stops writing, waits for the answers in flight and
/// resends the failed batches one request at a time, oldest first, before pipelining again. If a later batch
/// was acknowledged although an earlier one failed, the earlier one is failed rather than resent behind it:
/// records of a partition are never acknowledged out of order. Like any producer without idempotence, a batch
/// whose answer was lost may be written twice.
///
/// ```swift
/// let producer = KafkaProducer(cluster: cluster, configuration: .init(compression: .zstd))
/// try await producer.send(.init(topic: "events", key: ByteBuffer(string: "k"), value: ByteBuffer(string: "v")))
/// let acknowledged = try await producer.flush()
/// ```
public actor KafkaProducer {
    public let cluster: KafkaCluster
    public let configuration: KafkaProducerConfiguration

    var topics: [String: ProducerTopic] = [:]
    /// The topic of the previous record: most sends name the same topic, so this spares the hashing.
    var lastTopic: ProducerTopic?
    var partitions: [ProducerPartition] = []
    var roundRobin = 0
    /// Closed batches not yet acknowledged or failed.
    var unresolvedBatches = 0
    var bufferedBytes = 0
    var acknowledged = 0
    var firstError: KafkaClientError?
    var capacityWaiters: [CheckedContinuation<Void, Never>] = []
    var idleWaiters: [CheckedContinuation<Void, Never>] = []

    public init(cluster: KafkaCluster, configuration: KafkaProducerConfiguration = KafkaProducerConfiguration()) {
        self.cluster = cluster
        self.configuration = configuration
    }

    /// Queues `message`; throws at once for an unknown topic or partition, and rethrows an earlier failure.
    public func send(_ message: KafkaProducerMessage) async throws {
        try await enqueue(message, timestamp: message.timestamp ?? Self.millisecondsNow(), waiter: nil)
    }

    /// Queues many messages at once (cheaper than one `send` each: the clock is read once for all of them).
    public func send(contentsOf messages: [KafkaProducerMessage]) async throws {
        let now = Self.millisecondsNow()
        var index = 0
        while index < messages.count {
            // The hot path stays synchronous and borrows each message (no copy); only a new topic,
            // back-pressure or an error needs to await.
            index = messages.withUnsafeBufferPointer { buffer in
                var next = index
                while next < buffer.count, appendIfReady(buffer[next], timestamp: now) { next += 1 }
                return next
            }
            guard index < messages.count else { break }
            try await enqueue(messages[index], timestamp: messages[index].timestamp ?? now, waiter: nil)
            index += 1
        }
    }

    /// Queues many messages at once.
    public func send(contentsOf messages: some Sequence<KafkaProducerMessage>) async throws {
        try await send(contentsOf: Array(messages))
    }

    /// Sends `message` and returns where it was written once acknowledged (with acks=0: once written).
    public func sendAndWait(_ message: KafkaProducerMessage) async throws -> KafkaProducedRecord {
        if let firstError { throw firstError }
        let partition = try await partition(for: message)
        let timestamp = message.timestamp ?? Self.millisecondsNow()
        return try await withCheckedThrowingContinuation { continuation in
            append(message, to: partition, timestamp: timestamp, waiter: continuation)
        }
    }

    /// Sends everything queued, waits for all answers, and returns how many records were acknowledged so far.
    @discardableResult
    public func flush() async throws -> Int {
        for partition in partitions { close(partition) }
        while unresolvedBatches > 0 {
            await withCheckedContinuation { idleWaiters.append($0) }
        }
        if let firstError { throw firstError }
        return acknowledged
    }

    /// Records acknowledged by the brokers so far (with acks=0: records written to the connection).
    public var acknowledgedCount: Int { acknowledged }

    // MARK: Queueing

    static func millisecondsNow() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    private func enqueue(
        _ message: KafkaProducerMessage, timestamp: Int64, waiter: CheckedContinuation<KafkaProducedRecord, any Error>?
    ) async throws {
        if let firstError { throw firstError }
        while bufferedBytes >= configuration.maxBufferedBytes {
            await withCheckedContinuation { capacityWaiters.append($0) }
            if let firstError { throw firstError }
        }
        let partition: ProducerPartition
        if let topic = cachedTopic(message.topic), message.partition == nil {
            partition = topic.partitions[Int(choosePartition(key: message.key, count: topic.partitions.count))]
        } else {
            partition = try await self.partition(for: message)
        }
        append(message, to: partition, timestamp: timestamp, waiter: waiter)
    }

    /// Appends `message` when that needs no waiting (known topic and partition, room in the buffer, no error).
    private func appendIfReady(_ message: KafkaProducerMessage, timestamp now: Int64) -> Bool {
        guard firstError == nil, bufferedBytes < configuration.maxBufferedBytes, let topic = cachedTopic(message.topic)
        else { return false }
        let index: Int
        if let partition = message.partition {
            guard partition >= 0, Int(partition) < topic.partitions.count else { return false }
            index = Int(partition)
        } else {
            index = Int(choosePartition(key: message.key, count: topic.partitions.count))
        }
        append(message, to: topic.partitions[index], timestamp: message.timestamp ?? now, waiter: nil)
        return true
    }

    private func cachedTopic(_ name: String) -> ProducerTopic? {
        if let lastTopic, lastTopic.name == name { return lastTopic }
        guard let topic = topics[name] else { return nil }
        lastTopic = topic
        return topic
    }

    private func choosePartition(key: ByteBuffer?, count: Int) -> Int32 {
        configuration.partitioner.partition(key: key, partitionCount: count, counter: &roundRobin)
    }

    private func partition(for message: KafkaProducerMessage) async throws -> ProducerPartition {
        let topic: ProducerTopic
        if let known = cachedTopic(message.topic) {
            topic = known
        } else {
            let metadata = try await cluster.metadata(topics: [message.topic])
            let count = try metadata.topic(message.topic).partitions.count
            guard count > 0 else {
                throw KafkaClientError(.unknownTopic, "topic \(message.topic) has no partitions")
            }
            if let raced = topics[message.topic] {
                topic = raced
            } else {
                let created = (0..<count).map { index in
                    ProducerPartition(
                        id: partitions.count + index, topic: message.topic, index: Int32(index),
                        compression: configuration.compression,
                        maxInFlight: configuration.acks == .none
                            ? Int.max : max(1, configuration.maxInFlightPerPartition),
                        retry: RetryState(configuration: cluster.configuration))
                }
                partitions += created
                topic = ProducerTopic(name: message.topic, partitions: created)
                topics[message.topic] = topic
            }
        }
        guard let index = message.partition else {
            return topic.partitions[Int(choosePartition(key: message.key, count: topic.partitions.count))]
        }
        guard index >= 0, Int(index) < topic.partitions.count else {
            throw KafkaClientError(
                .unknownTopic,
                "topic \(message.topic) has no partition \(index) (it has \(topic.partitions.count))",
                kafkaErrorCode: 3)
        }
        return topic.partitions[Int(index)]
    }

    private func append(
        _ message: KafkaProducerMessage, to partition: ProducerPartition, timestamp: Int64,
        waiter: CheckedContinuation<KafkaProducedRecord, any Error>?
    ) {
        var before = partition.builder.uncompressedSizeInBytes
        // Close the open batch first when this record might not fit: brokers refuse batches larger than their
        // message.max.bytes (1 MiB + 12 by default), so a batch stays within batchBytes unless one record is larger.
        if before > RecordBatchHeader.size,
            before + RecordBatchBuilder.maximumGrowth(key: message.key, value: message.value, headers: message.headers)
                > configuration.batchBytes
        {
            close(partition)
            before = partition.builder.uncompressedSizeInBytes
        }
        partition.builder.append(key: message.key, value: message.value, headers: message.headers, timestamp: timestamp)
        let size = partition.builder.uncompressedSizeInBytes
        bufferedBytes += size - before
        if let waiter {
            partition.waiters.append(ProduceWaiter(index: partition.builder.count - 1, continuation: waiter))
        }
        if size >= configuration.batchBytes || waiter != nil && configuration.linger == .zero {
            close(partition)
        } else if !partition.lingerScheduled {
            partition.lingerScheduled = true
            let id = partition.id
            let generation = partition.generation
            let linger = configuration.linger
            Task {
                try? await Task.sleep(nanoseconds: UInt64(max(0, linger.nanoseconds)))
                self.lingerExpired(id, generation: generation)
            }
        }
    }

    private func lingerExpired(_ id: Int, generation: UInt64) {
        let partition = partitions[id]
        guard partition.generation == generation else { return }
        close(partition)
    }

    /// Closes the partition's open batch and hands it to the sequencer. An uncompressed batch is finished in
    /// place at once (its header and CRC-32C); a compressed one is built off the actor.
    func close(_ partition: ProducerPartition) {
        guard !partition.builder.isEmpty else { return }
        partition.generation &+= 1
        partition.lingerScheduled = false
        let count = partition.builder.count
        let bytes = partition.builder.uncompressedSizeInBytes
        unresolvedBatches += 1
        let waiters = partition.waiters
        partition.waiters = []
        if configuration.compression == .none {
            let finished = Result { () throws(RecordBatchError) in try partition.builder.finish() }
            let sequence = partition.sequencer.enqueue()
            partition.closed[sequence] = ClosedBatch(count: count, bytes: bytes, waiters: waiters)
            built(partition.id, sequence, finished.mapError { Self.unencodable(partition.name, $0) })
            return
        }
        let builder = partition.builder
        partition.builder.reset()
        let sequence = partition.sequencer.enqueue()
        partition.closed[sequence] = ClosedBatch(count: count, bytes: bytes, waiters: waiters)
        let id = partition.id
        let name = partition.name
        Task.detached {
            let built = Result { () throws(RecordBatchError) in try builder.build() }
            await self.built(id, sequence, built.mapError { Self.unencodable(name, $0) })
        }
    }

    private static func unencodable(_ name: String, _ error: RecordBatchError) -> KafkaClientError {
        KafkaClientError(.protocolError, "cannot encode a batch for \(name): \(error)", underlying: error)
    }
}
