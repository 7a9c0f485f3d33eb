/// The client side of one SASL exchange, as a state machine without I/O.
///
/// The connection sends `start()`'s bytes in the first SaslAuthenticate request and hands every server
/// answer to `receive(_:)`, which says what to send next or that authentication is complete. PLAIN takes one
/// round trip; SCRAM (RFC 5802, RFC 7677) takes two and verifies the server's signature at the end;
/// OAUTHBEARER (RFC 7628) sends `n,,^Aauth=Bearer <token>^A^A` and, when the server answers with an error
/// document instead of success, acknowledges it with a lone `^A` as the RFC asks before the server fails.
public struct SASLClient: Sendable {
    /// What to do after a server message.
    public enum Step: Equatable, Sendable {
        /// Send these bytes in the next SaslAuthenticate request.
        case send([UInt8])
        /// Authentication succeeded.
        case done
    }

    private enum State: Sendable {
        case initial
        case plainSent
        case bearerSent
        case bearerRefused(String)
        case scramClientFirstSent(SCRAMClient)
        case scramClientFinalSent(SCRAMClient)
        case done
        case failed
    }

    private var state: State = .initial
    private let configuration: KafkaSASLConfiguration
    private let clientNonce: String
    private let bearerToken: String?

    /// - Parameters:
    ///   - clientNonce: the SCRAM client nonce; random unless a test passes the RFC's.
    ///   - bearerToken: OAUTHBEARER's token, made by the configuration's token provider just before sign-in.
    public init(configuration: KafkaSASLConfiguration, clientNonce: String? = nil, bearerToken: String? = nil) {
        self.configuration = configuration
        self.clientNonce = clientNonce ?? SCRAMClient.randomNonce()
        self.bearerToken = bearerToken
    }

    /// RFC 7628 §3.1: the GS2 header without an authorization identity, then `auth=Bearer <token>`, framed by
    /// `^A` (0x01) and closed by two of them.
    public static func oauthBearerClientFirst(token: String) -> [UInt8] {
        Array("n,,".utf8) + [1] + Array("auth=Bearer \(token)".utf8) + [1, 1]
    }

    /// The first message the client sends.
    public mutating func start() -> [UInt8] {
        guard case .initial = state else { preconditionFailure("SASLClient.start() called twice") }
        switch configuration.mechanism.kind {
        case .plain:
            state = .plainSent
            return [0] + Array(configuration.username.utf8) + [0] + Array(configuration.password.utf8)
        case .oauthBearer:
            guard let bearerToken else { preconditionFailure("OAUTHBEARER needs a token from the token provider") }
            state = .bearerSent
            return Self.oauthBearerClientFirst(token: bearerToken)
        case .scramSHA1, .scramSHA256, .scramSHA512:
            var scram = SCRAMClient(
                mechanism: configuration.mechanism, username: configuration.username,
                password: configuration.password, clientNonce: clientNonce)
            let first = scram.clientFirstMessage()
            state = .scramClientFirstSent(scram)
            return Array(first.utf8)
        }
    }

    /// Handles the server's answer to the last message; throws a `.sasl` error when the server refused.
    public mutating func receive(_ message: [UInt8]) throws -> Step {
        switch state {
        case .plainSent:
            state = .done
            return .done
        case .bearerSent:
            // Success carries no bytes; anything else is the server's error document (RFC 7628 §3.2.2).
            if message.isEmpty {
                state = .done
                return .done
            }
            state = .bearerRefused(String(decoding: message, as: UTF8.self))
            return .send([1])
        case .bearerRefused(let document):
            state = .failed
            throw KafkaClientError(
                .sasl,
                "SASL OAUTHBEARER refused for \(configuration.username): \(document); \(configuration.failureHint)")
        case .scramClientFirstSent(var scram):
            do {
                let final = try scram.receiveServerFirst(String(decoding: message, as: UTF8.self))
                state = .scramClientFinalSent(scram)
                return .send(Array(final.utf8))
            } catch {
                state = .failed
                throw error
            }
        case .scramClientFinalSent(let scram):
            do {
                try scram.verifyServerFinal(String(decoding: message, as: UTF8.self))
                state = .done
                return .done
            } catch {
                state = .failed
                throw error
            }
        case .initial, .done, .failed:
            throw KafkaClientError(.sasl, "SASL \(configuration.mechanism.name): unexpected message from the broker")
        }
    }

    /// True once the server's final message has been verified.
    public var isComplete: Bool {
        if case .done = state { return true }
        return false
    }
}
