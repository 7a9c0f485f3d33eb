import KafkaClient

extension RouteTable {
    /// How a route table was written, so advice names the statement or the flag the user actually uses.
    public enum Syntax: Sendable {
        /// `CREATE CONNECTION name TO KAFKA (…)`.
        case sql(connectionName: String)
        /// `inlet kafka … --route …`.
        case commandLine
    }

    /// The exact rule that would map `broker` in the style the table already uses: the same PrivateLink
    /// connection, tunnel or endpoint host, with the next free listener port. Nil when there is nothing to go by.
    public func suggestedRoute(for broker: BrokerAddress) -> BrokerRoute? {
        let template = brokers.last(where: { $0.via.kind != .direct })?.via ?? matching.first?.via
        guard let template else { return nil }
        switch template.kind {
        case .privateLink(let connection, _, _):
            let ports = brokers.compactMap { route -> Int? in
                if case .privateLink(connection, let port, _) = route.via.kind { return port }
                return nil
            }
            let port = ports.max().map { $0 + 1 }
            return BrokerRoute(host: broker.host, port: broker.port, via: .privateLink(connection, port: port))
        case .endpoint(let host, _):
            let ports = brokers.compactMap { route -> Int? in
                if case .endpoint(host, let port) = route.via.kind { return port }
                return nil
            }
            return BrokerRoute(
                host: broker.host, port: broker.port, via: .endpoint(host: host, port: ports.max().map { $0 + 1 }))
        case .sshTunnel, .direct:
            return BrokerRoute(host: broker.host, port: broker.port, via: template)
        }
    }

    /// A message for a broker that appeared in metadata but that no rule covers: which broker, why it matters,
    /// and the one statement (or flag) that maps it.
    public func unmappedAdvice(for broker: BrokerAddress, syntax: Syntax) -> String {
        let suggestion = suggestedRoute(for: broker)
        switch syntax {
        case .sql(let connectionName):
            var message = "broker \(broker) is not mapped by connection \(connectionName) and would be dialled directly"
            if let suggestion {
                message +=
                    "; map it with: ALTER CONNECTION \(connectionName) SET (\(brokersClause(adding: suggestion)))"
                if case .privateLink(let pl, let port?, _) = suggestion.via.kind {
                    message +=
                        " (after adding load balancer listener \(port) for it), or route every new broker with"
                        + " the connection default AWS PRIVATELINK \(pl) if the endpoint routes by TLS SNI"
                }
            } else {
                message += "; list it in BROKERS with USING AWS PRIVATELINK or USING SSH TUNNEL, or add a MATCHING rule"
            }
            return message
        case .commandLine:
            var message = "broker \(broker) is not mapped by any --route and would be dialled directly"
            if let suggestion, case .endpoint(let host, let port) = suggestion.via.kind {
                let target = port.map { "\(host):\($0)" } ?? host
                message +=
                    "; add --route '\(broker.host):\(broker.port)=\(target)'"
                    + " (or --route-matching 'PATTERN=HOST[:PORT]', or --route-default HOST[:PORT])"
            } else {
                message +=
                    "; add --route '\(broker.host):\(broker.port)=HOST:PORT', --route-matching or --route-default"
            }
            return message
        }
    }
}
