/// How the group leader shares the subscribed topics' partitions among the members: Kafka's `range` or
/// `roundrobin` assignor, computed exactly as the Java client and librdkafka compute them, so Inlet can lead a group
/// whose other members are those clients.
///
/// A closed choice kept open for later cases (a sticky assignor) without breaking callers.
public struct KafkaGroupAssignor: Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case range, roundRobin
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// Per topic, the members subscribed to it (sorted by member id) each get one contiguous run of partitions;
    /// the first `partitions % members` get one partition more. Kafka's default for the classic protocol.
    public static let range = KafkaGroupAssignor(.range)
    /// Every subscribed partition of every topic (sorted by topic, then partition), dealt to the members in turn
    /// (sorted by member id), skipping members not subscribed to the partition's topic.
    public static let roundRobin = KafkaGroupAssignor(.roundRobin)

    /// The protocol name members offer in JoinGroup.
    public var name: String {
        switch kind {
        case .range: "range"
        case .roundRobin: "roundrobin"
        }
    }

    public var description: String { name }

    /// The assignor a JoinGroup answer names, if it is one of these.
    public init?(name: String) {
        switch name {
        case "range": self = .range
        case "roundrobin": self = .roundRobin
        default: return nil
        }
    }

    /// Shares the partitions out. `subscriptions` maps member id to the topics it subscribes to; `partitions`
    /// maps topic to its partition ids (topics missing from it are not assigned). Every member gets an entry,
    /// possibly empty; every partition of a subscribed topic goes to exactly one member.
    public func assign(
        subscriptions: [String: [String]], partitions: [String: [Int32]]
    ) -> [String: [String: [Int32]]] {
        var result: [String: [String: [Int32]]] = subscriptions.mapValues { _ in [:] }
        let members = subscriptions.keys.sorted()
        let topics = Set(subscriptions.values.flatMap { $0 }).sorted()
        switch kind {
        case .range:
            for topic in topics {
                guard let ids = partitions[topic]?.sorted(), !ids.isEmpty else { continue }
                let subscribers = members.filter { subscriptions[$0]?.contains(topic) == true }
                let share = ids.count / subscribers.count
                let extra = ids.count % subscribers.count
                var start = 0
                for (index, member) in subscribers.enumerated() {
                    let count = share + (index < extra ? 1 : 0)
                    if count > 0 { result[member, default: [:]][topic] = Array(ids[start..<start + count]) }
                    start += count
                }
            }
        case .roundRobin:
            var turn = 0
            for topic in topics {
                for partition in partitions[topic]?.sorted() ?? [] {
                    // The next member in turn that subscribes to this topic; one always exists.
                    while subscriptions[members[turn % members.count]]?.contains(topic) != true { turn += 1 }
                    result[members[turn % members.count], default: [:]][topic, default: []].append(partition)
                    turn += 1
                }
            }
        }
        return result
    }
}
