import KafkaWire
import NIOCore

/// How many replicas must have a batch before the broker acknowledges it.
public struct KafkaAcks: Sendable, Hashable, CustomStringConvertible {
    let rawValue: Int16

    /// No answer at all (acks=0): fastest, and nothing tells the producer about failures.
    public static let none = KafkaAcks(rawValue: 0)
    /// The leader has written it (acks=1).
    public static let leader = KafkaAcks(rawValue: 1)
    /// Every in-sync replica has it (acks=all, -1).
    public static let all = KafkaAcks(rawValue: -1)

    /// Parses `0`, `1`, `all` or `-1`.
    public init?(_ text: String) {
        switch text.lowercased() {
        case "0", "none": self = .none
        case "1", "leader": self = .leader
        case "all", "-1": self = .all
        default: return nil
        }
    }

    private init(rawValue: Int16) { self.rawValue = rawValue }

    public var description: String { rawValue == -1 ? "all" : String(rawValue) }
}

/// Batching, acknowledgement, partitioning and compression of a producer.
public struct KafkaProducerConfiguration: Sendable {
    public var acks: KafkaAcks
    /// How long a partition's batch may wait for more records before it is sent.
    public var linger: TimeAmount
    /// The size of a batch (uncompressed): it is sent once full, and never grows beyond this unless a single record
    /// is larger. Keep it at or below the brokers' `message.max.bytes` (1 MiB + 12 by default).
    public var batchBytes: Int
    public var compression: CompressionCodec
    public var partitioner: KafkaPartitioner
    /// `send` waits while this many bytes are queued or in flight (back-pressure).
    public var maxBufferedBytes: Int
    /// How long the broker may take to replicate (Produce timeout).
    public var ackTimeout: TimeAmount
    /// Produce requests of one partition that may wait for answers at once (ignored with acks=0; below 1 counts
    /// as 1). More keep the connection busy; order is kept either way (see `KafkaProducer`).
    public var maxInFlightPerPartition: Int

    public init(
        acks: KafkaAcks = .all, linger: TimeAmount = .milliseconds(5), batchBytes: Int = 1024 * 1024,
        compression: CompressionCodec = .none, partitioner: KafkaPartitioner = .murmur2,
        maxBufferedBytes: Int = 64 * 1024 * 1024, ackTimeout: TimeAmount = .seconds(30),
        maxInFlightPerPartition: Int = 5
    ) {
        self.acks = acks
        self.linger = linger
        self.batchBytes = batchBytes
        self.compression = compression
        self.partitioner = partitioner
        self.maxBufferedBytes = maxBufferedBytes
        self.ackTimeout = ackTimeout
        self.maxInFlightPerPartition = maxInFlightPerPartition
    }
}

/// One record to produce. Without a partition, the configured partitioner chooses one.
public struct KafkaProducerMessage: Sendable {
    public var topic: String
    public var partition: Int32?
    public var key: ByteBuffer?
    public var value: ByteBuffer?
    public var headers: [RecordHeader]
    /// Milliseconds since the epoch; nil uses the current time.
    public var timestamp: Int64?

    public init(
        topic: String, partition: Int32? = nil, key: ByteBuffer? = nil, value: ByteBuffer?,
        headers: [RecordHeader] = [], timestamp: Int64? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }
}

/// Where an acknowledged record was written; `offset` is -1 with acks=0.
public struct KafkaProducedRecord: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
}
