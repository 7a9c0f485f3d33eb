import SQL

/// A CONFLUENT SCHEMA REGISTRY connection with its secrets decrypted and the PrivateLink or SSH connection its
/// route names: what the registry client needs. Its description hides the secrets.
public struct ResolvedSchemaRegistryConnection: Sendable, CustomStringConvertible {
    /// nil while the connection is being created (validation runs before it is stored).
    public var id: String?
    public var name: String
    public var definition: SchemaRegistryConnectionDefinition
    public var privateLink: ResolvedPrivateLink?
    public var sshTunnel: ResolvedSSHTunnel?
    /// Decrypted values by secret name.
    public var secrets: [String: [UInt8]]

    public init(
        id: String?, name: String, definition: SchemaRegistryConnectionDefinition,
        privateLink: ResolvedPrivateLink? = nil, sshTunnel: ResolvedSSHTunnel? = nil, secrets: [String: [UInt8]] = [:]
    ) {
        self.id = id
        self.name = name
        self.definition = definition
        self.privateLink = privateLink
        self.sshTunnel = sshTunnel
        self.secrets = secrets
    }

    /// The value of an option given as text or as a secret.
    public func value(of option: TextOrSecret?) -> [UInt8]? {
        switch option {
        case nil: return nil
        case .text(let text): return Array(text.utf8)
        case .secret(let name): return secrets[name]
        }
    }

    public var username: String? { value(of: definition.username).map { String(decoding: $0, as: UTF8.self) } }
    public var password: String? {
        definition.password.flatMap { secrets[$0] }.map { String(decoding: $0, as: UTF8.self) }
    }
    public var sslKey: [UInt8]? { definition.sslKey.flatMap { secrets[$0] } }

    public var description: String {
        "ResolvedSchemaRegistryConnection(\(name), \(definition.origin), secrets hidden)"
    }
}
