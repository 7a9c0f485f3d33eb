/// How connections to one broker (or a group of brokers) are carried.
public enum KafkaRoute: Hashable, Sendable, Codable {
    /// DNS + TCP to the advertised address.
    case direct
    /// Through the endpoint of the named AWS PRIVATELINK connection, at `port` (default: the broker's port),
    /// in `availabilityZone` when given.
    case privateLink(connection: String, port: Int?, availabilityZone: String?)
    /// A channel through the named SSH TUNNEL connection.
    case sshTunnel(connection: String)
}

/// A broker named in `BROKER` / `BROKERS`, with the route that reaches it.
public struct KafkaBrokerRule: Hashable, Sendable, Codable {
    public var host: String
    public var port: Int
    public var route: KafkaRoute

    public init(host: String, port: Int, route: KafkaRoute) {
        self.host = host
        self.port = port
        self.route = route
    }

    public var address: String { "\(host):\(port)" }
}

/// `MATCHING 'pattern' USING …`: `*` only as a leading or trailing wildcard.
public struct KafkaMatchingRule: Hashable, Sendable, Codable {
    public var pattern: String
    public var route: KafkaRoute

    public init(pattern: String, route: KafkaRoute) {
        self.pattern = pattern
        self.route = route
    }
}

/// A value given either inline or as a reference to a secret.
public enum TextOrSecret: Hashable, Sendable, Codable {
    case text(String)
    case secret(String)

    public var secretName: String? {
        if case .secret(let name) = self { return name }
        return nil
    }
}

/// `CREATE CONNECTION … TO KAFKA (…)`, checked: brokers with their routes, matching rules, the connection-level
/// default route, security settings (secrets by name) and the progress topic.
public struct KafkaConnectionDefinition: Hashable, Sendable, Codable {
    /// The brokers listed in `BROKER` / `BROKERS`, in order; the first ones bootstrap the client.
    public var brokers: [KafkaBrokerRule]
    public var matching: [KafkaMatchingRule]
    /// The connection-level `AWS PRIVATELINK pl (PORT n)` / `SSH TUNNEL t`, also covering brokers that join later.
    public var defaultRoute: KafkaRoute?
    /// As written (upper case), or nil to derive it; see `effectiveSecurityProtocol`.
    public var securityProtocol: String?
    /// `PLAIN`, `SCRAM-SHA-256` or `SCRAM-SHA-512`.
    public var saslMechanism: String?
    public var saslUsername: TextOrSecret?
    /// The name of the secret holding the SASL password.
    public var saslPassword: String?
    public var sslCertificateAuthority: TextOrSecret?
    public var sslCertificate: TextOrSecret?
    /// The name of the secret holding the client key (PEM).
    public var sslKey: String?
    public var progressTopic: String?
    /// `AWS CONNECTION = name`: sign in to Amazon MSK with IAM (SASL OAUTHBEARER) with that AWS connection.
    public var awsConnection: String?

    public init(
        brokers: [KafkaBrokerRule] = [], matching: [KafkaMatchingRule] = [], defaultRoute: KafkaRoute? = nil,
        securityProtocol: String? = nil, saslMechanism: String? = nil, saslUsername: TextOrSecret? = nil,
        saslPassword: String? = nil, sslCertificateAuthority: TextOrSecret? = nil, sslCertificate: TextOrSecret? = nil,
        sslKey: String? = nil, progressTopic: String? = nil
    ) {
        self.brokers = brokers
        self.matching = matching
        self.defaultRoute = defaultRoute
        self.securityProtocol = securityProtocol
        self.saslMechanism = saslMechanism
        self.saslUsername = saslUsername
        self.saslPassword = saslPassword
        self.sslCertificateAuthority = sslCertificateAuthority
        self.sslCertificate = sslCertificate
        self.sslKey = sslKey
        self.progressTopic = progressTopic
    }

    public static let securityProtocols = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
    public static let saslMechanisms = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]

    /// The security protocol in force: as written, or SASL_SSL with SASL options, SSL with SSL options,
    /// PLAINTEXT otherwise (Materialize's defaults).
    public var effectiveSecurityProtocol: String {
        if let securityProtocol { return securityProtocol }
        if saslMechanism != nil || awsConnection != nil { return "SASL_SSL" }
        if sslCertificateAuthority != nil || sslCertificate != nil { return "SSL" }
        return "PLAINTEXT"
    }

    /// Every secret referenced, by name, without duplicates.
    public var referencedSecrets: [String] {
        var names: [String] = []
        for name in [
            saslUsername?.secretName, saslPassword, sslCertificateAuthority?.secretName,
            sslCertificate?.secretName, sslKey,
        ].compactMap({ $0 }) where !names.contains(name) {
            names.append(name)
        }
        return names
    }

    /// Every route used by any rule, in order.
    public var routes: [KafkaRoute] {
        brokers.map(\.route) + matching.map(\.route) + (defaultRoute.map { [$0] } ?? [])
    }

    /// Every connection referenced by a route, by name, with the type it must have.
    public var referencedConnections: [(name: String, type: ConnectionType)] {
        var result: [(name: String, type: ConnectionType)] = []
        for route in routes {
            let reference: (String, ConnectionType)
            switch route {
            case .direct: continue
            case .privateLink(let connection, _, _): reference = (connection, .awsPrivateLink)
            case .sshTunnel(let connection): reference = (connection, .sshTunnel)
            }
            if !result.contains(where: { $0.name == reference.0 }) { result.append(reference) }
        }
        if let awsConnection { result.append((awsConnection, .aws)) }
        return result
    }
}
