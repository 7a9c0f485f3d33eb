import NIOCore

/// Completes a rebalance: the leader sends every member's assignment, followers send none, and each member gets
/// its own assignment back.
///
/// Versions 1-5, flexible from v4.
public struct SyncGroupRequest: KafkaReadableRequest, Hashable {
    public typealias Response = SyncGroupResponse

    public static let apiKey = APIKey.syncGroup
    public static let supportedVersions: ClosedRange<Int16> = 1...5
    public static let firstFlexibleVersion: Int16? = 4

    public struct Assignment: Hashable, Sendable {
        public var memberID: String
        /// For consumers: a `ConsumerProtocolAssignment`.
        public var assignment: ByteBuffer

        public init(memberID: String, assignment: ByteBuffer) {
            self.memberID = memberID
            self.assignment = assignment
        }
    }

    public var groupID: String
    public var generationID: Int32
    public var memberID: String
    /// v3+.
    public var groupInstanceID: String?
    /// v5+.
    public var protocolType: String?
    /// v5+.
    public var protocolName: String?
    /// Empty unless the member is the leader.
    public var assignments: [Assignment]

    public init(
        groupID: String, generationID: Int32, memberID: String, groupInstanceID: String? = nil,
        protocolType: String? = nil, protocolName: String? = nil, assignments: [Assignment] = []
    ) {
        self.groupID = groupID
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.assignments = assignments
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        buffer.writeKafkaString(groupID, compact: flexible)
        buffer.writeInteger(generationID)
        buffer.writeKafkaString(memberID, compact: flexible)
        if version >= 3 { buffer.writeKafkaNullableString(groupInstanceID, compact: flexible) }
        if version >= 5 {
            buffer.writeKafkaNullableString(protocolType, compact: flexible)
            buffer.writeKafkaNullableString(protocolName, compact: flexible)
        }
        buffer.writeKafkaArray(assignments, compact: flexible) { buffer, assignment in
            buffer.writeKafkaString(assignment.memberID, compact: flexible)
            buffer.writeKafkaBytes(assignment.assignment, compact: flexible)
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        groupID = try buffer.readKafkaString("GroupId", compact: flexible)
        generationID = try buffer.readKafkaInt32("GenerationId")
        memberID = try buffer.readKafkaString("MemberId", compact: flexible)
        groupInstanceID = version >= 3 ? try buffer.readKafkaNullableString("GroupInstanceId", compact: flexible) : nil
        protocolType = version >= 5 ? try buffer.readKafkaNullableString("ProtocolType", compact: flexible) : nil
        protocolName = version >= 5 ? try buffer.readKafkaNullableString("ProtocolName", compact: flexible) : nil
        assignments = try buffer.readKafkaArray("Assignments", compact: flexible) { buffer in
            let assignment = Assignment(
                memberID: try buffer.readKafkaString("MemberId", compact: flexible),
                assignment: try buffer.readKafkaBytes("Assignment", compact: flexible))
            if flexible { try buffer.readKafkaTaggedFields() }
            return assignment
        }
        if flexible { try buffer.readKafkaTaggedFields() }
    }
}
