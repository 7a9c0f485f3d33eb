import NIOCore

/// Carries one SASL token from client to broker after a v1 handshake.
///
/// Versions 0-2, flexible from v2. The token holds credentials: never log it.
public struct SaslAuthenticateRequest: KafkaReadableRequest, Hashable, CustomStringConvertible {
    public typealias Response = SaslAuthenticateResponse

    public static let apiKey = APIKey.saslAuthenticate
    public static let supportedVersions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2

    public var authBytes: [UInt8]

    public init(authBytes: [UInt8]) {
        self.authBytes = authBytes
    }

    public var description: String { "SaslAuthenticateRequest(\(authBytes.count) bytes)" }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 2
        buffer.writeKafkaBytes(authBytes, compact: flexible)
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 2
        authBytes = Array(try buffer.readKafkaBytes("AuthBytes", compact: flexible).readableBytesView)
        if flexible { try buffer.readKafkaTaggedFields() }
    }
}
