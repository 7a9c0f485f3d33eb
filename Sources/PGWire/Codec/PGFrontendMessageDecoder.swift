import NIOCore

/// Frames the client's byte stream into `PGFrontendMessage`s, switching from untyped startup packets to typed
/// messages once the StartupMessage has arrived.
///
/// SSLRequest and GSSENCRequest keep the decoder in the startup phase, as the protocol demands. Until `gate` says
/// the client has authenticated, typed messages are capped at what a password or SASL message needs.
public struct PGFrontendMessageDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = PGFrontendMessage

    private var inStartupPhase = true
    private let gate: PGAuthenticationGate

    public init(gate: PGAuthenticationGate = PGAuthenticationGate()) {
        self.gate = gate
    }

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
        return try PGFrontendMessage.decodeMessage(from: &buffer, authenticated: gate.isOpen)
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> PGFrontendMessage? {
        try decode(buffer: &buffer)
    }
}

/// Whether a connection has authenticated: the connection handler opens the gate when it sends AuthenticationOk,
/// and the decoder of the same connection lifts its pre-authentication cap on message size.
///
/// Both sides run on the connection's event loop, so the flag needs no lock.
public final class PGAuthenticationGate: @unchecked Sendable {
    public private(set) var isOpen = false

    public init() {}

    public func open() {
        isOpen = true
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
