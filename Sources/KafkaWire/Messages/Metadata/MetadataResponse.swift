import NIOCore

/// The cluster's brokers (with the host and port each *advertises*) and, per topic, partitions and leaders.
///
/// The advertised addresses are exactly what Inlet's routing rewrites: they are often unreachable from where
/// Inlet runs. Versions 1-12, flexible from v9.
public struct MetadataResponse: KafkaWritableResponse, Hashable {
    public struct Broker: Hashable, Sendable {
        public var nodeID: Int32
        public var host: String
        public var port: Int32
        public var rack: String?

        public init(nodeID: Int32, host: String, port: Int32, rack: String? = nil) {
            self.nodeID = nodeID
            self.host = host
            self.port = port
            self.rack = rack
        }
    }

    public struct Partition: Hashable, Sendable {
        public var errorCode: KafkaErrorCode
        public var partitionIndex: Int32
        public var leaderID: Int32
        /// v7+; -1 when unknown.
        public var leaderEpoch: Int32
        public var replicaNodes: [Int32]
        public var isrNodes: [Int32]
        /// v5+.
        public var offlineReplicas: [Int32]

        public init(
            errorCode: KafkaErrorCode = .noError, partitionIndex: Int32, leaderID: Int32, leaderEpoch: Int32 = -1,
            replicaNodes: [Int32] = [], isrNodes: [Int32] = [], offlineReplicas: [Int32] = []
        ) {
            self.errorCode = errorCode
            self.partitionIndex = partitionIndex
            self.leaderID = leaderID
            self.leaderEpoch = leaderEpoch
            self.replicaNodes = replicaNodes
            self.isrNodes = isrNodes
            self.offlineReplicas = offlineReplicas
        }
    }

    public struct Topic: Hashable, Sendable {
        public var errorCode: KafkaErrorCode
        /// Null only in v12+, for unknown topics asked for by id.
        public var name: String?
        /// v10+; zero when unknown.
        public var topicID: KafkaUUID
        /// v1+.
        public var isInternal: Bool
        public var partitions: [Partition]
        /// v8+; Int32.min when not requested.
        public var topicAuthorizedOperations: Int32

        public init(
            errorCode: KafkaErrorCode = .noError, name: String?, topicID: KafkaUUID = .zero, isInternal: Bool = false,
            partitions: [Partition], topicAuthorizedOperations: Int32 = Int32.min
        ) {
            self.errorCode = errorCode
            self.name = name
            self.topicID = topicID
            self.isInternal = isInternal
            self.partitions = partitions
            self.topicAuthorizedOperations = topicAuthorizedOperations
        }
    }

    /// v3+.
    public var throttleTimeMs: Int32
    public var brokers: [Broker]
    /// v2+.
    public var clusterID: String?
    /// -1 when unknown.
    public var controllerID: Int32
    public var topics: [Topic]
    /// v8-10; Int32.min when not requested.
    public var clusterAuthorizedOperations: Int32

    public init(
        throttleTimeMs: Int32 = 0, brokers: [Broker], clusterID: String? = nil, controllerID: Int32 = -1,
        topics: [Topic], clusterAuthorizedOperations: Int32 = Int32.min
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.brokers = brokers
        self.clusterID = clusterID
        self.controllerID = controllerID
        self.topics = topics
        self.clusterAuthorizedOperations = clusterAuthorizedOperations
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 9
        self.init(brokers: [], topics: [])
        if version >= 3 { throttleTimeMs = try buffer.readKafkaInt32("ThrottleTimeMs") }
        brokers = try buffer.readKafkaArray("Brokers", compact: flexible) { buffer in
            let broker = Broker(
                nodeID: try buffer.readKafkaInt32("NodeId"),
                host: try buffer.readKafkaString("Host", compact: flexible),
                port: try buffer.readKafkaInt32("Port"),
                rack: try buffer.readKafkaNullableString("Rack", compact: flexible))
            if flexible { try buffer.readKafkaTaggedFields() }
            return broker
        }
        if version >= 2 { clusterID = try buffer.readKafkaNullableString("ClusterId", compact: flexible) }
        controllerID = try buffer.readKafkaInt32("ControllerId")
        topics = try buffer.readKafkaArray("Topics", compact: flexible) { buffer in
            try Self.readTopic(&buffer, version: version)
        }
        if (8...10).contains(version) {
            clusterAuthorizedOperations = try buffer.readKafkaInt32("ClusterAuthorizedOperations")
        }
        if flexible { try buffer.readKafkaTaggedFields() }
    }

