import Routing
import SQL

extension KafkaConnectionDefinition {
    /// The route table of this connection: its listed brokers, its MATCHING rules and its connection-level
    /// default, in Materialize's order. PrivateLink and SSH routes name their connections, as `RouteVia` does.
    public func routeTable() throws(RoutingError) -> RouteTable {
        var table = RouteTable(defaultVia: defaultRoute?.routeVia)
        // `BROKER 'b:9092', SSH TUNNEL t` (Materialize's documented form): a broker listed without USING goes
        // through the connection-level tunnel. With a connection-level PrivateLink default such a broker stays
        // direct; only the brokers metadata adds later take the default.
        let unlisted: RouteVia = if case .sshTunnel = defaultRoute { defaultRoute!.routeVia } else { .direct }
        table.brokers = brokers.map { broker in
            RouteTable.BrokerRoute(
                host: broker.host, port: broker.port, via: broker.route == .direct ? unlisted : broker.route.routeVia)
        }
        for rule in matching {
            table.matching.append(
                RouteTable.MatchingRoute(pattern: try BrokerPattern(rule.pattern), via: rule.route.routeVia))
        }
        return table
    }
}

extension KafkaRoute {
    /// The routing module's form of this route.
    public var routeVia: RouteVia {
        switch self {
        case .direct: return .direct
        case .privateLink(let connection, let port, let zone):
            return .privateLink(connection, port: port, availabilityZone: zone)
        case .sshTunnel(let connection): return .sshTunnel(connection)
        }
    }
}
