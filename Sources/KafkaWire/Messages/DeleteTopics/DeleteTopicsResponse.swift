import NIOCore

/// The result of deleting each topic.
///
/// Versions 1-6, flexible from v4; error messages from v5, topic ids (and null names) from v6.
public struct DeleteTopicsResponse: KafkaWritableResponse, Hashable {
    public struct Result: Hashable, Sendable {
        /// Null only in v6+, for topics deleted by an unknown id.
        public var name: String?
        /// v6+.
        public var topicID: KafkaUUID
        public var errorCode: KafkaErrorCode
        /// v5+.
        public var errorMessage: String?

        public init(
            name: String?, topicID: KafkaUUID = .zero, errorCode: KafkaErrorCode = .noError, errorMessage: String? = nil
        ) {
            self.name = name
            self.topicID = topicID
            self.errorCode = errorCode
            self.errorMessage = errorMessage
        }
    }

    public var throttleTimeMs: Int32
    public var responses: [Result]

    public init(throttleTimeMs: Int32 = 0, responses: [Result]) {
        self.throttleTimeMs = throttleTimeMs
        self.responses = responses
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        throttleTimeMs = try buffer.readKafkaInt32("ThrottleTimeMs")
        responses = try buffer.readKafkaArray("Responses", compact: flexible) { buffer in
            var result = Result(
                name: version >= 6
                    ? try buffer.readKafkaNullableString("Name", compact: flexible)
                    : try buffer.readKafkaString("Name", compact: flexible))
            if version >= 6 { result.topicID = try buffer.readKafkaUUID("TopicId") }
            result.errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode"))
            if version >= 5 {
                result.errorMessage = try buffer.readKafkaNullableString("ErrorMessage", compact: flexible)
            }
            if flexible { try buffer.readKafkaTaggedFields() }
            return result
        }
        if flexible { try buffer.readKafkaTaggedFields() }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        buffer.writeInteger(throttleTimeMs)
        try buffer.writeKafkaArray(responses, compact: flexible) { buffer, result in
            if version >= 6 {
                buffer.writeKafkaNullableString(result.name, compact: flexible)
                buffer.writeKafkaUUID(result.topicID)
            } else {
                guard let name = result.name else {
                    throw KafkaWireError(
                        kind: .unencodable, message: "name is null before v6", field: "Responses[].Name")
                }
                buffer.writeKafkaString(name, compact: flexible)
            }
            buffer.writeInteger(result.errorCode.rawValue)
            if version >= 5 { buffer.writeKafkaNullableString(result.errorMessage, compact: flexible) }
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }
}
