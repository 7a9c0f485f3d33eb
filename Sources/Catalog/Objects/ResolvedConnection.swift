import SQL

/// A connection with everything it refers to looked up: what the validator, the route table and the Kafka
/// client need. Holds decrypted secrets and private keys, so it is never logged (its description hides them).
public enum ResolvedConnection: Sendable, CustomStringConvertible {
    case awsPrivateLink(ResolvedPrivateLink)
    case sshTunnel(ResolvedSSHTunnel)
    case kafka(ResolvedKafkaConnection)
    case confluentSchemaRegistry(ResolvedSchemaRegistryConnection)
    case aws(ResolvedAWSConnection)

    public var name: String {
        switch self {
        case .awsPrivateLink(let connection): return connection.name
        case .sshTunnel(let connection): return connection.name
        case .kafka(let connection): return connection.name
        case .confluentSchemaRegistry(let connection): return connection.name
        case .aws(let connection): return connection.name
        }
    }

    public var description: String { "ResolvedConnection(\(name))" }
}

/// An AWS PRIVATELINK connection and its principal.
public struct ResolvedPrivateLink: Hashable, Sendable {
    public var id: String
    public var name: String
    public var definition: PrivateLinkConnectionDefinition
    /// `arn:aws:iam::<account>:role/<prefix>_<id>`.
    public var principal: String
}

/// An SSH TUNNEL connection with its key pairs (pair 1 first); private keys are decrypted.
public struct ResolvedSSHTunnel: Hashable, Sendable, CustomStringConvertible {
    public var id: String
    public var name: String
    public var definition: SSHTunnelConnectionDefinition
    public var keyPairs: [SSHKeyPairMaterial]
    /// The bastion host key to trust: `HOST KEY` when given, else the one pinned at the first successful connect
    /// (nil until then).
    public var hostKey: String?

    public var description: String {
        "ResolvedSSHTunnel(\(name), \(definition.user)@\(definition.host):\(definition.port))"
    }
}

/// A KAFKA connection with the PrivateLink and SSH connections its routes name and the secrets it uses.
public struct ResolvedKafkaConnection: Sendable, CustomStringConvertible {
    /// nil while the connection is being created (validation runs before it is stored).
    public var id: String?
    public var name: String
    public var definition: KafkaConnectionDefinition
    /// By connection name.
    public var privateLinks: [String: ResolvedPrivateLink]
    /// By connection name.
    public var sshTunnels: [String: ResolvedSSHTunnel]
    /// Decrypted values by secret name.
    public var secrets: [String: [UInt8]]
    /// The AWS connection `AWS CONNECTION` names, for MSK IAM sign-in.
    public var aws: ResolvedAWSConnection?

    /// The value of an option given as text or as a secret.
    public func value(of option: TextOrSecret?) -> [UInt8]? {
        switch option {
        case nil: return nil
        case .text(let text): return Array(text.utf8)
        case .secret(let name): return secrets[name]
        }
    }

    public var saslUsername: String? { value(of: definition.saslUsername).map { String(decoding: $0, as: UTF8.self) } }
    public var saslPassword: String? {
        definition.saslPassword.flatMap { secrets[$0] }.map { String(decoding: $0, as: UTF8.self) }
    }
    public var sslKey: [UInt8]? { definition.sslKey.flatMap { secrets[$0] } }

    public var description: String { "ResolvedKafkaConnection(\(name), secrets hidden)" }
}
