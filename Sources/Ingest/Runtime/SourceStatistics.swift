/// A source's counters, in Materialize's `mz_source_statistics` terms, plus decode errors and per-partition lag.
public struct SourceStatistics: Sendable, Hashable {
    public var messagesReceived: Int64 = 0
    public var bytesReceived: Int64 = 0
    public var updatesStaged: Int64 = 0
    public var updatesCommitted: Int64 = 0
    /// The sum over partitions of the latest offsets the cluster reported (high watermarks).
    public var offsetKnown: Int64?
    /// The sum over partitions of the committed next offsets.
    public var offsetCommitted: Int64?
    /// True once the source has committed everything that was in the topic when it started.
    public var snapshotCommitted = false
    /// Milliseconds from the start of the last run until it had caught up, once it has.
    public var rehydrationLatencyMilliseconds: Int64?
    public var decodeErrors: Int64 = 0
    /// Per partition: the high watermark and the committed next offset.
    public var partitions: [Int32: PartitionProgress] = [:]

    public struct PartitionProgress: Sendable, Hashable {
        public var highWatermark: Int64?
        public var committed: Int64

        public var lag: Int64? { highWatermark.map { Swift.max(0, $0 - committed) } }
    }

    public init() {}
}
