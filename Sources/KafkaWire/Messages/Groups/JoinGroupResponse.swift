import NIOCore

/// The outcome of a join: the generation, the chosen protocol, the leader, and (for the leader only) every
/// member's metadata so it can compute the assignment it sends in SyncGroup.
///
/// Versions 2-9, flexible from v6.
public struct JoinGroupResponse: KafkaWritableResponse, Hashable {
    public struct Member: Hashable, Sendable {
        public var memberID: String
        /// v5+.
        public var groupInstanceID: String?
        public var metadata: ByteBuffer

        public init(memberID: String, groupInstanceID: String? = nil, metadata: ByteBuffer) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.metadata = metadata
        }
    }

    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    public var generationID: Int32
    /// v7+.
    public var protocolType: String?
    /// Null only in v7+.
    public var protocolName: String?
    public var leader: String
    /// v9+: the leader must not assign (the broker does it).
    public var skipAssignment: Bool
    public var memberID: String
    /// Empty unless this member is the leader.
    public var members: [Member]

    public init(
        throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .noError, generationID: Int32 = -1,
        protocolType: String? = nil, protocolName: String?, leader: String, skipAssignment: Bool = false,
        memberID: String, members: [Member] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.generationID = generationID
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.leader = leader
        self.skipAssignment = skipAssignment
        self.memberID = memberID
        self.members = members
    }

    public var isLeader: Bool { !memberID.isEmpty && leader == memberID }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        throttleTimeMs = try buffer.readKafkaInt32("ThrottleTimeMs")
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode"))
        generationID = try buffer.readKafkaInt32("GenerationId")
        protocolType = version >= 7 ? try buffer.readKafkaNullableString("ProtocolType", compact: flexible) : nil
        protocolName =
            version >= 7
            ? try buffer.readKafkaNullableString("ProtocolName", compact: flexible)
            : try buffer.readKafkaString("ProtocolName", compact: flexible)
        leader = try buffer.readKafkaString("Leader", compact: flexible)
        skipAssignment = version >= 9 ? try buffer.readKafkaBool("SkipAssignment") : false
        memberID = try buffer.readKafkaString("MemberId", compact: flexible)
        members = try buffer.readKafkaArray("Members", compact: flexible) { buffer in
            let member = Member(
                memberID: try buffer.readKafkaString("MemberId", compact: flexible),
                groupInstanceID: version >= 5
                    ? try buffer.readKafkaNullableString("GroupInstanceId", compact: flexible) : nil,
                metadata: try buffer.readKafkaBytes("Metadata", compact: flexible))
            if flexible { try buffer.readKafkaTaggedFields() }
            return member
        }
        if flexible { try buffer.readKafkaTaggedFields() }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        buffer.writeInteger(throttleTimeMs)
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeInteger(generationID)
        if version >= 7 {
            buffer.writeKafkaNullableString(protocolType, compact: flexible)
            buffer.writeKafkaNullableString(protocolName, compact: flexible)
        } else {
            buffer.writeKafkaString(protocolName ?? "", compact: flexible)
        }
        buffer.writeKafkaString(leader, compact: flexible)
        if version >= 9 { buffer.writeKafkaBool(skipAssignment) }
        buffer.writeKafkaString(memberID, compact: flexible)
        buffer.writeKafkaArray(members, compact: flexible) { buffer, member in
            buffer.writeKafkaString(member.memberID, compact: flexible)
            if version >= 5 { buffer.writeKafkaNullableString(member.groupInstanceID, compact: flexible) }
            buffer.writeKafkaBytes(member.metadata, compact: flexible)
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }
}
