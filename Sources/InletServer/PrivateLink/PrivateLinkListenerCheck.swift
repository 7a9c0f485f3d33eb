import AWS
import Catalog
import KafkaClient
import Routing
import SQL

/// VALIDATE CONNECTION's look at the network load balancers behind a KAFKA connection's AWS PrivateLink
/// services: `inlet privatelink check` (`ListenerDrift`) against the metadata the validation fetched.
///
/// The load balancer drifts silently when brokers come and go; VALIDATE is where a user looks when a source
/// stalls, so each drift is named there with its fix. The check never fails a validation: an AWS error is one
/// WARNING notice, as is each drift.
public struct PrivateLinkListenerCheck: Sendable {
    public var ec2: EC2Client
    public var elbv2: ELBv2Client
    /// Broker N's listener is at `listenerBase + N`, as `inlet privatelink plan` makes it.
    public var listenerBase: Int
    /// Target groups are named `PREFIX-broker-ID`, as `inlet privatelink plan` makes them.
    public var namePrefix: String
    /// A broker's IPv4 address from its advertised name where the server runs, nil when it does not resolve.
    public var resolveAddress: @Sendable (String) async -> String?

    public init(
        ec2: EC2Client, elbv2: ELBv2Client, listenerBase: Int = BrokerListenerPlan.defaultListenerBase,
        namePrefix: String = BrokerListenerPlan.defaultNamePrefix,
        resolveAddress: @escaping @Sendable (String) async -> String? = { await BrokerIPv4.lookup($0) }
    ) {
        self.ec2 = ec2
        self.elbv2 = elbv2
        self.listenerBase = listenerBase
        self.namePrefix = namePrefix
        self.resolveAddress = resolveAddress
    }

    /// One notice per drift (with its fix), or one saying the listeners match, per load balancer behind each
    /// PrivateLink connection that routes a broker of `metadata`.
    func notices(connection: ResolvedKafkaConnection, table: RouteTable, metadata: ClusterMetadata) async
        -> [StatementNotice]
    {
        var routed: [String: [(id: Int, address: BrokerAddress)]] = [:]
        for (id, address) in metadata.brokers.sorted(by: { $0.key < $1.key }) {
            guard case .privateLink(let name, _, _) = table.decide(for: address).via.kind else { continue }
            routed[name, default: []].append((Int(id), address))
        }
        var notices: [StatementNotice] = []
        if let drift = PrivateLinkPortDrift.find(
            connectionName: connection.name, table: table, brokers: metadata.brokers, listenerBase: listenerBase,
            includes: { connection.privateLinks[$0] != nil })
        {
            notices.append(
                .warning("connection \(connection.name): drift: \(drift.message)\nfix:\n  \(drift.statement)"))
        }
        for (name, brokers) in routed.sorted(by: { $0.key < $1.key }) {
            guard let privateLink = connection.privateLinks[name] else { continue }
            let serviceName = privateLink.definition.serviceName
            do {
                notices += try await check(privateLink: name, serviceName: serviceName, brokers: brokers)
            } catch {
                notices.append(
                    .warning(
                        "the load balancer listeners behind PrivateLink connection \(name) were not checked: \(error)"))
            }
        }
        return notices
    }

