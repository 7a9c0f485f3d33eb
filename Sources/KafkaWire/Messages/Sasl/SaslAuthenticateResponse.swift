import NIOCore

/// The broker's SASL token (the server-first or server-final message for SCRAM) or an authentication error.
///
/// v1+ also says how long the session may live before the client must re-authenticate (0: no limit).
public struct SaslAuthenticateResponse: KafkaWritableResponse, Hashable, CustomStringConvertible {
    public var errorCode: KafkaErrorCode
    public var errorMessage: String?
    public var authBytes: [UInt8]
    /// v1+.
    public var sessionLifetimeMs: Int64

    public init(
        errorCode: KafkaErrorCode = .noError, errorMessage: String? = nil, authBytes: [UInt8],
        sessionLifetimeMs: Int64 = 0
    ) {
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.authBytes = authBytes
        self.sessionLifetimeMs = sessionLifetimeMs
    }

    public var description: String {
        "SaslAuthenticateResponse(\(errorCode), \(errorMessage ?? "no message"), \(authBytes.count) bytes)"
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 2
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode"))
        errorMessage = try buffer.readKafkaNullableString("ErrorMessage", compact: flexible)
        authBytes = Array(try buffer.readKafkaBytes("AuthBytes", compact: flexible).readableBytesView)
        sessionLifetimeMs = version >= 1 ? try buffer.readKafkaInt64("SessionLifetimeMs") : 0
        if flexible { try buffer.readKafkaTaggedFields() }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 2
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeKafkaNullableString(errorMessage, compact: flexible)
        buffer.writeKafkaBytes(authBytes, compact: flexible)
        if version >= 1 { buffer.writeInteger(sessionLifetimeMs) }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }
}
