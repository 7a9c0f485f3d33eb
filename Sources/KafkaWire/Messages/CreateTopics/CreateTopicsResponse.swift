import NIOCore

/// The result of creating each topic: an error (TOPIC_ALREADY_EXISTS, INVALID_REPLICATION_FACTOR, ...) or, in
/// v5+, the partitions, replication factor and configs the topic got, and in v7+ its topic id.
///
/// Versions 2-7, flexible from v5.
public struct CreateTopicsResponse: KafkaWritableResponse, Hashable {
    public struct Config: Hashable, Sendable {
        public var name: String
        public var value: String?
        public var readOnly: Bool
        public var configSource: Int8
        public var isSensitive: Bool

        public init(
            name: String, value: String?, readOnly: Bool = false, configSource: Int8 = -1, isSensitive: Bool = false
        ) {
            self.name = name
            self.value = value
            self.readOnly = readOnly
            self.configSource = configSource
            self.isSensitive = isSensitive
        }
    }

    public struct Topic: Hashable, Sendable {
        public var name: String
        /// v7+.
        public var topicID: KafkaUUID
        public var errorCode: KafkaErrorCode
        public var errorMessage: String?
        /// v5+ (tag 0): the error that prevented describing the configs.
        public var topicConfigErrorCode: KafkaErrorCode?
        /// v5+.
        public var numPartitions: Int32
        /// v5+.
        public var replicationFactor: Int16
        /// v5+; nil when not returned.
        public var configs: [Config]?

        public init(
            name: String, topicID: KafkaUUID = .zero, errorCode: KafkaErrorCode = .noError, errorMessage: String? = nil,
            topicConfigErrorCode: KafkaErrorCode? = nil, numPartitions: Int32 = -1, replicationFactor: Int16 = -1,
            configs: [Config]? = nil
        ) {
            self.name = name
            self.topicID = topicID
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.topicConfigErrorCode = topicConfigErrorCode
            self.numPartitions = numPartitions
            self.replicationFactor = replicationFactor
            self.configs = configs
        }
    }

    public var throttleTimeMs: Int32
    public var topics: [Topic]

    public init(throttleTimeMs: Int32 = 0, topics: [Topic]) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 5
        throttleTimeMs = try buffer.readKafkaInt32("ThrottleTimeMs")
        topics = try buffer.readKafkaArray("Topics", compact: flexible) { buffer in
            var topic = Topic(name: try buffer.readKafkaString("Name", compact: flexible))
            if version >= 7 { topic.topicID = try buffer.readKafkaUUID("TopicId") }
            topic.errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode"))
            topic.errorMessage = try buffer.readKafkaNullableString("ErrorMessage", compact: flexible)
            guard flexible else { return topic }
            topic.numPartitions = try buffer.readKafkaInt32("NumPartitions")
            topic.replicationFactor = try buffer.readKafkaInt16("ReplicationFactor")
            topic.configs = try buffer.readKafkaNullableArray("Configs", compact: true) { buffer in
                let config = Config(
                    name: try buffer.readKafkaString("Name", compact: true),
                    value: try buffer.readKafkaNullableString("Value", compact: true),
                    readOnly: try buffer.readKafkaBool("ReadOnly"),
                    configSource: try buffer.readKafkaInt8("ConfigSource"),
                    isSensitive: try buffer.readKafkaBool("IsSensitive"))
                try buffer.readKafkaTaggedFields()
                return config
            }
            try buffer.readKafkaTaggedFields { tag, data in
                guard tag == 0 else { return false }
                topic.topicConfigErrorCode = KafkaErrorCode(rawValue: try data.readKafkaInt16("TopicConfigErrorCode"))
                return true
            }
            return topic
        }
        if flexible { try buffer.readKafkaTaggedFields() }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 5
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(topics, compact: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, compact: flexible)
            if version >= 7 { buffer.writeKafkaUUID(topic.topicID) }
            buffer.writeInteger(topic.errorCode.rawValue)
            buffer.writeKafkaNullableString(topic.errorMessage, compact: flexible)
            guard flexible else { return }
            buffer.writeInteger(topic.numPartitions)
            buffer.writeInteger(topic.replicationFactor)
            buffer.writeKafkaNullableArray(topic.configs, compact: true) { buffer, config in
                buffer.writeKafkaString(config.name, compact: true)
                buffer.writeKafkaNullableString(config.value, compact: true)
                buffer.writeKafkaBool(config.readOnly)
                buffer.writeInteger(config.configSource)
                buffer.writeKafkaBool(config.isSensitive)
                buffer.writeEmptyKafkaTaggedFields()
            }
            if let code = topic.topicConfigErrorCode {
                buffer.writeKafkaTaggedFields([KafkaTaggedField(tag: 0) { $0.writeInteger(code.rawValue) }])
            } else {
                buffer.writeEmptyKafkaTaggedFields()
            }
        }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }
}
