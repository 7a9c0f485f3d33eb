import SQL

/// What the catalog needs from the server's configuration: who PrivateLink principals belong to, how SSH keys
/// are made, and how connections are validated.
public struct CatalogConfiguration: Sendable {
    /// The documented default AWS account for principals when none is configured (a placeholder, not a real
    /// account: set your own with `--aws-account-id`).
    public static let defaultAWSAccountID = "000000000000"
    public static let defaultRolePrefix = "inlet"

    /// The account in `arn:aws:iam::<account>:role/<prefix>_<connection id>`.
    public var awsAccountID: String
    /// The role name prefix in the principal.
    public var rolePrefix: String
    /// Makes the Ed25519 key pairs of SSH TUNNEL connections.
    public var sshKeyGenerator: any SSHKeyGenerating
    /// Validates connections (fetches Kafka metadata through the routes). With none, validation fails with a
    /// message telling how to skip it: the catalog never pretends a connection works.
    public var connectionValidator: (any ConnectionValidator)?
    /// The status recorded for a new AWS PRIVATELINK connection (e.g. `available` when the static endpoint table
    /// knows its service, `pending-service-discovery` otherwise).
    public var privateLinkStatus: @Sendable (PrivateLinkConnectionDefinition) -> String
    /// The version `version()` reports, as in `server_version`.
    public var serverVersion: String
    /// Checks a new source against its cluster (the topic exists, START OFFSET fits its partitions) and resolves
    /// START TIMESTAMP into offsets. Without one, sources are stored unchecked.
    public var sourcePreparer: (any SourcePreparer)?
    /// Where the catalog's definitions are authoritative when several replicas share them (PostgreSQL with
    /// `--storage`); nil keeps them in the data directory's SQLite catalog alone.
    public var authority: (any CatalogAuthority)?

    public init(
        awsAccountID: String = CatalogConfiguration.defaultAWSAccountID,
        rolePrefix: String = CatalogConfiguration.defaultRolePrefix,
        sshKeyGenerator: any SSHKeyGenerating = Curve25519SSHKeyGenerator(),
        connectionValidator: (any ConnectionValidator)? = nil,
        privateLinkStatus: @escaping @Sendable (PrivateLinkConnectionDefinition) -> String = { _ in
            "pending-service-discovery"
        },
        serverVersion: String = "15.0.0",
        sourcePreparer: (any SourcePreparer)? = nil,
        authority: (any CatalogAuthority)? = nil
    ) {
        self.awsAccountID = awsAccountID
        self.rolePrefix = rolePrefix
        self.sshKeyGenerator = sshKeyGenerator
        self.connectionValidator = connectionValidator
        self.privateLinkStatus = privateLinkStatus
        self.serverVersion = serverVersion
        self.sourcePreparer = sourcePreparer
        self.authority = authority
    }
}

/// Checks that a connection works before it is stored (`WITH (VALIDATE = true)`, `VALIDATE CONNECTION`).
///
/// The Kafka client side provides the real one: it fetches metadata through the connection's routes. Throw a
/// `SQLError` whose message names the most specific cause; other errors are wrapped.
public protocol ConnectionValidator: Sendable {
    func validate(_ connection: ResolvedConnection) async throws

    /// Validates `connection` for VALIDATE CONNECTION and returns what the user should read besides success (a
    /// load balancer's drift, a check that could not run), one notice each.
    func validateReportingNotices(_ connection: ResolvedConnection) async throws -> [StatementNotice]
}

extension ConnectionValidator {
    public func validateReportingNotices(_ connection: ResolvedConnection) async throws -> [StatementNotice] {
        try await validate(connection)
        return []
    }
}

/// Checks a source against its Kafka cluster before it is stored, the way `CREATE SOURCE` does in Materialize.
///
/// Returns the definition to store: START TIMESTAMP resolved once into `startOffsets` (so restarts read from the
/// same place). Throw a `SQLError` that names the cause (a missing topic, too many START OFFSETs).
public protocol SourcePreparer: Sendable {
    func prepare(_ definition: KafkaSourceDefinition, connection: ResolvedKafkaConnection) async throws
        -> KafkaSourceDefinition

    /// Pins the reader schema of every `AVRO USING CONFLUENT SCHEMA REGISTRY` format in `spec`: the latest version
    /// of the topic's subject (`<topic>-value`, `<topic>-key`) from `registries` (by connection name), with the
    /// columns it plans to. Throw a `SQLError` that names the subject and the registry.
    func pinSchemas(
        _ spec: SourceOutputSpec, topic: String, registries: [String: ResolvedSchemaRegistryConnection]
    ) async throws -> SourceOutputSpec
}

extension SourcePreparer {
    public func pinSchemas(
        _ spec: SourceOutputSpec, topic: String, registries: [String: ResolvedSchemaRegistryConnection]
    ) async throws -> SourceOutputSpec {
        guard registries.isEmpty else {
            throw SQLError.featureNotSupported("this server cannot read schemas from a schema registry")
        }
        return spec
    }
}

/// Makes SSH key pairs; injected so that the routing module's key code can be plugged in.
public protocol SSHKeyGenerating: Sendable {
    func generateKeyPair() throws -> SSHKeyPairMaterial
}

/// One SSH key pair as the catalog stores it.
///
/// `publicKey` is an OpenSSH `authorized_keys` line (`ssh-ed25519 AAAA…`); `privateKey` is opaque to the catalog
/// (the default generator stores the 32-byte Ed25519 seed) and is sealed at rest. Its description hides it.
public struct SSHKeyPairMaterial: Hashable, Sendable, CustomStringConvertible {
    public var publicKey: String
    public var privateKey: [UInt8]

    public init(publicKey: String, privateKey: [UInt8]) {
        self.publicKey = publicKey
        self.privateKey = privateKey
    }

    public var description: String { "SSHKeyPairMaterial(\(publicKey), private key hidden)" }
}
