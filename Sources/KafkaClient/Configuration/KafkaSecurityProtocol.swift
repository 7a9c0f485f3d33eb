/// Kafka's `security.protocol`: whether connections use TLS, SASL, both or neither.
///
/// The one mapping from the protocol's name to TLS and SASL, so the command line's `--security-protocol` and a
/// KAFKA connection's `SECURITY PROTOCOL` mean the same thing. A struct over a private enum, so protocols can
/// be added without breaking callers.
public struct KafkaSecurityProtocol: Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case plaintext
        case ssl
        case saslPlaintext
        case saslSSL
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// No TLS, no authentication.
    public static let plaintext = KafkaSecurityProtocol(.plaintext)
    /// TLS, no SASL (mTLS when a client certificate is given).
    public static let ssl = KafkaSecurityProtocol(.ssl)
    /// SASL over plain TCP.
    public static let saslPlaintext = KafkaSecurityProtocol(.saslPlaintext)
    /// SASL over TLS.
    public static let saslSSL = KafkaSecurityProtocol(.saslSSL)

    /// Every protocol, in the order Kafka's documentation lists them.
    public static let all: [KafkaSecurityProtocol] = [.plaintext, .ssl, .saslPlaintext, .saslSSL]

    /// The names of every protocol, "PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL", for error messages.
    public static var names: String { all.map(\.name).joined(separator: ", ") }

    /// Parses a name as in `security.protocol` (case-insensitive); nil for anything else.
    public init?(name: String) {
        guard let found = Self.all.first(where: { $0.name == name.uppercased() }) else { return nil }
        self = found
    }

    /// The protocol's name as Kafka spells it.
    public var name: String {
        switch kind {
        case .plaintext: "PLAINTEXT"
        case .ssl: "SSL"
        case .saslPlaintext: "SASL_PLAINTEXT"
        case .saslSSL: "SASL_SSL"
        }
    }

    /// Connections are wrapped in TLS (SSL, SASL_SSL).
    public var usesTLS: Bool { kind == .ssl || kind == .saslSSL }

    /// Connections authenticate with SASL after connecting (SASL_PLAINTEXT, SASL_SSL).
    public var usesSASL: Bool { kind == .saslPlaintext || kind == .saslSSL }

    public var description: String { name }
}
