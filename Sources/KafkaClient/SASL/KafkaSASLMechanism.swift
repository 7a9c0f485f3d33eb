/// A SASL mechanism the client can authenticate with: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER.
///
/// A struct over a private enum so mechanisms can be added without breaking callers; the name is the one
/// Kafka uses in SaslHandshake and `sasl.mechanism`.
public struct KafkaSASLMechanism: Hashable, Sendable, CustomStringConvertible {
    enum Kind: Hashable, Sendable {
        case plain
        case scramSHA256
        case scramSHA512
        case oauthBearer
        /// Only for the RFC 5802 test vectors; Kafka has no SCRAM-SHA-1.
        case scramSHA1
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    public static let plain = KafkaSASLMechanism(.plain)
    public static let scramSHA256 = KafkaSASLMechanism(.scramSHA256)
    public static let scramSHA512 = KafkaSASLMechanism(.scramSHA512)
    /// RFC 7628 bearer tokens (Amazon MSK's IAM sign-in); needs a token provider, so it is not in `all`.
    public static let oauthBearer = KafkaSASLMechanism(.oauthBearer)

    /// The mechanisms a Kafka client can choose from.
    public static let all: [KafkaSASLMechanism] = [.plain, .scramSHA256, .scramSHA512]

    /// Parses a mechanism name as in `sasl.mechanism` (case-insensitive).
    public init?(name: String) {
        switch name.uppercased() {
        case "PLAIN": self = .plain
        case "SCRAM-SHA-256": self = .scramSHA256
        case "SCRAM-SHA-512": self = .scramSHA512
        default: return nil
        }
    }

    /// The mechanism's name on the wire.
    public var name: String {
        switch kind {
        case .plain: "PLAIN"
        case .scramSHA256: "SCRAM-SHA-256"
        case .scramSHA512: "SCRAM-SHA-512"
        case .oauthBearer: "OAUTHBEARER"
        case .scramSHA1: "SCRAM-SHA-1"
        }
    }

    public var description: String { name }
}

extension KafkaSASLMechanism {
    /// The mechanism when none is named: PLAIN, as in Kafka's `sasl.mechanism`.
    public static let `default` = KafkaSASLMechanism.plain

    /// The names of the mechanisms a client can choose, "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512", for error
    /// messages.
    public static var names: String { all.map(\.name).joined(separator: ", ") }
}

/// SASL credentials for a Kafka connection.
///
/// `description` never shows the password or a token, so a configuration can be logged safely.
public struct KafkaSASLConfiguration: Sendable, CustomStringConvertible {
    /// Makes the bearer token for a connection to a broker, at the moment it signs in (OAUTHBEARER).
    public typealias TokenProvider = @Sendable (BrokerAddress) async throws -> String

    public var mechanism: KafkaSASLMechanism
    /// The user name, or for OAUTHBEARER who the token speaks for (e.g. `AWS connection aws_conn`).
    public var username: String
    public var password: String
    /// OAUTHBEARER's token source; nil for the other mechanisms.
    public var tokenProvider: TokenProvider?
    /// What to check when the broker refuses the sign-in, for the error message.
    public var failureHint: String

    public init(mechanism: KafkaSASLMechanism, username: String, password: String) {
        self.mechanism = mechanism
        self.username = username
        self.password = password
        self.tokenProvider = nil
        self.failureHint = "check the user name and password"
    }

    /// OAUTHBEARER with tokens from `tokenProvider`, signing in as `identity` (for messages only).
    public init(oauthBearerAs identity: String, failureHint: String, tokenProvider: @escaping TokenProvider) {
        self.mechanism = .oauthBearer
        self.username = identity
        self.password = ""
        self.tokenProvider = tokenProvider
        self.failureHint = failureHint
    }

    public var description: String { "SASL \(mechanism.name) as \(username)" }
}
