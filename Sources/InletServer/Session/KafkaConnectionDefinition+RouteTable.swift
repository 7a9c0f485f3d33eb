import Routing
import SQL

extension KafkaConnectionDefinition {
    /// The route table of this connection: its listed brokers, its MATCHING rules and its connection-level
    /// default, in Materialize's order. PrivateLink and SSH routes name their connections, as `RouteVia` does.
    public func routeTable() throws(RoutingError) -> RouteTable {
        var table = RouteTable(defaultVia: defaultRoute?.routeVia)
        table.brokers = brokers.map { RouteTable.BrokerRoute(host: $0.host, port: $0.port, via: $0.route.routeVia) }
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
