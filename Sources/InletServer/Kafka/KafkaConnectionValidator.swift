import Catalog
import KafkaClient
import Logging
import Routing
import SQL
import SchemaRegistry

/// Validates connections the way a user would check them by hand: a KAFKA connection fetches cluster metadata
/// through its routes (bootstrap, TLS naming the advertised host, SASL), and every broker the metadata lists
/// must be covered by a route; an SSH TUNNEL connection authenticates to its bastion.
///
/// Failures are `SQLError`s with the most specific cause: which broker, which hop, what to change.
public struct KafkaConnectionValidator: ConnectionValidator {
    public var endpoints: any PrivateLinkEndpointProvider
    public var tunnels: SSHTunnelRegistry
    /// How long one validation may take.
    public var timeoutSeconds: Int
    public var logger: Logger
    /// The load balancer check of PrivateLink routes, when the server has AWS access
    /// (`--privatelink-provider aws`); nil leaves VALIDATE CONNECTION to the cluster alone.
    public var listenerCheck: PrivateLinkListenerCheck?
    /// Where a bastion's host key is pinned after the first successful connect.
    let pinner = HostKeyPinner()

    public init(
        endpoints: any PrivateLinkEndpointProvider,
        tunnels: SSHTunnelRegistry = SSHTunnelRegistry(),
        timeoutSeconds: Int = 15,
        logger: Logger = Logger(label: "inlet.validate"),
        listenerCheck: PrivateLinkListenerCheck? = nil
    ) {
        self.listenerCheck = listenerCheck
        self.endpoints = endpoints
        self.tunnels = tunnels
        self.timeoutSeconds = timeoutSeconds
        self.logger = logger
    }

    public func validate(_ connection: ResolvedConnection) async throws {
        _ = try await validateReportingNotices(connection)
    }

    public func validateReportingNotices(_ connection: ResolvedConnection) async throws -> [StatementNotice] {
        switch connection {
        case .kafka(let kafka):
            return try await validateKafka(kafka)
        case .confluentSchemaRegistry(let registry):
            try await validateSchemaRegistry(registry)
        case .aws(let aws):
            try await AWSConnectionCredentials(connection: aws).validate()
        case .awsPrivateLink(let privateLink):
            let connection = PrivateLinkConnection(
                name: privateLink.name, serviceName: privateLink.definition.serviceName,
                availabilityZones: privateLink.definition.availabilityZones)
            do {
                _ = try endpoints.endpointHost(for: connection, availabilityZone: nil)
            } catch {
                throw SQLError.connectionFailure(
                    "validation of connection \(privateLink.name) failed: \(error.message)")
            }
        case .sshTunnel(let tunnel):
            let ssh = SSHTunnel(
                configuration: SSHTunnelConfiguration(
                    host: tunnel.definition.host, port: tunnel.definition.port, user: tunnel.definition.user,
                    keys: SSHClientKeys(try tunnel.tunnelKeys()), knownHostKey: try tunnel.pinnedHostKey()))
            defer { Task { await ssh.shutdown() } }
            do {
                try await ssh.connect()
            } catch {
                throw SQLError.connectionFailure("validation of connection \(tunnel.name) failed: \(error)")
            }
            await pinner.pin(ssh.knownHostKey, connection: tunnel.name)
        }
        return []
    }

    /// `GET /subjects` through the connection's route: proves the URL, TLS and the credentials in one request.
    private func validateSchemaRegistry(_ connection: ResolvedSchemaRegistryConnection) async throws {
        let client = try await SchemaRegistryConnectionClient(
            connection: connection, endpoints: endpoints, tunnels: tunnels
        ).client(requestTimeout: .seconds(Int64(timeoutSeconds)))
        do {
            _ = try await client.subjects()
        } catch {
            throw error.sqlError(connection: connection.name, doing: "validation of connection \(connection.name)")
        }
        if let tunnel = connection.sshTunnel, let key = await tunnels.knownHostKeys()[tunnel.name] {
            await pinner.pin(key, connection: tunnel.name)
        }
    }

    private func validateKafka(_ connection: ResolvedKafkaConnection) async throws -> [StatementNotice] {
        let client = KafkaConnectionClient(
            connection: connection, endpoints: endpoints, tunnels: tunnels, logger: logger)
        let table = try client.routeTable()
        var configuration = try await client.configuration(requestTimeout: timeoutSeconds)
        // An unmapped broker fails the validation below; it is reported there, not also as a log warning.
        configuration.metadataObserver = nil
        let cluster = try KafkaCluster(configuration: configuration, logger: logger)
        defer { Task { await cluster.shutdown() } }
        let metadata: ClusterMetadata
        do {
            metadata = try await cluster.metadata(topics: [])
        } catch {
            throw SQLError.connectionFailure(
                "validation of connection \(connection.name) failed: \(error)",
                hint: "fix the cause, or add WITH (VALIDATE = false) to store the connection without validating it")
        }
        let brokers = metadata.brokers.keys.sorted().compactMap { metadata.brokers[$0] }
        if let unmapped = table.unmapped(brokers).first {
            throw SQLError.connectionFailure(
                "validation of connection \(connection.name) failed: "
                    + table.unmappedAdvice(for: unmapped, syntax: .sql(connectionName: connection.name)))
        }
        return await listenerCheck?.notices(connection: connection, table: table, metadata: metadata) ?? []
    }
}
