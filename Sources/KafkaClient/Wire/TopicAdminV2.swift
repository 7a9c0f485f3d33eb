import KafkaWire
import NIOCore

// CreateTopics v2 and DeleteTopics v1: the non-flexible versions every broker since Kafka 1.0 (and tansu)
// accepts, enough for the admin API.

struct CreateTopicsV2Request: KafkaRequest {
    typealias Response = TopicErrorsResponse
    static let apiKey = APIKey.createTopics
    static let supportedVersions: ClosedRange<Int16> = 2...2
    static let firstFlexibleVersion: Int16? = nil

    var topics: [KafkaTopicSpecification]
    var timeoutMs: Int32

    func write(into buffer: inout ByteBuffer, version: Int16) throws {
        buffer.writeInteger(Int32(topics.count))
        for topic in topics {
            buffer.writeKafkaString(topic.name, compact: false)
            buffer.writeInteger(topic.partitions)
            buffer.writeInteger(topic.replicationFactor)
            buffer.writeInteger(Int32(0))  // assignments
            buffer.writeInteger(Int32(topic.configs.count))
            for (name, value) in topic.configs.sorted(by: { $0.key < $1.key }) {
                buffer.writeKafkaString(name, compact: false)
                buffer.writeKafkaNullableString(value, compact: false)
            }
        }
        buffer.writeInteger(timeoutMs)
        buffer.writeInteger(Int8(0))  // validate_only
    }
}

struct DeleteTopicsV1Request: KafkaRequest {
    typealias Response = TopicErrorsResponse
    static let apiKey = APIKey.deleteTopics
    static let supportedVersions: ClosedRange<Int16> = 1...1
    static let firstFlexibleVersion: Int16? = nil

    var names: [String]
    var timeoutMs: Int32

    func write(into buffer: inout ByteBuffer, version: Int16) throws {
        buffer.writeInteger(Int32(names.count))
        for name in names { buffer.writeKafkaString(name, compact: false) }
        buffer.writeInteger(timeoutMs)
    }
}

/// The per-topic outcome of CreateTopics v2 (with messages) or DeleteTopics v1 (without).
struct TopicErrorsResponse: KafkaResponse {
    var results: [(name: String, error: KafkaErrorCode, message: String?)] = []

    init(from buffer: inout ByteBuffer, version: Int16) throws {
        _ = try buffer.readKafkaInt32("ThrottleTimeMs")
        let count = try buffer.readKafkaInt32("Topics")
        for _ in 0..<max(0, count) {
            let name = try buffer.readKafkaString("Name", compact: false)
            let error = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode"))
            // CreateTopics v1+ carries a message; DeleteTopics v1 does not.
            let message = version == 2 ? try buffer.readKafkaNullableString("ErrorMessage", compact: false) : nil
            results.append((name, error, message))
        }
    }
}
