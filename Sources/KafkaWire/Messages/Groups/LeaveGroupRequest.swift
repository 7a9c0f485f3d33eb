import NIOCore

/// Leaves a consumer group so its partitions are reassigned at once instead of after the session timeout.
///
/// Versions 1-5, flexible from v4. v1-2 remove exactly one member (by id); v3+ remove a batch.
public struct LeaveGroupRequest: KafkaReadableRequest, Hashable {
    public typealias Response = LeaveGroupResponse

    public static let apiKey = APIKey.leaveGroup
    public static let supportedVersions: ClosedRange<Int16> = 1...5
    public static let firstFlexibleVersion: Int16? = 4

    public struct Member: Hashable, Sendable {
        public var memberID: String
        /// v3+.
        public var groupInstanceID: String?
        /// v5+.
        public var reason: String?

        public init(memberID: String, groupInstanceID: String? = nil, reason: String? = nil) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.reason = reason
        }
    }

    public var groupID: String
    /// Exactly one in v1-2.
    public var members: [Member]

    public init(groupID: String, members: [Member]) {
        self.groupID = groupID
        self.members = members
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        buffer.writeKafkaString(groupID, compact: flexible)
        if version <= 2 {
            guard members.count == 1, let member = members.first else {
                throw KafkaWireError(
                    kind: .unencodable, message: "v\(version) removes exactly one member, not \(members.count)",
                    field: "MemberId")
            }
            buffer.writeKafkaString(member.memberID, compact: flexible)
        } else {
            buffer.writeKafkaArray(members, compact: flexible) { buffer, member in
                buffer.writeKafkaString(member.memberID, compact: flexible)
                buffer.writeKafkaNullableString(member.groupInstanceID, compact: flexible)
                if version >= 5 { buffer.writeKafkaNullableString(member.reason, compact: flexible) }
                if flexible { buffer.writeEmptyKafkaTaggedFields() }
            }
        }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        groupID = try buffer.readKafkaString("GroupId", compact: flexible)
        if version <= 2 {
            members = [Member(memberID: try buffer.readKafkaString("MemberId", compact: flexible))]
        } else {
            members = try buffer.readKafkaArray("Members", compact: flexible) { buffer in
                var member = Member(
                    memberID: try buffer.readKafkaString("MemberId", compact: flexible),
                    groupInstanceID: try buffer.readKafkaNullableString("GroupInstanceId", compact: flexible))
                if version >= 5 { member.reason = try buffer.readKafkaNullableString("Reason", compact: flexible) }
                if flexible { try buffer.readKafkaTaggedFields() }
                return member
            }
        }
        if flexible { try buffer.readKafkaTaggedFields() }
    }
}
