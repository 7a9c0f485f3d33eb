import NIOCore

/// Names the SASL mechanism the client wants (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512).
///
/// Versions 0-1, never flexible. v0 is followed by raw SASL tokens on the connection; v1 by SaslAuthenticate
/// requests, which is what Inlet uses.
public struct SaslHandshakeRequest: KafkaReadableRequest, Hashable {
    public typealias Response = SaslHandshakeResponse

    public static let apiKey = APIKey.saslHandshake
    public static let supportedVersions: ClosedRange<Int16> = 0...1
    public static let firstFlexibleVersion: Int16? = nil

    public var mechanism: String

    public init(mechanism: String) {
        self.mechanism = mechanism
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        buffer.writeKafkaString(mechanism, compact: false)
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        mechanism = try buffer.readKafkaString("Mechanism", compact: false)
    }
}
