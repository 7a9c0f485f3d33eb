import KafkaClient
import NIOConcurrencyHelpers

/// How a source's runtime takes part in the source's consumer group when several replicas share its store: the
/// assignor and the group timeouts.
///
/// The session timeout is 10 s (Kafka's default before 3.0; 45 s since): a replica killed and started again joins
/// as a new member, and its old self keeps its partitions until its session expires, so this bounds both a
/// restart's pause and a dead replica's. The rebalance timeout is one minute rather than the Java consumer's five:
/// a revoke waits for the commits of what was fetched, which takes seconds.
public struct SourceGroupMembership: Sendable {
    /// How the leader shares the partitions out; `range` gives each replica one contiguous run.
    public var assignor: KafkaGroupAssignor
    /// How long a replica that stopped heartbeating (killed, paused, cut off) keeps its partitions.
    public var sessionTimeout: Duration
    /// How long a rebalance waits for every replica to rejoin.
    public var rebalanceTimeout: Duration
    /// How often a replica heartbeats.
    public var heartbeatInterval: Duration
    /// Test observation points of the member (held heartbeats, no LeaveGroup).
    public var hooks: KafkaGroupMemberHooks

    public init(
        assignor: KafkaGroupAssignor = .range, sessionTimeout: Duration = .seconds(10),
        rebalanceTimeout: Duration = .seconds(60), heartbeatInterval: Duration = .seconds(3),
        hooks: KafkaGroupMemberHooks = KafkaGroupMemberHooks()
    ) {
        self.assignor = assignor
        self.sessionTimeout = sessionTimeout
        self.rebalanceTimeout = rebalanceTimeout
        self.heartbeatInterval = heartbeatInterval
        self.hooks = hooks
    }

    func memberConfiguration(groupID: String, topic: String) -> KafkaGroupMemberConfiguration {
        KafkaGroupMemberConfiguration(
            groupID: groupID, topics: [topic], assignor: assignor, sessionTimeout: sessionTimeout,
            rebalanceTimeout: rebalanceTimeout, heartbeatInterval: heartbeatInterval)
    }
}

/// The partitions one generation of the group gave this replica, and the way to take them back: a revoke stops
/// the consumer reading them, and the revoke waits until the run over them has ended (its last commit stored or
/// fenced).
final class PartitionOwnership: Sendable, CustomStringConvertible {
    let generation: Int32
    let memberID: String
    let partitions: [Int32]
    let topicPartitions: Int
    let groupID: String
    private let state = NIOLockedValueBox<(consumer: KafkaConsumer?, revoked: Bool)>((nil, false))
    /// Finished when the run over the partitions has ended; awaited by `revoke()` alone.
    private let ended: AsyncStream<Void>
    private let end: AsyncStream<Void>.Continuation
    /// Finished when the partitions are revoked; awaited by `waitUntilRevoked()` alone.
    private let revocation: AsyncStream<Void>
    private let revoked: AsyncStream<Void>.Continuation

    init(generation: Int32, memberID: String, partitions: [Int32], topicPartitions: Int, groupID: String) {
        self.generation = generation
        self.memberID = memberID
        self.partitions = partitions
        self.topicPartitions = topicPartitions
        self.groupID = groupID
        (ended, end) = AsyncStream.makeStream()
        (revocation, revoked) = AsyncStream.makeStream()
    }

    /// Whether the group took these partitions back.
    var isRevoked: Bool { state.withLockedValue { $0.revoked } }

    /// The run's consumer of these partitions; stopped at once when they were revoked already.
    func consuming(_ consumer: KafkaConsumer) {
        let revoked = state.withLockedValue { state in
            state.consumer = consumer
            return state.revoked
        }
        if revoked { consumer.stop() }
    }

    /// Stops reading these partitions and waits until the run over them has ended.
    func revoke() async {
        let consumer = state.withLockedValue { state in
            state.revoked = true
            return state.consumer
        }
        consumer?.stop()
        revoked.finish()
        for await _ in ended {}
    }

    /// Waits until the partitions are revoked (a replica that owns none has nothing to run).
    func waitUntilRevoked() async {
        for await _ in revocation {}
    }

    /// The run over these partitions has ended.
    func finished() { end.finish() }

    /// "partitions 0-5 of 12 (consumer group inlet-u7, generation 3)".
    var description: String {
        let owned = partitions.isEmpty ? "no partitions" : "partitions \(Self.ranges(partitions))"
        return "this replica owns \(owned) of \(topicPartitions) (consumer group \(groupID), generation \(generation))"
    }

    /// "0-5, 8, 10-11".
    static func ranges(_ partitions: [Int32]) -> String {
        var runs: [(Int32, Int32)] = []
        for partition in partitions.sorted() {
            if let last = runs.last, last.1 + 1 == partition {
                runs[runs.count - 1].1 = partition
            } else {
                runs.append((partition, partition))
            }
        }
        return runs.map { $0.0 == $0.1 ? "\($0.0)" : "\($0.0)-\($0.1)" }.joined(separator: ", ")
    }
}
