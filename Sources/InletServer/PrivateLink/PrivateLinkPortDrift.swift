import KafkaClient
import Routing
import SQL

/// The brokers a KAFKA connection sends to a PrivateLink listener port other than the one the plan gives them
/// (`listenerBase + node id`, as `inlet privatelink plan` makes the listeners), and the one ALTER CONNECTION
/// statement that puts every such `PORT` right.
///
/// The load balancer can match the plan while the connection still dials broker 2 at broker 3's listener (a typo,
/// a plan re-run with another base): broker 2's requests then reach broker 3, which answers NOT_LEADER. The plan
/// fixes the ports, so the connection is what changes; one statement covers every broker, since a statement per
/// broker would undo the others.
public struct PrivateLinkPortDrift: Sendable, Hashable {
    /// One broker whose route's port is not its listener's.
    public struct Broker: Sendable, Hashable {
        public var nodeID: Int
        public var address: BrokerAddress
        /// The PrivateLink connection the broker's route goes through.
        public var privateLink: String
        /// The port the route dials: its `PORT`, else the broker's own port.
        public var routedPort: Int
        /// `listenerBase + nodeID`.
        public var listenerPort: Int
    }

    public var connectionName: String
    public var listenerBase: Int
    public var brokers: [Broker]
    /// `ALTER CONNECTION name SET (BROKERS (…))` with each drifted broker at its listener port.
    public var statement: String
    /// The node ids of every broker the connection routes through PrivateLink, by their listener ports, to say
    /// whose listener a wrong port reaches.
    var listenerOwners: [Int: Int]

    /// The drift of `table` (the KAFKA connection `connectionName`'s routes) against `brokers` (the cluster's
    /// metadata), nil when every broker routed through PrivateLink dials `listenerBase + id`.
    /// `includes` picks the PrivateLink connections to hold against this base (all by default).
    public static func find(
        connectionName: String, table: RouteTable, brokers: [Int32: BrokerAddress], listenerBase: Int,
        includes: (String) -> Bool = { _ in true }
    ) -> PrivateLinkPortDrift? {
        var drifted: [Broker] = []
        var owners: [Int: Int] = [:]
        var fixed = table
        for (id, address) in brokers.sorted(by: { $0.key < $1.key }) {
            guard case .privateLink(let name, let port, let zone) = table.decide(for: address).via.kind, includes(name)
            else { continue }
            let listener = listenerBase + Int(id)
            owners[listener] = Int(id)
            let routed = port ?? address.port
            guard routed != listener else { continue }
            drifted.append(
                Broker(
                    nodeID: Int(id), address: address, privateLink: name, routedPort: routed, listenerPort: listener))
            let via = RouteVia.privateLink(name, port: listener, availabilityZone: zone)
            let host = address.host.lowercased()
            if let index = fixed.brokers.firstIndex(where: { $0.host.lowercased() == host && $0.port == address.port })
            {
                fixed.brokers[index].via = via
            } else {
                // A MATCHING rule or the connection default covers it: an exact entry comes before those.
                fixed.brokers.append(RouteTable.BrokerRoute(host: address.host, port: address.port, via: via))
            }
        }
        guard !drifted.isEmpty else { return nil }
        return PrivateLinkPortDrift(
            connectionName: connectionName, listenerBase: listenerBase, brokers: drifted,
            statement: "ALTER CONNECTION \(connectionName) SET (\(fixed.brokersClause()))", listenerOwners: owners)
    }

    /// `broker 2 (b-2…:9096) goes USING AWS PRIVATELINK pl (PORT 9103) (broker 3's listener), not its listener 9102 …`.
    public var message: String {
        var parts = brokers.map { broker in
            let owner = listenerOwners[broker.routedPort].map { " (broker \($0)'s listener)" } ?? ""
            let address = "\(broker.address.host):\(broker.address.port)"
            return "broker \(broker.nodeID) (\(address)) goes USING AWS PRIVATELINK \(broker.privateLink) "
                + "(PORT \(broker.routedPort))\(owner), not its listener \(broker.listenerPort) (base "
                + "\(listenerBase) + node id \(broker.nodeID))"
        }
        // Every broker off by the same base: the listeners may follow that base rather than this one.
        let bases = Set(brokers.map { $0.routedPort - $0.nodeID })
        if brokers.count > 1, bases.count == 1, let base = bases.first, (0...65534).contains(base),
            brokers.count == listenerOwners.count
        {
            parts.append(
                "if the load balancer's listeners follow base \(base) instead, the server's listener base is what "
                    + "to change (--aws-listener-base \(base); `inlet privatelink check --listener-base \(base)`)")
        }
        return parts.joined(separator: "; ")
    }
}

extension PrivateLinkPortDrift {
    /// The route table of a `CREATE CONNECTION … TO KAFKA` statement (as `SHOW CREATE CONNECTION` or
    /// `inlet privatelink plan --output sql` prints it) and the connection's name.
    public static func routes(ofStatement sql: String) throws -> (name: String, table: RouteTable) {
        let statements = try Parser.parse(sql)
        guard statements.count == 1, case .createConnection(let create) = statements[0].statement,
            create.type == .kafka
        else {
            throw SQLError.syntax(
                "expected one CREATE CONNECTION … TO KAFKA statement, as SHOW CREATE CONNECTION prints it",
                position: nil)
        }
        guard case .kafka(let kafka) = try ConnectionDefinition.plan(type: .kafka, options: create.options) else {
            throw SQLError.internal("a KAFKA connection did not plan as one")
        }
        return (create.name, try kafka.routeTable())
    }
}
