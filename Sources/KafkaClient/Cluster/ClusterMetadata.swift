import KafkaWire

/// What the client knows about the cluster: brokers by node id and, per topic, each partition's leader.
///
/// A plain value built from a Metadata response, so routing decisions and tests do not need a broker.
public struct ClusterMetadata: Sendable, Equatable {
    /// One partition of a topic as metadata describes it.
    public struct Partition: Sendable, Equatable {
        public var id: Int32
        public var leader: Int32
        /// The Kafka error code for this partition (0 when fine; LEADER_NOT_AVAILABLE while electing).
        public var errorCode: Int16
        public var replicas: [Int32]

        public init(id: Int32, leader: Int32, errorCode: Int16 = 0, replicas: [Int32] = []) {
            self.id = id
            self.leader = leader
            self.errorCode = errorCode
            self.replicas = replicas
        }

        /// Metadata names a leader (error 9, REPLICA_NOT_AVAILABLE, still has one).
        var hasLeader: Bool { (errorCode == 0 || errorCode == 9) && leader >= 0 }
    }

    /// One topic and its partitions, sorted by partition id.
    public struct Topic: Sendable, Equatable {
        public var name: String
        /// The Kafka error code for the topic (3 = UNKNOWN_TOPIC_OR_PARTITION).
        public var errorCode: Int16
        public var isInternal: Bool
        public var partitions: [Partition]
        /// The topic's id (Metadata v10+), which Fetch v13+ names topics by; nil when the broker gave none.
        public var topicID: KafkaUUID?

        public init(
            name: String, errorCode: Int16 = 0, isInternal: Bool = false, partitions: [Partition],
            topicID: KafkaUUID? = nil
        ) {
            self.name = name
            self.topicID = topicID
            self.errorCode = errorCode
            self.isInternal = isInternal
            self.partitions = partitions.sorted { $0.id < $1.id }
        }
    }

    /// Brokers by node id, with the advertised address the client dials through its dialer.
    public var brokers: [Int32: BrokerAddress]
    /// Topics by name.
    public var topics: [String: Topic]
    public var controllerID: Int32?
    public var clusterID: String?

    public init(
        brokers: [Int32: BrokerAddress] = [:], topics: [String: Topic] = [:], controllerID: Int32? = nil,
        clusterID: String? = nil
    ) {
        self.brokers = brokers
        self.topics = topics
        self.controllerID = controllerID
        self.clusterID = clusterID
    }

    /// The leader's address for a partition, or an error that says why there is none.
    public func leader(topic: String, partition: Int32) throws -> BrokerAddress {
        let found = try self.partition(topic: topic, partition: partition)
        guard found.hasLeader else {
            throw KafkaClientError(
                .broker, "partition \(topic)/\(partition) has no leader right now (error \(found.errorCode))",
                kafkaErrorCode: found.errorCode)
        }
        guard let broker = brokers[found.leader] else {
            throw KafkaClientError(
                .broker, "partition \(topic)/\(partition) is led by node \(found.leader), which metadata does not list")
        }
        return broker
    }

    /// Partition → node id of its leader, for the partitions of `topic` that have a leader metadata lists (what
    /// `leader(topic:partition:)` would return, in one pass and without building errors: the fetch loop asks
    /// every round).
    public func leaders(topic: String) -> [Int32: Int32] {
        var leaders: [Int32: Int32] = [:]
        for partition in (try? self.topic(topic))?.partitions ?? []
        where partition.hasLeader && brokers[partition.leader] != nil {
            leaders[partition.id] = partition.leader
        }
        return leaders
    }

    /// The partition's metadata, or `.unknownTopic` naming what is missing.
    public func partition(topic: String, partition: Int32) throws -> Partition {
        let known = try self.topic(topic)
        guard let found = known.partitions.first(where: { $0.id == partition }) else {
            throw KafkaClientError(
                .unknownTopic,
                "topic \(topic) has no partition \(partition) (it has \(known.partitions.count) partitions)",
                kafkaErrorCode: 3)
        }
        return found
    }

    /// The topic's metadata, or `.unknownTopic`.
    public func topic(_ name: String) throws -> Topic {
        guard let topic = topics[name], topic.errorCode != 3 else {
            throw KafkaClientError(
                .unknownTopic, "topic \(name) does not exist; create it or check the name", kafkaErrorCode: 3)
        }
        guard topic.errorCode == 0 else {
            throw KafkaClientError(
                .broker, "topic \(name) is not available (Kafka error \(topic.errorCode))",
                kafkaErrorCode: topic.errorCode)
        }
        return topic
    }
}
