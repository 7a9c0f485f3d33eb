import NIOCore

/// The outcome of leaving: a group-level error and, in v3+, one result per removed member.
///
/// Versions 1-5, flexible from v4.
public struct LeaveGroupResponse: KafkaWritableResponse, Hashable {
    public struct Member: Hashable, Sendable {
        public var memberID: String
        public var groupInstanceID: String?
        public var errorCode: KafkaErrorCode

        public init(memberID: String, groupInstanceID: String? = nil, errorCode: KafkaErrorCode = .noError) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.errorCode = errorCode
        }
    }

    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    /// v3+.
    public var members: [Member]

    public init(throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .noError, members: [Member] = []) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.members = members
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        throttleTimeMs = try buffer.readKafkaInt32("ThrottleTimeMs")
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode"))
        members =
            version >= 3
            ? try buffer.readKafkaArray("Members", compact: flexible) { buffer in
                let member = Member(
                    memberID: try buffer.readKafkaString("MemberId", compact: flexible),
                    groupInstanceID: try buffer.readKafkaNullableString("GroupInstanceId", compact: flexible),
                    errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode")))
                if flexible { try buffer.readKafkaTaggedFields() }
                return member
            } : []
        if flexible { try buffer.readKafkaTaggedFields() }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        buffer.writeInteger(throttleTimeMs)
        buffer.writeInteger(errorCode.rawValue)
        if version >= 3 {
            buffer.writeKafkaArray(members, compact: flexible) { buffer, member in
                buffer.writeKafkaString(member.memberID, compact: flexible)
                buffer.writeKafkaNullableString(member.groupInstanceID, compact: flexible)
                buffer.writeInteger(member.errorCode.rawValue)
                if flexible { buffer.writeEmptyKafkaTaggedFields() }
            }
        }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }
}
