import NIOCore

/// Tells the coordinator a group member is alive; the answer says whether a rebalance is in progress.
///
/// Versions 1-4, flexible from v4.
public struct HeartbeatRequest: KafkaReadableRequest, Hashable {
    public typealias Response = HeartbeatResponse

    public static let apiKey = APIKey.heartbeat
    public static let supportedVersions: ClosedRange<Int16> = 1...4
    public static let firstFlexibleVersion: Int16? = 4

    public var groupID: String
    public var generationID: Int32
    public var memberID: String
    /// v3+.
    public var groupInstanceID: String?

    public init(groupID: String, generationID: Int32, memberID: String, groupInstanceID: String? = nil) {
        self.groupID = groupID
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        buffer.writeKafkaString(groupID, compact: flexible)
        buffer.writeInteger(generationID)
        buffer.writeKafkaString(memberID, compact: flexible)
        if version >= 3 { buffer.writeKafkaNullableString(groupInstanceID, compact: flexible) }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        groupID = try buffer.readKafkaString("GroupId", compact: flexible)
        generationID = try buffer.readKafkaInt32("GenerationId")
        memberID = try buffer.readKafkaString("MemberId", compact: flexible)
        groupInstanceID = version >= 3 ? try buffer.readKafkaNullableString("GroupInstanceId", compact: flexible) : nil
        if flexible { try buffer.readKafkaTaggedFields() }
    }
}
