import Catalog
import Foundation
import KafkaClient
import NIOCore
import Routing
import SQL
import SchemaRegistry

/// Builds the registry client of a stored CONFLUENT SCHEMA REGISTRY connection: basic auth and TLS from its options
/// and secrets, and a dialer that applies its route (direct, the AWS PRIVATELINK endpoint at `PORT`, or a channel
/// through the SSH TUNNEL), exactly as a KAFKA connection's brokers are reached.
///
/// One place turns a connection into a client, so `VALIDATE CONNECTION`, `CREATE SOURCE` and the runtime reach the
/// registry the same way.
struct SchemaRegistryConnectionClient: Sendable {
    var connection: ResolvedSchemaRegistryConnection
    var endpoints: any PrivateLinkEndpointProvider
    var tunnels: SSHTunnelRegistry

    func client(requestTimeout: Duration = .seconds(10)) async throws -> SchemaRegistryClient {
        let definition = connection.definition
        var table = RouteTable(defaultVia: definition.route?.routeVia)
        // The registry's own address is the one "broker" of this table: an SSH route carries it by name.
        if case .sshTunnel = definition.route {
            table.brokers = [
                RouteTable.BrokerRoute(host: definition.host, port: definition.port, via: definition.route!.routeVia)
            ]
        }
        let privateLinks = connection.privateLink.map {
            [
                PrivateLinkConnection(
                    name: $0.name, serviceName: $0.definition.serviceName,
                    availabilityZones: $0.definition.availabilityZones)
            ]
        }
        var tunnelDialers: [String: any KafkaDialer] = [:]
        if let tunnel = connection.sshTunnel {
            let configuration = SSHTunnelConfiguration(
                host: tunnel.definition.host, port: tunnel.definition.port, user: tunnel.definition.user,
                keys: SSHClientKeys(try tunnel.tunnelKeys()), knownHostKey: try tunnel.pinnedHostKey())
            tunnelDialers[tunnel.name] = SSHTunnelDialer(
                tunnel: await tunnels.tunnel(named: tunnel.name, configuration: configuration))
        }
        let (seconds, _) = requestTimeout.components
        let dialer = RoutingDialer(
            resolver: RouteResolver(table: table, privateLinks: privateLinks ?? [], endpoints: endpoints),
            tcp: TCPDialer(connectTimeout: .seconds(seconds)),
            tunnels: tunnelDialers,
            syntax: .sql(connectionName: connection.name))
        var tls: KafkaTLSConfiguration?
        if definition.usesTLS {
            var settings = KafkaTLSConfiguration()
            settings.caPEM = connection.value(of: definition.sslCertificateAuthority)
            settings.certificatePEM = connection.value(of: definition.sslCertificate)
            settings.privateKeyPEM = connection.sslKey
            tls = settings
        }
        let configuration = SchemaRegistryConfiguration(
            scheme: definition.scheme, host: definition.host, port: definition.port, pathPrefix: definition.pathPrefix,
            username: connection.username, password: connection.password, tls: tls,
            dialer: RegistryRouteDialer(inner: dialer, route: definition.route),
            requestTimeout: requestTimeout)
        do {
            return try SchemaRegistryClient(configuration: configuration)
        } catch {
            throw SQLError.invalidParameter("connection \(connection.name): \(error.message)")
        }
    }
}

extension SchemaRegistryError {
    /// The error as a client sees it: a wrong password is 28P01 (invalid_password) with the fix, an unreachable
    /// registry 08001, an unknown subject 42704.
    func sqlError(connection: String, doing action: String) -> SQLError {
        let message = "\(action) failed: \(self.message)"
        switch code {
        case .unauthorized:
            return SQLError(
                sqlState: "28P01", message: message,
                hint:
                    "fix the password with ALTER SECRET, or the user with ALTER CONNECTION \(connection) SET (USERNAME = …)"
            )
        case .notFound:
            return SQLError.undefinedObject(message)
        case .unreachable, .timeout:
            return SQLError(
                sqlState: "08001", message: message,
                hint: "check the URL of connection \(connection) and its route (AWS PRIVATELINK / SSH TUNNEL); "
                    + "add WITH (VALIDATE = false) to store the connection without validating it")
        case .clientCertificate:
            return SQLError(
                sqlState: "08001", message: message,
                hint: "ALTER CONNECTION \(connection) SET (SSL CERTIFICATE = …, SSL KEY = SECRET name) with a client "
                    + "certificate the registry accepts")
        case .tls:
            return SQLError(
                sqlState: "08001", message: message,
                hint: "give the registry's CA with SSL CERTIFICATE AUTHORITY; its certificate must name the URL's host")
        default:
            return SQLError.connectionFailure(message)
        }
    }
}

/// The routing dialer with errors worded for a registry: which route, which address was dialled, and why, without
/// the broker-specific advice of the Kafka client's messages.
struct RegistryRouteDialer: KafkaDialer {
    let inner: RoutingDialer
    let route: KafkaRoute?

    func dial(_ broker: BrokerAddress, on eventLoop: any EventLoop) async throws -> any Channel {
        do {
            return try await inner.dial(broker, on: eventLoop)
        } catch let error as KafkaClientError {
            let failure = error.underlying as? RouteDialError
            let via: String
            switch route {
            case .privateLink(let connection, _, _): via = "through AWS PRIVATELINK \(connection)"
            case .sshTunnel(let connection): via = "through SSH TUNNEL \(connection)"
            case .direct, nil: via = "directly"
            }
            let target = failure.map { " at \($0.target)" } ?? ""
            let cause = ((failure?.underlying as? KafkaClientError)?.message ?? error.message)
                .replacingOccurrences(of: "is the broker listening there?", with: "is the registry listening there?")
            throw KafkaClientError(error.code, "dialled \(via)\(target): \(cause)", underlying: error)
        }
    }
}
