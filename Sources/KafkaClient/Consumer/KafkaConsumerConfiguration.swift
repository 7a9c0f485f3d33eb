import NIOCore

/// Where a consumer starts reading each partition.
///
/// A struct over a private enum so positions can be added later (a committed group offset).
public struct KafkaStartOffset: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Hashable, Sendable {
        case earliest
        case latest
        case offset(Int64)
        case timestamp(Int64)
    }

    let kind: Kind

    /// The oldest record still in the partition.
    public static let earliest = KafkaStartOffset(kind: .earliest)
    /// Only records produced after the consumer starts.
    public static let latest = KafkaStartOffset(kind: .latest)
    /// This offset in every assigned partition (clamped errors are reported, not hidden).
    public static func offset(_ offset: Int64) -> KafkaStartOffset { KafkaStartOffset(kind: .offset(offset)) }
    /// The first record whose timestamp is at or after `milliseconds` since the epoch.
    public static func timestamp(_ milliseconds: Int64) -> KafkaStartOffset {
        KafkaStartOffset(kind: .timestamp(milliseconds))
    }

    public var description: String {
        switch kind {
        case .earliest: "earliest"
        case .latest: "latest"
        case .offset(let offset): "offset \(offset)"
        case .timestamp(let ms): "timestamp \(ms)"
        }
    }
}

/// What a consumer reads and how: one topic, all or some of its partitions, from where, in what sizes.
///
/// The consumer assigns partitions itself (no consumer group), so it needs nothing from the cluster but
/// Metadata, ListOffsets and Fetch.
public struct KafkaConsumerConfiguration: Sendable {
    public var topic: String
    /// The partitions to read; nil reads all partitions of the topic.
    public var partitions: [Int32]?
    public var startOffset: KafkaStartOffset
    /// Per-partition start offsets that override `startOffset` (resuming from stored positions).
    public var startOffsets: [Int32: Int64]
    /// How long the broker may hold a fetch while no new data arrives (with min bytes 1: it answers as soon as any
    /// partition of the request has data). One Fetch per broker covers all the partitions it leads, so this long
    /// poll never holds one partition's records behind another partition's empty wait.
    public var maxWait: TimeAmount
    /// The most bytes one fetch returns per partition.
    public var partitionMaxBytes: Int32
    /// The most bytes one Fetch (all the partitions one broker leads) returns; Kafka's `fetch.max.bytes`. A
    /// broker still returns a first batch larger than this, so a partition never gets stuck.
    public var fetchMaxBytes: Int32
    /// Records buffered ahead of the reader before fetching pauses (back-pressure): each partition may fill its
    /// share (this divided by the number of partitions read) before it is left out of fetches.
    public var bufferedRecords: Int
    /// How many Fetch requests may be in flight to one broker, each for its own share of the partitions the
    /// broker leads (a broker leading one partition gets one). With two, the broker prepares one answer while the
    /// other is still on the wire, which is what keeps throughput up through a load balancer or an SSH tunnel; 1
    /// gives one fetch per broker at a time, as librdkafka does.
    public var fetchesPerBroker: Int

    public init(
        topic: String, partitions: [Int32]? = nil, startOffset: KafkaStartOffset = .earliest,
        startOffsets: [Int32: Int64] = [:], maxWait: TimeAmount = .milliseconds(500),
        partitionMaxBytes: Int32 = 8 * 1024 * 1024, bufferedRecords: Int = 100_000,
        fetchMaxBytes: Int32 = 50 * 1024 * 1024, fetchesPerBroker: Int = 2
    ) {
        self.topic = topic
        self.partitions = partitions
        self.startOffset = startOffset
        self.startOffsets = startOffsets
        self.maxWait = maxWait
        self.partitionMaxBytes = partitionMaxBytes
        self.bufferedRecords = bufferedRecords
        self.fetchMaxBytes = fetchMaxBytes
        self.fetchesPerBroker = Swift.max(1, fetchesPerBroker)
    }
}
