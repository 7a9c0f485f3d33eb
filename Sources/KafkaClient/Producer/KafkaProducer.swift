import Foundation
import KafkaWire
import NIOCore

/// Produces records with batching per partition, linger, acks, key partitioning and compression.
///
/// `send` queues a record and returns (waiting only when `maxBufferedBytes` are outstanding); `flush` sends
/// what is queued, waits for every acknowledgement and throws the first failure. `sendAndWait` returns the
/// record's offset. Batches of one partition are written in order and pipelined on the leader's connection;
/// partitions proceed in parallel.
/// Retriable failures (leader moved, connection lost) refresh metadata and resend; like any producer without
/// idempotence, a batch whose answer was lost may be written twice.
///
/// ```swift
/// let producer = KafkaProducer(cluster: cluster, configuration: .init(compression: .zstd))
/// try await producer.send(.init(topic: "events", key: ByteBuffer(string: "k"), value: ByteBuffer(string: "v")))
/// let acknowledged = try await producer.flush()
/// ```
public actor KafkaProducer {
    public let cluster: KafkaCluster
    public let configuration: KafkaProducerConfiguration

    private struct PartitionKey: Hashable {
        var topic: String
        var partition: Int32
    }

    private struct Pending {
        var builder: RecordBatchBuilder
        var waiters: [(index: Int, continuation: CheckedContinuation<KafkaProducedRecord, any Error>)] = []
        var lingerTask: Task<Void, Never>?
    }

    private var partitionCounts: [String: Int] = [:]
    private var roundRobin = 0
    private var pending: [PartitionKey: Pending] = [:]
    /// The write of the last dispatched batch of each partition; the next write waits for it, keeping order.
    private var writes: [PartitionKey: Task<WriteOutcome, Never>] = [:]
    private var inFlight = 0
    private var bufferedBytes = 0
    private var acknowledged = 0
    private var firstError: KafkaClientError?
    private var capacityWaiters: [CheckedContinuation<Void, Never>] = []
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    public init(cluster: KafkaCluster, configuration: KafkaProducerConfiguration = KafkaProducerConfiguration()) {
        self.cluster = cluster
        self.configuration = configuration
    }

    /// Queues `message`; throws at once for an unknown topic or partition, and rethrows an earlier failure.
    public func send(_ message: KafkaProducerMessage) async throws {
        _ = try await enqueue(message, waiter: nil)
    }

    /// Queues many messages at once (cheaper than one `send` each).
    public func send(contentsOf messages: some Sequence<KafkaProducerMessage>) async throws {
        for message in messages { _ = try await enqueue(message, waiter: nil) }
    }

    /// Sends `message` and returns where it was written once acknowledged.
    public func sendAndWait(_ message: KafkaProducerMessage) async throws -> KafkaProducedRecord {
        let key = try await partition(for: message)
        return try await withCheckedThrowingContinuation { continuation in
            append(message, to: key, waiter: continuation)
        }
    }

    /// Sends everything queued, waits for all answers, and returns how many records were acknowledged so far.
    @discardableResult
    public func flush() async throws -> Int {
        for key in Array(pending.keys) { dispatch(key) }
        while inFlight > 0 {
            await withCheckedContinuation { idleWaiters.append($0) }
        }
        if let firstError { throw firstError }
        return acknowledged
    }

    /// Records acknowledged by the brokers so far (with acks=0: records written to the connection).
    public var acknowledgedCount: Int { acknowledged }

    // MARK: Queueing

    private func enqueue(
        _ message: KafkaProducerMessage, waiter: CheckedContinuation<KafkaProducedRecord, any Error>?
    ) async throws -> PartitionKey {
        if let firstError { throw firstError }
        while bufferedBytes >= configuration.maxBufferedBytes {
            await withCheckedContinuation { capacityWaiters.append($0) }
            if let firstError { throw firstError }
        }
        let key = try await partition(for: message)
        append(message, to: key, waiter: waiter)
        return key
    }

    private func partition(for message: KafkaProducerMessage) async throws -> PartitionKey {
        let count: Int
        if let known = partitionCounts[message.topic] {
            count = known
        } else {
            let metadata = try await cluster.metadata(topics: [message.topic])
            count = try metadata.topic(message.topic).partitions.count
            guard count > 0 else {
                throw KafkaClientError(.unknownTopic, "topic \(message.topic) has no partitions")
            }
            partitionCounts[message.topic] = count
        }
        if let partition = message.partition {
            guard partition >= 0, partition < count else {
                throw KafkaClientError(
                    .unknownTopic, "topic \(message.topic) has no partition \(partition) (it has \(count))",
                    kafkaErrorCode: 3)
            }
            return PartitionKey(topic: message.topic, partition: partition)
        }
        let partition = configuration.partitioner.partition(
            key: message.key, partitionCount: count, counter: &roundRobin)
        return PartitionKey(topic: message.topic, partition: partition)
    }

    private func append(
        _ message: KafkaProducerMessage, to key: PartitionKey,
        waiter: CheckedContinuation<KafkaProducedRecord, any Error>?
    ) {
        // Taken out of the dictionary while it grows, so the batch buffer stays uniquely owned (no copy per append).
        var entry =
            pending.removeValue(forKey: key)
            ?? Pending(builder: RecordBatchBuilder(compression: configuration.compression))
        let before = entry.builder.uncompressedSizeInBytes
        let timestamp = message.timestamp ?? Int64(Date().timeIntervalSince1970 * 1000)
        entry.builder.append(key: message.key, value: message.value, headers: message.headers, timestamp: timestamp)
        bufferedBytes += entry.builder.uncompressedSizeInBytes - before
        if let waiter { entry.waiters.append((entry.builder.count - 1, waiter)) }
        let full = entry.builder.uncompressedSizeInBytes >= configuration.batchBytes
        if !full, entry.lingerTask == nil {
            let linger = configuration.linger
            entry.lingerTask = Task {
                try? await Task.sleep(nanoseconds: UInt64(max(0, linger.nanoseconds)))
                self.lingerExpired(key)
            }
        }
        pending[key] = entry
        if full || waiter != nil && configuration.linger == .zero { dispatch(key) }
    }

    private func lingerExpired(_ key: PartitionKey) {
        pending[key]?.lingerTask = nil
        dispatch(key)
    }

    // MARK: Sending

    /// What happened when a batch was handed to its leader's connection.
    private enum WriteOutcome: Sendable {
        /// Written; the answer will come on `pending` (nil with acks=0).
        case written(BrokerConnection, PendingResponse<ProduceRequest>?, ByteBuffer)
        /// Not written (no leader, no connection); retriable errors are retried from scratch.
        case notWritten(KafkaClientError, ByteBuffer)
        /// The batch could not be encoded.
        case unencodable(KafkaClientError)
    }

    private func dispatch(_ key: PartitionKey) {
        guard let entry = pending.removeValue(forKey: key), !entry.builder.isEmpty else { return }
        entry.lingerTask?.cancel()
        inFlight += 1
        let previous = writes[key]
        let bytes = entry.builder.uncompressedSizeInBytes
        let count = entry.builder.count
        let builder = entry.builder
        let waiters = entry.waiters
        let cluster = cluster
        let configuration = configuration
        // Batches of one partition are compressed concurrently but written in order: each write waits for the
        // previous batch's write (not its answer), so several batches are in flight on the leader's connection.
        let write = Task<WriteOutcome, Never> {
            let batch: ByteBuffer
            do {
                batch = try builder.build()
            } catch {
                _ = await previous?.value
                return .unencodable(
                    KafkaClientError(
                        .protocolError, "cannot encode a batch for \(key.topic)/\(key.partition): \(error)",
                        underlying: error))
            }
            _ = await previous?.value
            do {
                let leader = try await cluster.leaderConnection(topic: key.topic, partition: key.partition)
                let request = Self.request(batch, to: key, configuration: configuration)
                if configuration.acks == .none {
                    try await leader.sendWithoutResponse(request)
                    return .written(leader, nil, batch)
                }
                return .written(
                    leader, try leader.start(request, timeout: leader.requestTimeout + configuration.ackTimeout), batch)
            } catch let error as KafkaClientError {
                return .notWritten(error, batch)
            } catch {
                return .notWritten(KafkaClientError(.connect, "\(error)", underlying: error), batch)
            }
        }
        writes[key] = write
        Task {
            let result = await Self.finish(await write.value, key: key, cluster: cluster, configuration: configuration)
            self.completed(key, count: count, bytes: bytes, waiters: waiters, result: result)
        }
    }

    /// Waits for a written batch's answer; retriable failures resend the batch through `produce`.
    private static func finish(
        _ outcome: WriteOutcome, key: PartitionKey, cluster: KafkaCluster, configuration: KafkaProducerConfiguration
    ) async -> Result<Int64, KafkaClientError> {
        let batch: ByteBuffer
        switch outcome {
        case .unencodable(let error):
            return .failure(error)
        case .written(_, nil, _):
            return .success(-1)
        case .written(let connection, let pending?, let written):
            batch = written
            do {
                let response = try await pending.response()
                guard let answer = response.topics.first?.partitions.first else {
                    return .failure(
                        KafkaClientError(
                            .protocolError, "the Produce answer for \(key.topic)/\(key.partition) names no partition"))
                }
                if answer.errorCode == .noError { return .success(answer.baseOffset) }
                guard answer.errorCode.isRetriable || answer.errorCode.invalidatesMetadata else {
                    let detail = answer.errorMessage.map { " (\($0))" } ?? ""
                    return .failure(
                        KafkaClientError(
                            .broker,
                            "the broker refused records for \(key.topic)/\(key.partition): \(answer.errorCode)\(detail)",
                            kafkaErrorCode: answer.errorCode.rawValue))
                }
                await cluster.invalidateMetadata()
            } catch let error as KafkaClientError where error.isRetriable {
                await cluster.forget(connection)
                await cluster.invalidateMetadata()
            } catch let error as KafkaClientError {
                return .failure(error)
            } catch {
                return .failure(KafkaClientError(.protocolError, "\(error)", underlying: error))
            }
        case .notWritten(let error, let unsent):
            guard error.isRetriable || error.code == .broker else { return .failure(error) }
            batch = unsent
        }
        do {
            return .success(try await produce(batch, to: key, cluster: cluster, configuration: configuration))
        } catch let error as KafkaClientError {
            return .failure(error)
        } catch {
            return .failure(KafkaClientError(.cancelled, "\(error)", underlying: error))
        }
    }

    private static func request(_ batch: ByteBuffer, to key: PartitionKey, configuration: KafkaProducerConfiguration)
        -> ProduceRequest
    {
        ProduceRequest(
            acks: configuration.acks.rawValue, timeoutMs: Int32(configuration.ackTimeout.nanoseconds / 1_000_000),
            topics: [.init(name: key.topic, partitions: [.init(index: key.partition, records: batch)])])
    }

    private func completed(
        _ key: PartitionKey, count: Int, bytes: Int,
        waiters: [(index: Int, continuation: CheckedContinuation<KafkaProducedRecord, any Error>)],
        result: Result<Int64, KafkaClientError>
    ) {
        inFlight -= 1
        bufferedBytes -= bytes
        switch result {
        case .success(let baseOffset):
            acknowledged += count
            for waiter in waiters {
                waiter.continuation.resume(
                    returning: KafkaProducedRecord(
                        topic: key.topic, partition: key.partition,
                        offset: baseOffset < 0 ? -1 : baseOffset + Int64(waiter.index)))
            }
        case .failure(let error):
            if firstError == nil { firstError = error }
            for waiter in waiters { waiter.continuation.resume(throwing: error) }
        }
        let capacity = capacityWaiters
        capacityWaiters = []
        for waiter in capacity { waiter.resume() }
        if inFlight == 0 {
            let idle = idleWaiters
            idleWaiters = []
            for waiter in idle { waiter.resume() }
        }
    }

    /// Sends one batch to the partition's leader, retrying retriable failures; returns the base offset.
    private static func produce(
        _ batch: ByteBuffer, to key: PartitionKey, cluster: KafkaCluster, configuration: KafkaProducerConfiguration
    ) async throws -> Int64 {
        var retry = RetryState(configuration: cluster.configuration)
        let request = Self.request(batch, to: key, configuration: configuration)
        let where_ = "\(key.topic)/\(key.partition)"
        while true {
            var connection: BrokerConnection?
            do {
                let leader = try await cluster.leaderConnection(topic: key.topic, partition: key.partition)
                connection = leader
                if configuration.acks == .none {
                    try await leader.sendWithoutResponse(request)
                    return -1
                }
                let response = try await leader.send(
                    request, timeout: leader.requestTimeout + configuration.ackTimeout)
                guard let answer = response.topics.first?.partitions.first else {
                    throw KafkaClientError(.protocolError, "the Produce answer for \(where_) names no partition")
                }
                switch answer.errorCode {
                case .noError:
                    return answer.baseOffset
                case _ where answer.errorCode.isRetriable || answer.errorCode.invalidatesMetadata:
                    await cluster.invalidateMetadata()
                    try await retry.failed(
                        KafkaClientError(
                            .broker, "producing to \(where_): \(answer.errorCode)",
                            kafkaErrorCode: answer.errorCode.rawValue))
                default:
                    let detail = answer.errorMessage.map { " (\($0))" } ?? ""
                    throw KafkaClientError(
                        .broker, "the broker refused records for \(where_): \(answer.errorCode)\(detail)",
                        kafkaErrorCode: answer.errorCode.rawValue)
                }
            } catch let error as KafkaClientError where error.isRetriable {
                if let connection { await cluster.forget(connection) }
                await cluster.invalidateMetadata()
                try await retry.failed(error)
            }
        }
    }
}
