import NIOCore

/// Frames the client's byte stream into `PGFrontendMessage`s, switching from untyped startup packets to typed
/// messages once the StartupMessage has arrived.
///
/// SSLRequest and GSSENCRequest keep the decoder in the startup phase, as the protocol demands.
public struct PGFrontendMessageDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = PGFrontendMessage

    private var inStartupPhase = true

    public init() {}

    public mutating func decode(buffer: inout ByteBuffer) throws -> PGFrontendMessage? {
        if inStartupPhase {
            let message = try PGFrontendMessage.decodeStartupPacket(from: &buffer)
            switch message {
            case .startup:
                inStartupPhase = false
            case .sslRequest, .gssEncryptionRequest:
                // A client must wait for the one-byte answer; bytes already here were sent before it and would be
                // read as if they came through TLS (CVE-2021-23214), so they end the connection.
                if buffer.readableBytes > 0 {
                    throw PGWireError("received unencrypted data after SSL request")
                }
            default:
                break
            }
            return message
        }
        return try PGFrontendMessage.decodeMessage(from: &buffer)
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> PGFrontendMessage? {
        try decode(buffer: &buffer)
    }
}

/// Writes `PGBackendMessage`s to the channel as bytes.
public struct PGBackendMessageEncoder: MessageToByteEncoder {
    public typealias OutboundIn = PGBackendMessage

    public init() {}

    public func encode(data: PGBackendMessage, out: inout ByteBuffer) {
        data.encode(into: &out)
    }
}