    private static func readTopic(_ buffer: inout ByteBuffer, version: Int16) throws -> Topic {
        let flexible = version >= 9
        let errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode"))
        var topic = Topic(errorCode: errorCode, name: nil, partitions: [])
        topic.name =
            version >= 12
            ? try buffer.readKafkaNullableString("Name", compact: flexible)
            : try buffer.readKafkaString("Name", compact: flexible)
        if version >= 10 { topic.topicID = try buffer.readKafkaUUID("TopicId") }
        topic.isInternal = try buffer.readKafkaBool("IsInternal")
        topic.partitions = try buffer.readKafkaArray("Partitions", compact: flexible) { buffer in
            var partition = Partition(
                errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode")),
                partitionIndex: try buffer.readKafkaInt32("PartitionIndex"),
                leaderID: try buffer.readKafkaInt32("LeaderId"))
            if version >= 7 { partition.leaderEpoch = try buffer.readKafkaInt32("LeaderEpoch") }
            partition.replicaNodes = try buffer.readKafkaInt32Array("ReplicaNodes", compact: flexible)
            partition.isrNodes = try buffer.readKafkaInt32Array("IsrNodes", compact: flexible)
            if version >= 5 {
                partition.offlineReplicas = try buffer.readKafkaInt32Array("OfflineReplicas", compact: flexible)
            }
            if flexible { try buffer.readKafkaTaggedFields() }
            return partition
        }
        if version >= 8 { topic.topicAuthorizedOperations = try buffer.readKafkaInt32("TopicAuthorizedOperations") }
        if flexible { try buffer.readKafkaTaggedFields() }
        return topic
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 9
        if version >= 3 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeKafkaArray(brokers, compact: flexible) { buffer, broker in
            buffer.writeInteger(broker.nodeID)
            buffer.writeKafkaString(broker.host, compact: flexible)
            buffer.writeInteger(broker.port)
            buffer.writeKafkaNullableString(broker.rack, compact: flexible)
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
        if version >= 2 { buffer.writeKafkaNullableString(clusterID, compact: flexible) }
        buffer.writeInteger(controllerID)
        try buffer.writeKafkaArray(topics, compact: flexible) { buffer, topic in
            try Self.writeTopic(topic, into: &buffer, version: version)
        }
        if (8...10).contains(version) { buffer.writeInteger(clusterAuthorizedOperations) }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }

    private static func writeTopic(_ topic: Topic, into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 9
        buffer.writeInteger(topic.errorCode.rawValue)
        if version >= 12 {
            buffer.writeKafkaNullableString(topic.name, compact: flexible)
        } else {
            guard let name = topic.name else {
                throw KafkaWireError(
                    kind: .unencodable, message: "topic name is null before v12", field: "Topics[].Name")
            }
            buffer.writeKafkaString(name, compact: flexible)
        }
        if version >= 10 { buffer.writeKafkaUUID(topic.topicID) }
        buffer.writeKafkaBool(topic.isInternal)
        buffer.writeKafkaArray(topic.partitions, compact: flexible) { buffer, partition in
            buffer.writeInteger(partition.errorCode.rawValue)
            buffer.writeInteger(partition.partitionIndex)
            buffer.writeInteger(partition.leaderID)
            if version >= 7 { buffer.writeInteger(partition.leaderEpoch) }
            buffer.writeKafkaInt32Array(partition.replicaNodes, compact: flexible)
            buffer.writeKafkaInt32Array(partition.isrNodes, compact: flexible)
            if version >= 5 { buffer.writeKafkaInt32Array(partition.offlineReplicas, compact: flexible) }
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
        if version >= 8 { buffer.writeInteger(topic.topicAuthorizedOperations) }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }
}
