import KafkaWire
import NIOCore

// The three messages a connection needs before anything else, in the one version each that every broker
// since Kafka 1.0 accepts. Kept here so connection set-up depends on nothing but the header format.

/// ApiVersions v0: empty request; the answer lists each API key with its version range.
enum ApiVersionsV0 {
    static let apiKey = APIKey.apiVersions

    static func decode(_ body: inout ByteBuffer) throws -> (errorCode: Int16, versions: [APIKey: ClosedRange<Int16>]) {
        guard let errorCode: Int16 = body.readInteger(), let count: Int32 = body.readInteger() else {
            throw truncated("ApiVersions")
        }
        var versions: [APIKey: ClosedRange<Int16>] = [:]
        for _ in 0..<max(0, count) {
            guard let key: Int16 = body.readInteger(), let min: Int16 = body.readInteger(),
                let max: Int16 = body.readInteger()
            else { throw truncated("ApiVersions") }
            if min <= max { versions[APIKey(rawValue: key)] = min...max }
        }
        return (errorCode, versions)
    }
}

/// SaslHandshake v1: the mechanism name; the answer lists the mechanisms the broker enables.
enum SaslHandshakeV1 {
    static let apiKey = APIKey.saslHandshake

    static func encode(mechanism: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(mechanism.utf8.count))
        buffer.writeString(mechanism)
        return buffer
    }

    static func decode(_ body: inout ByteBuffer) throws -> (errorCode: Int16, mechanisms: [String]) {
        guard let errorCode: Int16 = body.readInteger(), let count: Int32 = body.readInteger() else {
            throw truncated("SaslHandshake")
        }
        var mechanisms: [String] = []
        for _ in 0..<max(0, count) {
            guard let length: Int16 = body.readInteger(), let name = body.readString(length: Int(length)) else {
                throw truncated("SaslHandshake")
            }
            mechanisms.append(name)
        }
        return (errorCode, mechanisms)
    }
}

/// SaslAuthenticate v1: opaque SASL bytes both ways, plus an error message and the session lifetime.
enum SaslAuthenticateV1 {
    static let apiKey = APIKey.saslAuthenticate

    static func encode(_ bytes: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(bytes.count))
        buffer.writeBytes(bytes)
        return buffer
    }

    static func decode(_ body: inout ByteBuffer) throws -> (errorCode: Int16, message: String?, bytes: [UInt8]) {
        guard let errorCode: Int16 = body.readInteger(), let messageLength: Int16 = body.readInteger() else {
            throw truncated("SaslAuthenticate")
        }
        var message: String?
        if messageLength >= 0 {
            guard let text = body.readString(length: Int(messageLength)) else { throw truncated("SaslAuthenticate") }
            message = text
        }
        guard let length: Int32 = body.readInteger() else { throw truncated("SaslAuthenticate") }
        var bytes: [UInt8] = []
        if length > 0 {
            guard let read = body.readBytes(length: Int(length)) else { throw truncated("SaslAuthenticate") }
            bytes = read
        }
        _ = body.readInteger(as: Int64.self)  // session_lifetime_ms
        return (errorCode, message, bytes)
    }
}

private func truncated(_ name: String) -> KafkaClientError {
    KafkaClientError(.protocolError, "the broker's \(name) response is truncated")
}
