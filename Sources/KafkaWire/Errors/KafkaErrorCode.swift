/// A Kafka protocol error code, as carried by responses (top level, per topic, per partition).
///
/// An open struct over `Int16` rather than an enum: brokers newer than Inlet send codes we have never heard of,
/// and those must still travel, print and compare. Known codes have a static member (`.notLeaderOrFollower`),
/// their protocol name and whether Kafka's own clients treat them as retriable.
public struct KafkaErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int16

    public init(rawValue: Int16) { self.rawValue = rawValue }

    /// The protocol name, e.g. `NOT_LEADER_OR_FOLLOWER`, or `UNKNOWN_ERROR_CODE(n)` for a code Inlet does not know.
    public var name: String { Self.knownInfo(rawValue)?.name ?? "UNKNOWN_ERROR_CODE(\(rawValue))" }

    /// Whether retrying the same request (usually after refreshing metadata or backing off) can succeed.
    public var isRetriable: Bool { Self.knownInfo(rawValue)?.isRetriable ?? false }

    /// Kafka's own one-line explanation of the code (empty for `NONE` and unknown codes).
    public var explanation: String { Self.knownInfo(rawValue)?.description ?? "" }

    /// True for every code except `NONE` (0).
    public var isError: Bool { rawValue != 0 }

    /// True when the client's view of partition leadership is stale and metadata should be refreshed.
    public var invalidatesMetadata: Bool {
        switch self {
        case .notLeaderOrFollower, .unknownTopicOrPartition, .leaderNotAvailable, .fencedLeaderEpoch,
            .unknownLeaderEpoch, .kafkaStorageError, .unknownTopicId, .inconsistentTopicId, .notCoordinator,
            .coordinatorNotAvailable:
            true
        default:
            false
        }
    }

    public var description: String { "\(name) (\(rawValue))" }

    struct Info {
        var name: String
        var isRetriable: Bool
        var description: String
    }
}
