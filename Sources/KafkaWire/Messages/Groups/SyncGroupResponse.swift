import NIOCore

/// This member's assignment for the new generation (for consumers: a `ConsumerProtocolAssignment`).
///
/// Versions 1-5, flexible from v4.
public struct SyncGroupResponse: KafkaWritableResponse, Hashable {
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    /// v5+.
    public var protocolType: String?
    /// v5+.
    public var protocolName: String?
    public var assignment: ByteBuffer

    public init(
        throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .noError, protocolType: String? = nil,
        protocolName: String? = nil, assignment: ByteBuffer
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.assignment = assignment
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        throttleTimeMs = try buffer.readKafkaInt32("ThrottleTimeMs")
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode"))
        protocolType = version >= 5 ? try buffer.readKafkaNullableString("ProtocolType", compact: flexible) : nil
        protocolName = version >= 5 ? try buffer.readKafkaNullableString("ProtocolName", compact: flexible) : nil
        assignment = try buffer.readKafkaBytes("Assignment", compact: flexible)
        if flexible { try buffer.readKafkaTaggedFields() }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        buffer.writeInteger(throttleTimeMs)
        buffer.writeInteger(errorCode.rawValue)
        if version >= 5 {
            buffer.writeKafkaNullableString(protocolType, compact: flexible)
            buffer.writeKafkaNullableString(protocolName, compact: flexible)
        }
        buffer.writeKafkaBytes(assignment, compact: flexible)
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }
}
