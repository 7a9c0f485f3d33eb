import NIOCore

/// Creates topics with a partition count and replication factor (or explicit assignments) and configs.
///
/// Versions 2-7, flexible from v5. -1 for partitions or replication factor (v4+) means "broker default".
public struct CreateTopicsRequest: KafkaReadableRequest, Hashable {
    public typealias Response = CreateTopicsResponse

    public static let apiKey = APIKey.createTopics
    public static let supportedVersions: ClosedRange<Int16> = 2...7
    public static let firstFlexibleVersion: Int16? = 5

    public struct Assignment: Hashable, Sendable {
        public var partitionIndex: Int32
        public var brokerIDs: [Int32]

        public init(partitionIndex: Int32, brokerIDs: [Int32]) {
            self.partitionIndex = partitionIndex
            self.brokerIDs = brokerIDs
        }
    }

    public struct Config: Hashable, Sendable {
        public var name: String
        public var value: String?

        public init(name: String, value: String?) {
            self.name = name
            self.value = value
        }
    }

    public struct Topic: Hashable, Sendable {
        public var name: String
        /// -1 with explicit assignments or for the broker default.
        public var numPartitions: Int32
        /// -1 with explicit assignments or for the broker default.
        public var replicationFactor: Int16
        public var assignments: [Assignment]
        public var configs: [Config]

        public init(
            name: String, numPartitions: Int32, replicationFactor: Int16, assignments: [Assignment] = [],
            configs: [Config] = []
        ) {
            self.name = name
            self.numPartitions = numPartitions
            self.replicationFactor = replicationFactor
            self.assignments = assignments
            self.configs = configs
        }
    }

    public var topics: [Topic]
    public var timeoutMs: Int32
    public var validateOnly: Bool

    public init(topics: [Topic], timeoutMs: Int32 = 60_000, validateOnly: Bool = false) {
        self.topics = topics
        self.timeoutMs = timeoutMs
        self.validateOnly = validateOnly
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 5
        buffer.writeKafkaArray(topics, compact: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, compact: flexible)
            buffer.writeInteger(topic.numPartitions)
            buffer.writeInteger(topic.replicationFactor)
            buffer.writeKafkaArray(topic.assignments, compact: flexible) { buffer, assignment in
                buffer.writeInteger(assignment.partitionIndex)
                buffer.writeKafkaInt32Array(assignment.brokerIDs, compact: flexible)
                if flexible { buffer.writeEmptyKafkaTaggedFields() }
            }
            buffer.writeKafkaArray(topic.configs, compact: flexible) { buffer, config in
                buffer.writeKafkaString(config.name, compact: flexible)
                buffer.writeKafkaNullableString(config.value, compact: flexible)
                if flexible { buffer.writeEmptyKafkaTaggedFields() }
            }
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
        buffer.writeInteger(timeoutMs)
        buffer.writeKafkaBool(validateOnly)
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 5
        topics = try buffer.readKafkaArray("Topics", compact: flexible) { buffer in
            var topic = Topic(
                name: try buffer.readKafkaString("Name", compact: flexible),
                numPartitions: try buffer.readKafkaInt32("NumPartitions"),
                replicationFactor: try buffer.readKafkaInt16("ReplicationFactor"))
            topic.assignments = try buffer.readKafkaArray("Assignments", compact: flexible) { buffer in
                let assignment = Assignment(
                    partitionIndex: try buffer.readKafkaInt32("PartitionIndex"),
                    brokerIDs: try buffer.readKafkaInt32Array("BrokerIds", compact: flexible))
                if flexible { try buffer.readKafkaTaggedFields() }
                return assignment
            }
            topic.configs = try buffer.readKafkaArray("Configs", compact: flexible) { buffer in
                let config = Config(
                    name: try buffer.readKafkaString("Name", compact: flexible),
                    value: try buffer.readKafkaNullableString("Value", compact: flexible))
                if flexible { try buffer.readKafkaTaggedFields() }
                return config
            }
            if flexible { try buffer.readKafkaTaggedFields() }
            return topic
        }
        timeoutMs = try buffer.readKafkaInt32("timeoutMs")
        validateOnly = try buffer.readKafkaBool("validateOnly")
        if flexible { try buffer.readKafkaTaggedFields() }
    }
}
