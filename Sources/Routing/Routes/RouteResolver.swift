import KafkaClient

/// Where the bytes of one broker connection actually go.
public struct DialTarget: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// A TCP connection to `host:port` (the broker itself, a PrivateLink endpoint listener, a literal address).
        case tcp(host: String, port: Int)
        /// A `direct-tcpip` channel through the named SSH tunnel to `host:port` as the bastion resolves it.
        case sshTunnel(connection: String, host: String, port: Int)
    }

    public var kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case .tcp(let host, let port): "\(host):\(port)"
        case .sshTunnel(let connection, let host, let port): "\(host):\(port) via SSH tunnel \(connection)"
        }
    }
}

/// Turns route decisions into dial targets, given the PrivateLink connections the rules name and where their
/// endpoints live.
public struct RouteResolver: Sendable {
    public var table: RouteTable
    public var privateLinks: [String: PrivateLinkConnection]
    public var endpoints: any PrivateLinkEndpointProvider

    public init(
        table: RouteTable,
        privateLinks: [PrivateLinkConnection] = [],
        endpoints: any PrivateLinkEndpointProvider = StaticPrivateLinkEndpoints()
    ) {
        self.table = table
        self.privateLinks = Dictionary(privateLinks.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.endpoints = endpoints
    }

    /// Decides the route for `broker` and where to dial; throws when a rule names something that is missing.
    public func resolve(_ broker: BrokerAddress) throws(RoutingError) -> (decision: RouteDecision, target: DialTarget) {
        let decision = table.decide(for: broker)
        return (decision, try target(for: decision))
    }

    public func target(for decision: RouteDecision) throws(RoutingError) -> DialTarget {
        let broker = decision.broker
        switch decision.via.kind {
        case .direct:
            return DialTarget(.tcp(host: broker.host, port: broker.port))
        case .endpoint(let host, let port):
            return DialTarget(.tcp(host: host, port: port ?? broker.port))
        case .sshTunnel(let connection):
            return DialTarget(.sshTunnel(connection: connection, host: broker.host, port: broker.port))
        case .privateLink(let name, let port, let zone):
            guard let connection = privateLinks[name] else {
                throw RoutingError(
                    code: .unknownConnection,
                    message:
                        "route for broker \(broker) names AWS PRIVATELINK connection \(name), which does not exist; create it with CREATE CONNECTION \(name) TO AWS PRIVATELINK (SERVICE NAME '…')"
                )
            }
            if let zone, !connection.availabilityZones.contains(zone) {
                throw RoutingError(
                    code: .unknownAvailabilityZone,
                    message:
                        "route for broker \(broker) names availability zone '\(zone)', which PrivateLink connection \(name) does not list (it lists \(connection.availabilityZones.map { "'\($0)'" }.joined(separator: ", ")))"
                )
            }
            let host = try endpoints.endpointHost(for: connection, availabilityZone: zone)
            return DialTarget(.tcp(host: host, port: port ?? broker.port))
        }
    }
}
