import NIOCore

/// The coordinator's answer to a heartbeat: NONE, or REBALANCE_IN_PROGRESS / UNKNOWN_MEMBER_ID /
/// ILLEGAL_GENERATION when the member must rejoin.
///
/// Versions 1-4, flexible from v4.
public struct HeartbeatResponse: KafkaWritableResponse, Hashable {
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode

    public init(throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .noError) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        throttleTimeMs = try buffer.readKafkaInt32("ThrottleTimeMs")
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode"))
        if version >= 4 { try buffer.readKafkaTaggedFields() }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        buffer.writeInteger(throttleTimeMs)
        buffer.writeInteger(errorCode.rawValue)
        if version >= 4 { buffer.writeEmptyKafkaTaggedFields() }
    }
}
