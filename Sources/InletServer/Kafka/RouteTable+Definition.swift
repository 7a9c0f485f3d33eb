import Routing
import SQL

extension RouteVia {
    /// The route a stored KAFKA connection names, as the route table takes it.
    init(_ route: KafkaRoute) {
        switch route {
        case .direct:
            self = .direct
        case .privateLink(let connection, let port, let zone):
            self = .privateLink(connection, port: port, availabilityZone: zone)
        case .sshTunnel(let connection):
            self = .sshTunnel(connection)
        }
    }
}

extension RouteTable {
    /// The route table of a KAFKA connection: its `BROKERS` entries, `MATCHING` rules and connection default.
    init(_ definition: KafkaConnectionDefinition) throws(RoutingError) {
        var table = RouteTable()
        table.brokers = definition.brokers.map { BrokerRoute(host: $0.host, port: $0.port, via: RouteVia($0.route)) }
        for rule in definition.matching {
            table.matching.append(MatchingRoute(pattern: try BrokerPattern(rule.pattern), via: RouteVia(rule.route)))
        }
        table.defaultVia = definition.defaultRoute.map(RouteVia.init)
        self = table
    }
}