    private func check(
        privateLink name: String, serviceName: String, brokers: [(id: Int, address: BrokerAddress)]
    ) async throws -> [StatementNotice] {
        guard let serviceID = EC2Client.serviceID(ofServiceName: serviceName) else {
            return [
                .warning(
                    "the load balancer listeners behind PrivateLink connection \(name) were not checked: "
                        + "its service name \(serviceName) holds no vpce-svc-… id")
            ]
        }
        let balancers = try await ec2.describeVpcEndpointServiceConfigurations(serviceIDs: [serviceID])
            .flatMap(\.networkLoadBalancerARNs)
        guard !balancers.isEmpty else {
            return [
                .warning(
                    "the load balancer listeners behind PrivateLink connection \(name) were not checked: "
                        + "endpoint service \(serviceID) names no network load balancer")
            ]
        }
        let base = listenerBase
        let resolve = resolveAddress
        let resolved = await withTaskGroup(of: (Int, String?).self) { group in
            for broker in brokers {
                let host = broker.address.host
                group.addTask { (broker.id, await resolve(host)) }
            }
            var found: [Int: String] = [:]
            for await (id, ip) in group { found[id] = ip }
            return found
        }
        var notices: [StatementNotice] = []
        let inferred = brokers.map(\.id).filter { resolved[$0] == nil }
        if !inferred.isEmpty {
            let list = inferred.map(String.init).joined(separator: ", ")
            let which = inferred.count == 1 ? "broker \(list)'s name does" : "brokers \(list)'s names do"
            notices.append(
                StatementNotice(
                    .notice,
                    "PrivateLink connection \(name): \(which) not resolve where the server runs, so "
                        + (inferred.count == 1 ? "its address is" : "their addresses are") + " taken from the target "
                        + "behind each one's own listener; a listener that reaches an address of no broker is not "
                        + "detected for them (MSK's broker names resolve from anywhere; for others, run `inlet "
                        + "privatelink check` inside the VPC)"))
        }
        for arn in balancers {
            let balancer = try await elbv2.describeLoadBalancers(arns: [arn]).first
            let state = try await LoadBalancerListeners.read(loadBalancerARN: arn, client: elbv2)
            let plan = try BrokerListenerPlan(
                brokers: Self.brokers(brokers, base: base, state: state, resolved: resolved), listenerBase: base,
                namePrefix: namePrefix)
            let label = "PrivateLink connection \(name), load balancer \(balancer?.name ?? arn)"
            let drifts = ListenerDrift.find(plan: plan, state: state)
            guard !drifts.isEmpty else {
                notices.append(
                    StatementNotice(
                        .notice, "\(label): listeners match: " + plan.summary(state: state, name: balancer?.name ?? arn)
                    ))
                continue
            }
            for drift in drifts {
                var fix = try await drift.fix(plan: plan, state: state, vpcID: balancer?.vpcID, client: elbv2)
                let unknown = plan.entries.filter { $0.broker.targetIP.hasPrefix("$") }
                    .filter { entry in fix.contains { $0.contains(entry.broker.targetIP) } }
                fix =
                    unknown.map {
                        "\($0.broker.targetIP.dropFirst())=… # the address of \($0.broker.host) inside its VPC "
                            + "(`inlet privatelink plan` run there resolves it)"
                    } + fix
                notices.append(
                    .warning(
                        "\(label): drift: \(drift.message(plan: plan))\nfix:\n"
                            + fix.map { "  \($0)" }.joined(separator: "\n")))
            }
        }
        return notices
    }

    /// The brokers with the IP their targets need: the address a broker's name resolves to where the server runs
    /// (`resolved`), else, outside the brokers' VPC, where their names do not resolve, the one target behind its
    /// own listener at its advertised port when that address is no other broker's; otherwise (no listener, several
    /// targets, a target shared) it is unknown, and stands as `$BROKER_N_IP` in the drift and its fix.
    static func brokers(
        _ brokers: [(id: Int, address: BrokerAddress)], base: Int, state: LoadBalancerListeners,
        resolved: [Int: String] = [:]
    ) -> [BrokerListenerPlan.Broker] {
        var found: [Int: TargetHealthDescription] = [:]
        for broker in brokers where resolved[broker.id] == nil {
            let listeners = state.listeners.filter { $0.port == base + broker.id }
            guard listeners.count == 1, let listener = listeners.first else { continue }
            let targets = state.targets(of: listener)
            if targets.count == 1, let target = targets.first, target.port == broker.address.port {
                found[broker.id] = target
            }
        }
        let known = brokers.compactMap { broker in resolved[broker.id].map { "\($0):\(broker.address.port)" } }
        let claims = Dictionary((found.values.map(\.address) + known).map { ($0, 1) }, uniquingKeysWith: +)
        return brokers.map { broker in
            let target = found[broker.id].flatMap { claims[$0.address] == 1 ? $0 : nil }
            return BrokerListenerPlan.Broker(
                nodeID: broker.id, host: broker.address.host, port: broker.address.port,
                targetIP: resolved[broker.id] ?? target?.targetID ?? "$BROKER_\(broker.id)_IP")
        }
    }
}
