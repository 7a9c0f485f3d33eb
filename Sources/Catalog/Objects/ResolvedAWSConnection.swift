import SQL

/// An AWS connection with its secrets decrypted: what the MSK IAM token provider and validation need.
///
/// Its description names the connection only, never a key.
public struct ResolvedAWSConnection: Sendable, CustomStringConvertible {
    /// nil while the connection is being created (validation runs before it is stored).
    public var id: String?
    public var name: String
    public var definition: AWSConnectionDefinition
    /// Decrypted values by secret name.
    public var secrets: [String: [UInt8]]

    public init(id: String?, name: String, definition: AWSConnectionDefinition, secrets: [String: [UInt8]] = [:]) {
        self.id = id
        self.name = name
        self.definition = definition
        self.secrets = secrets
    }

    private func text(_ option: TextOrSecret?) -> String? {
        switch option {
        case nil: return nil
        case .text(let text): return text
        case .secret(let name): return secrets[name].map { String(decoding: $0, as: UTF8.self) }
        }
    }

    public var accessKeyID: String? { text(definition.accessKeyID) }
    public var secretAccessKey: String? {
        definition.secretAccessKey.flatMap { secrets[$0] }.map { String(decoding: $0, as: UTF8.self) }
    }
    public var sessionToken: String? { text(definition.sessionToken) }

    public var description: String { "ResolvedAWSConnection(\(name), secrets hidden)" }
}
