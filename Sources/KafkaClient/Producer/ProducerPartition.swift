import KafkaWire
import NIOCore

/// Who waits for one record's acknowledgement (`sendAndWait`), by its index in the batch.
struct ProduceWaiter {
    var index: Int
    var continuation: CheckedContinuation<KafkaProducedRecord, any Error>
}

/// A closed batch of one partition between dispatch and its resolution.
struct ClosedBatch {
    var count: Int
    var bytes: Int
    var waiters: [ProduceWaiter]
}

/// The producer's state for one partition: the open batch, the sequencer of closed batches and the leader's
/// connection. Owned and touched only by the `KafkaProducer` actor.
final class ProducerPartition {
    let id: Int
    let topic: String
    let index: Int32
    /// The open batch; records are encoded into it as they are sent.
    var builder: RecordBatchBuilder
    var waiters: [ProduceWaiter] = []
    /// Bumped whenever the open batch is closed, so an older linger timer knows it is stale.
    var generation: UInt64 = 0
    var lingerScheduled = false
    var sequencer: ProduceSequencer<ByteBuffer>
    var closed: [UInt64: ClosedBatch] = [:]
    /// The leader's connection as last looked up; nil after a failure, until looked up again.
    var connection: BrokerConnection?
    /// A connection that broke under a request; the cluster drops it before the leader is looked up again.
    var staleConnection: BrokerConnection?
    var lookingUpLeader = false
    /// Backoff and give-up time over consecutive failed attempts (requests or leader look-ups).
    private var retry: RetryState
    /// How long the next leader look-up waits: the backoff after the last failure, zero after a success.
    private(set) var backoff: TimeAmount = .zero
    /// The last retriable failure since the last success, kept as the reason when the partition gives up.
    private(set) var lastFailure: KafkaClientError?

    init(id: Int, topic: String, index: Int32, compression: CompressionCodec, maxInFlight: Int, retry: RetryState) {
        self.id = id
        self.topic = topic
        self.index = index
        self.builder = RecordBatchBuilder(compression: compression)
        self.sequencer = ProduceSequencer(maxInFlight: maxInFlight)
        self.retry = retry
    }

    var name: String { "\(topic)/\(index)" }

    /// Whether the partition is retrying after a failure (no success since).
    var isRecovering: Bool { lastFailure != nil }

    /// Notes a successful request: retries start from scratch next time.
    func succeeded() {
        retry.succeeded()
        backoff = .zero
        lastFailure = nil
    }

    /// Notes a retriable failure; returns false once retrying has gone on longer than the retry timeout.
    func failed(_ error: KafkaClientError, now: NIODeadline = .now()) -> Bool {
        lastFailure = error
        guard let delay = try? retry.delay(after: error, now: now) else { return false }
        backoff = delay
        return true
    }
}

/// A topic's partitions as the producer knows them (the count is looked up once).
final class ProducerTopic {
    let name: String
    let partitions: [ProducerPartition]

    init(name: String, partitions: [ProducerPartition]) {
        self.name = name
        self.partitions = partitions
    }
}
