/// How a `KafkaGroupMember` takes part in its group: the group, the topics, the assignor it leads with, and the
/// timeouts, which default to Kafka's (the Java consumer's) defaults.
public struct KafkaGroupMemberConfiguration: Sendable {
    /// The consumer group's id.
    public var groupID: String
    /// The topics whose partitions the group shares out.
    public var topics: [String]
    /// The assignor this member offers and, when it leads, runs.
    public var assignor: KafkaGroupAssignor
    /// How long the coordinator waits without a heartbeat before it removes the member and gives its partitions
    /// to the others (`session.timeout.ms`, 45 s). Brokers accept 6 s to 30 min by default.
    public var sessionTimeout: Duration
    /// How long the coordinator waits for every member to rejoin during a rebalance (the Java consumer's
    /// `max.poll.interval.ms`, 5 min). A member's revoke handler must finish well within it.
    public var rebalanceTimeout: Duration
    /// How often the member heartbeats while it is in the group (`heartbeat.interval.ms`, 3 s); a third of the
    /// session timeout or less.
    public var heartbeatInterval: Duration
    /// Waiting between attempts after a failed FindCoordinator or a lost coordinator connection.
    public var retryBackoff: Duration

    public init(
        groupID: String, topics: [String], assignor: KafkaGroupAssignor = .range,
        sessionTimeout: Duration = .seconds(45), rebalanceTimeout: Duration = .seconds(300),
        heartbeatInterval: Duration = .seconds(3), retryBackoff: Duration = .milliseconds(100)
    ) {
        self.groupID = groupID
        self.topics = topics
        self.assignor = assignor
        self.sessionTimeout = sessionTimeout
        self.rebalanceTimeout = rebalanceTimeout
        self.heartbeatInterval = heartbeatInterval
        self.retryBackoff = retryBackoff
    }
}

/// One step in a member's ownership of partitions: before it rejoins, it gives up what it owned (`revoked`);
/// after a rebalance, it gets its new share (`assigned`) for `generation`.
///
/// The member uses Kafka's eager protocol, so a rebalance always revokes everything first: the leader may move any
/// partition, and no two members may read one partition in the same generation.
public struct KafkaGroupAssignmentChange: Sendable, Hashable, CustomStringConvertible {
    /// The generation the assignment belongs to (the one ending, for a revoke).
    public var generation: Int32
    /// This member's id in the group.
    public var memberID: String
    /// Whether this member led the rebalance (ran the assignor).
    public var isLeader: Bool
    /// Per topic, the partitions this member no longer owns.
    public var revoked: [String: [Int32]]
    /// Per topic, the partitions this member owns from now on.
    public var assigned: [String: [Int32]]

    public init(
        generation: Int32, memberID: String, isLeader: Bool = false, revoked: [String: [Int32]] = [:],
        assigned: [String: [Int32]] = [:]
    ) {
        self.generation = generation
        self.memberID = memberID
        self.isLeader = isLeader
        self.revoked = revoked
        self.assigned = assigned
    }

    /// "generation 4: revoked orders[0, 1], assigned orders[2, 3]".
    public var description: String {
        func list(_ partitions: [String: [Int32]]) -> String {
            partitions.isEmpty
                ? "nothing"
                : partitions.sorted { $0.key < $1.key }.map { "\($0.key)\($0.value.sorted())" }.joined(separator: ", ")
        }
        var parts: [String] = []
        if !revoked.isEmpty { parts.append("revoked \(list(revoked))") }
        if revoked.isEmpty || !assigned.isEmpty { parts.append("assigned \(list(assigned))") }
        return "generation \(generation): " + parts.joined(separator: ", ")
    }
}
