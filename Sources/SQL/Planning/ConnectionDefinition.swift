/// A connection's meaning, checked and typed from its options: what the catalog stores and what the routing
/// and Kafka client code reads. Objects are referenced by name (names never change once created).
public enum ConnectionDefinition: Hashable, Sendable, Codable {
    case awsPrivateLink(PrivateLinkConnectionDefinition)
    case sshTunnel(SSHTunnelConnectionDefinition)
    case kafka(KafkaConnectionDefinition)
    case confluentSchemaRegistry(SchemaRegistryConnectionDefinition)
    case aws(AWSConnectionDefinition)

    public var type: ConnectionType {
        switch self {
        case .awsPrivateLink: return .awsPrivateLink
        case .sshTunnel: return .sshTunnel
        case .kafka: return .kafka
        case .confluentSchemaRegistry: return .confluentSchemaRegistry
        case .aws: return .aws
        }
    }

    /// Checks `options` for `type` and builds the definition: unknown, missing and mistyped options are
    /// `SQLError`s that name the option and the fix.
    public static func plan(type: ConnectionType, options: [ConnectionOption]) throws(SQLError) -> ConnectionDefinition
    {
        var reader = OptionReader(options: options, context: "\(type.sqlName) connection")
        try reader.checkNames(OptionNames.forType(type))
        switch type {
        case .awsPrivateLink:
            return .awsPrivateLink(try PrivateLinkConnectionDefinition(reading: &reader))
        case .sshTunnel:
            return .sshTunnel(try SSHTunnelConnectionDefinition(reading: &reader))
        case .kafka:
            return .kafka(try KafkaConnectionDefinition(reading: &reader))
        case .confluentSchemaRegistry:
            return .confluentSchemaRegistry(try SchemaRegistryConnectionDefinition(reading: reader))
        case .aws:
            return .aws(try AWSConnectionDefinition(reading: reader))
        }
    }

    /// The secrets this connection refers to, by name.
    public var referencedSecrets: [String] {
        switch self {
        case .kafka(let kafka): return kafka.referencedSecrets
        case .confluentSchemaRegistry(let registry): return registry.referencedSecrets
        case .aws(let aws): return aws.referencedSecrets
        default: return []
        }
    }

    /// The connections this connection refers to, by name, with the type each must have.
    public var referencedConnections: [(name: String, type: ConnectionType)] {
        switch self {
        case .kafka(let kafka): return kafka.referencedConnections
        case .confluentSchemaRegistry(let registry): return registry.referencedConnections
        default: return []
        }
    }
}

/// `CREATE CONNECTION … TO AWS PRIVATELINK (SERVICE NAME '…', AVAILABILITY ZONES ('…', …))`.
public struct PrivateLinkConnectionDefinition: Hashable, Sendable, Codable {
    public var serviceName: String
    /// AZ ids such as `use1-az1`.
    public var availabilityZones: [String]

    public init(serviceName: String, availabilityZones: [String]) {
        self.serviceName = serviceName
        self.availabilityZones = availabilityZones
    }

    init(reading reader: inout OptionReader) throws(SQLError) {
        serviceName = try reader.requiredText(
            "SERVICE NAME", example: "SERVICE NAME 'com.amazonaws.vpce.us-east-1.vpce-svc-0123'")
        availabilityZones = try reader.textList("AVAILABILITY ZONES") ?? []
        var seen: Set<String> = []
        for zone in availabilityZones where !seen.insert(zone).inserted {
            throw reader.invalid(
                "AVAILABILITY ZONES lists '\(zone)' twice; list each zone once", option: "AVAILABILITY ZONES")
        }
    }
}

/// `CREATE CONNECTION … TO SSH TUNNEL (HOST '…', PORT n, USER '…')`.
public struct SSHTunnelConnectionDefinition: Hashable, Sendable, Codable {
    public var host: String
    public var port: Int
    public var user: String
    /// `HOST KEY 'ssh-ed25519 AAAA…'` or `'SHA256:…'`: the bastion's host key, pinned ahead of the first connect.
    /// Without it the key seen on the first successful connect is pinned (and kept in the catalog).
    public var hostKey: String?

    public init(host: String, port: Int = 22, user: String, hostKey: String? = nil) {
        self.host = host
        self.port = port
        self.user = user
        self.hostKey = hostKey
    }

    init(reading reader: inout OptionReader) throws(SQLError) {
        host = try reader.requiredText("HOST", example: "HOST 'bastion.example.com'")
        port = try reader.port("PORT") ?? 22
        user = try reader.requiredText("USER", example: "USER 'inlet'")
        let example = "HOST KEY 'ssh-ed25519 AAAA…' (the bastion's /etc/ssh/ssh_host_ed25519_key.pub) or 'SHA256:…'"
        hostKey = try reader.text("HOST KEY", example: example)
        if let hostKey {
            let trimmed = hostKey.drop { $0 == " " }
            guard trimmed.hasPrefix("SHA256:") || trimmed.contains("ssh-") || trimmed.contains("ecdsa-") else {
                throw reader.invalid("HOST KEY '\(hostKey)' is not a host key; write \(example)", option: "HOST KEY")
            }
        }
    }
}
