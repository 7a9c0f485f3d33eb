import NIOCore

/// Joins (or rejoins) a classic consumer group, offering the member's protocols and their metadata
/// (for consumers: a `ConsumerProtocolSubscription` per assignor).
///
/// Versions 2-9, flexible from v6. A first join with an empty member id is answered MEMBER_ID_REQUIRED (v4+)
/// with the id to rejoin with.
public struct JoinGroupRequest: KafkaReadableRequest, Hashable {
    public typealias Response = JoinGroupResponse

    public static let apiKey = APIKey.joinGroup
    public static let supportedVersions: ClosedRange<Int16> = 2...9
    public static let firstFlexibleVersion: Int16? = 6

    public struct GroupProtocol: Hashable, Sendable {
        /// The assignor name, e.g. `range` or `cooperative-sticky`.
        public var name: String
        public var metadata: ByteBuffer

        public init(name: String, metadata: ByteBuffer) {
            self.name = name
            self.metadata = metadata
        }
    }

    public var groupID: String
    public var sessionTimeoutMs: Int32
    public var rebalanceTimeoutMs: Int32
    public var memberID: String
    /// v5+: static membership.
    public var groupInstanceID: String?
    /// `consumer` for consumers.
    public var protocolType: String
    public var protocols: [GroupProtocol]
    /// v8+.
    public var reason: String?

    public init(
        groupID: String, sessionTimeoutMs: Int32, rebalanceTimeoutMs: Int32, memberID: String = "",
        groupInstanceID: String? = nil, protocolType: String = "consumer", protocols: [GroupProtocol],
        reason: String? = nil
    ) {
        self.groupID = groupID
        self.sessionTimeoutMs = sessionTimeoutMs
        self.rebalanceTimeoutMs = rebalanceTimeoutMs
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.protocolType = protocolType
        self.protocols = protocols
        self.reason = reason
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        buffer.writeKafkaString(groupID, compact: flexible)
        buffer.writeInteger(sessionTimeoutMs)
        buffer.writeInteger(rebalanceTimeoutMs)
        buffer.writeKafkaString(memberID, compact: flexible)
        if version >= 5 { buffer.writeKafkaNullableString(groupInstanceID, compact: flexible) }
        buffer.writeKafkaString(protocolType, compact: flexible)
        buffer.writeKafkaArray(protocols, compact: flexible) { buffer, groupProtocol in
            buffer.writeKafkaString(groupProtocol.name, compact: flexible)
            buffer.writeKafkaBytes(groupProtocol.metadata, compact: flexible)
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
        if version >= 8 { buffer.writeKafkaNullableString(reason, compact: flexible) }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        groupID = try buffer.readKafkaString("GroupId", compact: flexible)
        sessionTimeoutMs = try buffer.readKafkaInt32("SessionTimeoutMs")
        rebalanceTimeoutMs = try buffer.readKafkaInt32("RebalanceTimeoutMs")
        memberID = try buffer.readKafkaString("MemberId", compact: flexible)
        groupInstanceID = version >= 5 ? try buffer.readKafkaNullableString("GroupInstanceId", compact: flexible) : nil
        protocolType = try buffer.readKafkaString("ProtocolType", compact: flexible)
        protocols = try buffer.readKafkaArray("Protocols", compact: flexible) { buffer in
            let groupProtocol = GroupProtocol(
                name: try buffer.readKafkaString("Name", compact: flexible),
                metadata: try buffer.readKafkaBytes("Metadata", compact: flexible))
            if flexible { try buffer.readKafkaTaggedFields() }
            return groupProtocol
        }
        reason = version >= 8 ? try buffer.readKafkaNullableString("Reason", compact: flexible) : nil
        if flexible { try buffer.readKafkaTaggedFields() }
    }
}
