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
    public var privateLinkEndpoints: [PrivateLinkEndpointSetting]
    /// Makes SSH TUNNEL key pairs; the default is the routing module's `SSHKeyPair`.
    public var sshKeyGenerator: any SSHKeyGenerating
    /// Validates connections (Kafka metadata through the routes). Without one, `CREATE CONNECTION … TO KAFKA`
    /// needs `WITH (VALIDATE = false)` and says so.
    public var connectionValidator: (any ConnectionValidator)?
    /// Reported as `server_version`.
    public var serverVersion: String

    public init(
        dataDirectory: URL,
        awsAccountID: String = CatalogConfiguration.defaultAWSAccountID,
        rolePrefix: String = CatalogConfiguration.defaultRolePrefix,
        privateLinkEndpoints: [PrivateLinkEndpointSetting] = [],
        sshKeyGenerator: any SSHKeyGenerating = RoutingSSHKeyGenerator(),
        connectionValidator: (any ConnectionValidator)? = nil,
        serverVersion: String = "15.0.0"
    ) {
        self.dataDirectory = dataDirectory
        self.awsAccountID = awsAccountID
        self.rolePrefix = rolePrefix
        self.privateLinkEndpoints = privateLinkEndpoints
        self.sshKeyGenerator = sshKeyGenerator
        self.connectionValidator = connectionValidator
        self.serverVersion = serverVersion
    }

    /// The catalog's part of the settings.
    public var catalogConfiguration: CatalogConfiguration {
        let services = Set(privateLinkEndpoints.map(\.serviceName))
        return CatalogConfiguration(
            awsAccountID: awsAccountID, rolePrefix: rolePrefix, sshKeyGenerator: sshKeyGenerator,
            connectionValidator: connectionValidator,
            privateLinkStatus: { services.contains($0.serviceName) ? "available" : "pending-service-discovery" },
            serverVersion: serverVersion)
    }
}

/// One entry of the static PrivateLink endpoint table: service name → endpoint host, optionally for one AZ.
public struct PrivateLinkEndpointSetting: Hashable, Sendable {
    public var serviceName: String
    public var availabilityZone: String?
    public var host: String

    public init(serviceName: String, availabilityZone: String? = nil, host: String) {
        self.serviceName = serviceName
        self.availabilityZone = availabilityZone
        self.host = host
    }

    /// Parses `SERVICE_NAME=HOST` or `SERVICE_NAME@AZ_ID=HOST`; nil when malformed.
    public init?(specification: String) {
        guard let equals = specification.firstIndex(of: "=") else { return nil }
        let key = specification[..<equals]
        let host = specification[specification.index(after: equals)...]
        guard !key.isEmpty, !host.isEmpty else { return nil }
        let parts = key.split(separator: "@", maxSplits: 1)
        self.init(
            serviceName: String(parts[0]), availabilityZone: parts.count == 2 ? String(parts[1]) : nil,
            host: String(host))
    }
}
