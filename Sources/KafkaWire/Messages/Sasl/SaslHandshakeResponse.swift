import NIOCore

/// The broker's answer to a handshake: an error (UNSUPPORTED_SASL_MECHANISM) and the mechanisms it enables.
public struct SaslHandshakeResponse: KafkaWritableResponse, Hashable {
    public var errorCode: KafkaErrorCode
    public var mechanisms: [String]

    public init(errorCode: KafkaErrorCode = .noError, mechanisms: [String]) {
        self.errorCode = errorCode
        self.mechanisms = mechanisms
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode"))
        mechanisms = try buffer.readKafkaStringArray("Mechanisms", compact: false)
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeKafkaStringArray(mechanisms, compact: false)
    }
}
