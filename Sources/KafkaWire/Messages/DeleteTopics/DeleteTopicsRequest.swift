import NIOCore

/// Deletes topics by name (v1-6) or by id (v6+).
///
/// Versions 1-6, flexible from v4. In v1-5 only names travel; topics given by id alone cannot be written there.
public struct DeleteTopicsRequest: KafkaReadableRequest, Hashable {
    public typealias Response = DeleteTopicsResponse

    public static let apiKey = APIKey.deleteTopics
    public static let supportedVersions: ClosedRange<Int16> = 1...6
    public static let firstFlexibleVersion: Int16? = 4

    public struct Topic: Hashable, Sendable {
        public var name: String?
        /// v6+; zero when named.
        public var topicID: KafkaUUID

        public init(name: String?, topicID: KafkaUUID = .zero) {
            self.name = name
            self.topicID = topicID
        }
    }

    public var topics: [Topic]
    public var timeoutMs: Int32

    public init(topics: [Topic], timeoutMs: Int32 = 30_000) {
        self.topics = topics
        self.timeoutMs = timeoutMs
    }

    public init(topicNames: [String], timeoutMs: Int32 = 30_000) {
        self.init(topics: topicNames.map { Topic(name: $0) }, timeoutMs: timeoutMs)
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        if version >= 6 {
            buffer.writeKafkaArray(topics, compact: true) { buffer, topic in
                buffer.writeKafkaNullableString(topic.name, compact: true)
                buffer.writeKafkaUUID(topic.topicID)
                buffer.writeEmptyKafkaTaggedFields()
            }
        } else {
            try buffer.writeKafkaArray(topics, compact: flexible) { buffer, topic in
                guard let name = topic.name else {
                    throw KafkaWireError(
                        kind: .unencodable, message: "topics can only be deleted by id from v6", field: "TopicNames")
                }
                buffer.writeKafkaString(name, compact: flexible)
            }
        }
        buffer.writeInteger(timeoutMs)
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        if version >= 6 {
            topics = try buffer.readKafkaArray("Topics", compact: true) { buffer in
                let topic = Topic(
                    name: try buffer.readKafkaNullableString("Name", compact: true),
                    topicID: try buffer.readKafkaUUID("TopicId"))
                try buffer.readKafkaTaggedFields()
                return topic
            }
        } else {
            topics = try buffer.readKafkaStringArray("TopicNames", compact: flexible).map { Topic(name: $0) }
        }
        timeoutMs = try buffer.readKafkaInt32("TimeoutMs")
        if flexible { try buffer.readKafkaTaggedFields() }
    }
}
