import Catalog
import Foundation

/// What the SQL engine needs from the server's configuration; `inlet serve` fills it from its flags and file.
public struct InletEngineSettings: Sendable {
    /// Where the catalog database and the secrets key file live (`./inlet-data` by default).
    public var dataDirectory: URL
    /// The AWS account in PrivateLink principals; defaults to `CatalogConfiguration.defaultAWSAccountID`.
    public var awsAccountID: String
    /// The role name prefix in PrivateLink principals (`arn:aws:iam::<account>:role/<prefix>_<id>`).
    public var rolePrefix: String
    /// The static PrivateLink endpoint table (`--privatelink-endpoint 'SERVICE_NAME[@AZ_ID]=HOST'`).
    public var privateLinkEndpoints: [PrivateLinkEndpoint]
    /// Makes SSH TUNNEL key pairs; the default is the routing module's `SSHKeyPair`.
    public var sshKeyGenerator: any SSHKeyGenerating
    /// Validates connections (Kafka metadata through the routes). Without one, `CREATE CONNECTION … TO KAFKA`
    /// needs `WITH (VALIDATE = false)` and says so.
    public var connectionValidator: (any ConnectionValidator)?
    /// Reported as `server_version`.
    public var serverVersion: String
    /// Checks new sources against their cluster; without one they are stored unchecked.
    public var sourcePreparer: (any SourcePreparer)?
    /// Where the catalog's definitions are authoritative when replicas share a database (`--storage`).
    public var catalogAuthority: (any CatalogAuthority)?

    public init(
        dataDirectory: URL,
        awsAccountID: String = CatalogConfiguration.defaultAWSAccountID,
        rolePrefix: String = CatalogConfiguration.defaultRolePrefix,
        privateLinkEndpoints: [PrivateLinkEndpoint] = [],
        sshKeyGenerator: any SSHKeyGenerating = RoutingSSHKeyGenerator(),
        connectionValidator: (any ConnectionValidator)? = nil,
        serverVersion: String = "15.0.0",
        sourcePreparer: (any SourcePreparer)? = nil
    ) {
        self.dataDirectory = dataDirectory
        self.awsAccountID = awsAccountID
        self.rolePrefix = rolePrefix
        self.privateLinkEndpoints = privateLinkEndpoints
        self.sshKeyGenerator = sshKeyGenerator
        self.connectionValidator = connectionValidator
        self.serverVersion = serverVersion
        self.sourcePreparer = sourcePreparer
    }

    /// The catalog's part of the settings.
    public var catalogConfiguration: CatalogConfiguration {
        let services = Set(privateLinkEndpoints.map(\.serviceName))
        return CatalogConfiguration(
            awsAccountID: awsAccountID, rolePrefix: rolePrefix, sshKeyGenerator: sshKeyGenerator,
            connectionValidator: connectionValidator,
            privateLinkStatus: { services.contains($0.serviceName) ? "available" : "pending-service-discovery" },
            serverVersion: serverVersion, sourcePreparer: sourcePreparer, authority: catalogAuthority)
    }
}
