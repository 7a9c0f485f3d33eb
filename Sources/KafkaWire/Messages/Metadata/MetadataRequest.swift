import NIOCore

/// Asks for the cluster's brokers and the partitions and leaders of some or all topics.
///
/// Versions 1-12 (v0 cannot ask for "no topics"); flexible from v9. Topics can be named by id from v10
/// (the broker answers name lookups in v10-11 only; v12 resolves ids).
public struct MetadataRequest: KafkaReadableRequest, Hashable {
    public typealias Response = MetadataResponse

    public static let apiKey = APIKey.metadata
    public static let supportedVersions: ClosedRange<Int16> = 1...12
    public static let firstFlexibleVersion: Int16? = 9

    public struct Topic: Hashable, Sendable {
        /// v10+; zero when the topic is named.
        public var topicID: KafkaUUID
        /// Nullable from v10 (when the topic is given by id).
        public var name: String?

        public init(name: String) {
            self.topicID = .zero
            self.name = name
        }

        public init(topicID: KafkaUUID, name: String? = nil) {
            self.topicID = topicID
            self.name = name
        }
    }

    /// The topics to describe; nil asks for all topics, empty for none (only brokers and cluster data).
    public var topics: [Topic]?
    /// v4+: whether the broker may auto-create requested topics (if configured to).
    public var allowAutoTopicCreation: Bool
    /// v8-10.
    public var includeClusterAuthorizedOperations: Bool
    /// v8+.
    public var includeTopicAuthorizedOperations: Bool

    public init(
        topics: [Topic]?, allowAutoTopicCreation: Bool = false, includeClusterAuthorizedOperations: Bool = false,
        includeTopicAuthorizedOperations: Bool = false
    ) {
        self.topics = topics
        self.allowAutoTopicCreation = allowAutoTopicCreation
        self.includeClusterAuthorizedOperations = includeClusterAuthorizedOperations
        self.includeTopicAuthorizedOperations = includeTopicAuthorizedOperations
    }

    /// Metadata for the named topics (nil: all topics).
    public init(topicNames: [String]?, allowAutoTopicCreation: Bool = false) {
        self.init(topics: topicNames.map { $0.map(Topic.init(name:)) }, allowAutoTopicCreation: allowAutoTopicCreation)
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 9
        try buffer.writeKafkaNullableArray(topics, compact: flexible) { buffer, topic in
            if version >= 10 {
                buffer.writeKafkaUUID(topic.topicID)
                buffer.writeKafkaNullableString(topic.name, compact: flexible)
            } else {
                guard let name = topic.name else {
                    throw KafkaWireError(
                        kind: .unencodable, message: "topics can only be given by id from v10",
                        field: "Topics[].Name")
                }
                buffer.writeKafkaString(name, compact: flexible)
            }
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
        if version >= 4 { buffer.writeKafkaBool(allowAutoTopicCreation) }
        if (8...10).contains(version) { buffer.writeKafkaBool(includeClusterAuthorizedOperations) }
        if version >= 8 { buffer.writeKafkaBool(includeTopicAuthorizedOperations) }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 9
        self.init(topics: nil, allowAutoTopicCreation: true)
        topics = try buffer.readKafkaNullableArray("Topics", compact: flexible) { buffer in
            var topic = Topic(topicID: .zero)
            if version >= 10 {
                topic.topicID = try buffer.readKafkaUUID("TopicId")
                topic.name = try buffer.readKafkaNullableString("Name", compact: flexible)
            } else {
                topic.name = try buffer.readKafkaString("Name", compact: flexible)
            }
            if flexible { try buffer.readKafkaTaggedFields() }
            return topic
        }
        if version >= 4 { allowAutoTopicCreation = try buffer.readKafkaBool("AllowAutoTopicCreation") }
        if (8...10).contains(version) {
            includeClusterAuthorizedOperations = try buffer.readKafkaBool("IncludeClusterAuthorizedOperations")
        }
        if version >= 8 {
            includeTopicAuthorizedOperations = try buffer.readKafkaBool("IncludeTopicAuthorizedOperations")
        }
        if flexible { try buffer.readKafkaTaggedFields() }
    }
}
