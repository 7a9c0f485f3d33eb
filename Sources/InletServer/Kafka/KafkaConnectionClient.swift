import Catalog
import KafkaClient
import Logging
import NIOCore
import Routing
import SQL

/// Builds the Kafka client configuration of a stored KAFKA connection: bootstrap brokers, TLS and SASL from
/// its options and secrets, and a dialer that applies its routes (PrivateLink endpoints from the server's
/// endpoint table, SSH channels through its tunnels).
///
/// One place turns a connection into a client, so validation, `VALIDATE CONNECTION` and sources reach the
/// cluster the same way.
struct KafkaConnectionClient: Sendable {
    var connection: ResolvedKafkaConnection
    var endpoints: any PrivateLinkEndpointProvider
    var tunnels: SSHTunnelRegistry
    var logger: Logger

    /// The route table of the connection.
    func routeTable() throws(SQLError) -> RouteTable {
        do {
            return try connection.definition.routeTable()
        } catch {
            throw SQLError.invalidParameter("connection \(connection.name): \(error.message)")
        }
    }

    /// The client configuration; opens SSH tunnels the routes name (lazily: they connect on first use).
    ///
    /// Its dialer applies the routes and logs a warning for every broker no rule covers, once per broker, as
    /// soon as metadata lists it. A caller that reports unmapped brokers itself clears `metadataObserver`.
    func configuration(requestTimeout: Int = 10) async throws -> KafkaConfiguration {
        let definition = connection.definition
        guard !definition.brokers.isEmpty else {
            throw SQLError.invalidParameter(
                "connection \(connection.name) lists no broker to bootstrap from",
                hint: "add BROKER 'host:port' or BROKERS ('host:port', …)")
        }
        let table = try routeTable()
        let privateLinks = connection.privateLinks.values.map {
            PrivateLinkConnection(
                name: $0.name, serviceName: $0.definition.serviceName,
                availabilityZones: $0.definition.availabilityZones)
        }
        var tunnelDialers: [String: any KafkaDialer] = [:]
        for (name, tunnel) in connection.sshTunnels {
            let configuration = SSHTunnelConfiguration(
                host: tunnel.definition.host, port: tunnel.definition.port, user: tunnel.definition.user,
                keys: SSHClientKeys(try tunnel.tunnelKeys()), knownHostKey: try tunnel.pinnedHostKey())
            tunnelDialers[name] = SSHTunnelDialer(
                tunnel: await tunnels.tunnel(named: name, configuration: configuration))
        }
        let name = connection.name
        let logger = self.logger
        let dialer = RoutingDialer(
            resolver: RouteResolver(table: table, privateLinks: privateLinks, endpoints: endpoints),
            tcp: TCPDialer(connectTimeout: .seconds(Int64(requestTimeout))),
            tunnels: tunnelDialers,
            syntax: .sql(connectionName: name),
            onUnmapped: { _, advice in logger.warning("\(advice)") }
        )

        let securityProtocolName = definition.effectiveSecurityProtocol
        guard let securityProtocol = KafkaSecurityProtocol(name: securityProtocolName) else {
            throw SQLError.invalidParameter(
                "SECURITY PROTOCOL '\(securityProtocolName)' is not one of \(KafkaSecurityProtocol.names)")
        }
        var tls: KafkaTLSConfiguration?
        if securityProtocol.usesTLS {
            var settings = KafkaTLSConfiguration()
            settings.caPEM = connection.value(of: definition.sslCertificateAuthority)
            settings.certificatePEM = connection.value(of: definition.sslCertificate)
            settings.privateKeyPEM = connection.sslKey
            tls = settings
        }
        var sasl: KafkaSASLConfiguration?
        if let awsName = definition.awsConnection {
            guard securityProtocol.usesSASL, let aws = connection.aws else {
                throw SQLError.invalidParameter(
                    "connection \(name) names AWS CONNECTION \(awsName) but cannot use it with \(securityProtocol)",
                    hint: "use SECURITY PROTOCOL = 'SASL_SSL'")
            }
            sasl = try AWSConnectionCredentials(connection: aws).saslConfiguration(kafkaConnection: name)
        } else if securityProtocol.usesSASL {
            let mechanismName = definition.saslMechanism ?? KafkaSASLMechanism.default.name
            guard let mechanism = KafkaSASLMechanism(name: mechanismName) else {
                throw SQLError.invalidParameter(
                    "SASL MECHANISMS '\(mechanismName)' is not one of \(KafkaSASLMechanism.names)")
            }
            guard let username = connection.saslUsername, let password = connection.saslPassword else {
                throw SQLError.invalidParameter(
                    "connection \(name) uses \(securityProtocol) but has no SASL USERNAME / SASL PASSWORD",
                    hint: "add SASL USERNAME = '…', SASL PASSWORD = SECRET name")
            }
            sasl = KafkaSASLConfiguration(mechanism: mechanism, username: username, password: password)
        }
        var configuration = KafkaConfiguration(
            bootstrapBrokers: definition.brokers.map { BrokerAddress(host: $0.host, port: $0.port) },
            clientID: "inlet",
            tls: tls,
            sasl: sasl,
            requestTimeout: .seconds(Int64(requestTimeout)),
            retryTimeout: .seconds(Int64(requestTimeout))
        )
        // The dialer and its metadata observer: an unmapped broker is logged once, as soon as metadata lists
        // it, not only when it is dialled.
        configuration.route(through: dialer)
        return configuration
    }
}
