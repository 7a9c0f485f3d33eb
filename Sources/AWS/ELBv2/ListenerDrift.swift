/// What a network load balancer shows for a `BrokerListenerPlan`: its listeners, the target groups they forward
/// to and the targets registered in them with their health.
public struct LoadBalancerListeners: Sendable, Hashable {
    public var loadBalancerARN: String
    public var listeners: [Listener]
    /// Target group ARN → target group.
    public var targetGroups: [String: TargetGroup]
    /// Target group ARN → its registered targets with their health.
    public var targets: [String: [TargetHealthDescription]]

    public init(
        loadBalancerARN: String, listeners: [Listener], targetGroups: [String: TargetGroup],
        targets: [String: [TargetHealthDescription]]
    ) {
        self.loadBalancerARN = loadBalancerARN
        self.listeners = listeners
        self.targetGroups = targetGroups
        self.targets = targets
    }

    /// The targets every forward action of `listener` reaches.
    public func targets(of listener: Listener) -> [TargetHealthDescription] {
        listener.forwardTargetGroupARNs.flatMap { targets[$0] ?? [] }
    }

    /// Reads the load balancer's listeners, their target groups and target health through `client`.
    public static func read(loadBalancerARN: String, client: ELBv2Client) async throws -> LoadBalancerListeners {
        let listeners = try await client.describeListeners(loadBalancerARN: loadBalancerARN)
        var arns: [String] = []
        for arn in listeners.flatMap(\.forwardTargetGroupARNs) where !arns.contains(arn) { arns.append(arn) }
        var groups: [String: TargetGroup] = [:]
        var targets: [String: [TargetHealthDescription]] = [:]
        if !arns.isEmpty {
            for group in try await client.describeTargetGroups(arns: arns) { groups[group.arn] = group }
            for arn in arns { targets[arn] = try await client.describeTargetHealth(targetGroupARN: arn) }
        }
        return LoadBalancerListeners(
            loadBalancerARN: loadBalancerARN, listeners: listeners, targetGroups: groups, targets: targets)
    }
}

/// One way a load balancer differs from the plan of its brokers' listeners.
public enum ListenerDrift: Sendable, Hashable {
    /// The broker has no listener at its port.
    case missingListener(BrokerListenerPlan.Entry)
    /// The listener at the broker's port does not reach exactly the broker's address (`found` is what it reaches).
    case wrongTarget(BrokerListenerPlan.Entry, listener: Listener, found: [TargetHealthDescription])
    /// Several listeners share one port (AWS refuses this; moto does not). The one that reaches the port's broker
    /// exactly comes first.
    case duplicatePort(Int, listeners: [Listener], entry: BrokerListenerPlan.Entry?)
    /// The broker's target is registered but its health checks do not pass.
    case unhealthyTarget(BrokerListenerPlan.Entry, listener: Listener, target: TargetHealthDescription)
    /// A listener above the base whose broker (`listenerPort - base`) is not in the metadata.
    case departedBroker(nodeID: Int, listener: Listener, found: [TargetHealthDescription])

    /// The drifts of `state` against `plan`, ordered by listener port.
    public static func find(plan: BrokerListenerPlan, state: LoadBalancerListeners) -> [ListenerDrift] {
        var drifts: [(Int, ListenerDrift)] = []
        let byPort = Dictionary(grouping: state.listeners, by: \.port)
        for (port, listeners) in byPort where listeners.count > 1 {
            let entry = plan.entries.first { $0.listenerPort == port }
            // The listener that reaches the port's broker exactly comes first, so a fix keeps it.
            let reaches = { (listener: Listener) in
                entry.map { state.targets(of: listener).map(\.address) == [$0.broker.target] } ?? false
            }
            let ordered = listeners.sorted { (reaches($0) ? 0 : 1, $0.arn) < (reaches($1) ? 0 : 1, $1.arn) }
            drifts.append((port, .duplicatePort(port, listeners: ordered, entry: entry)))
        }
        for entry in plan.entries {
            guard let listeners = byPort[entry.listenerPort] else {
                drifts.append((entry.listenerPort, .missingListener(entry)))
                continue
            }
            guard listeners.count == 1, let listener = listeners.first else { continue }
            let found = state.targets(of: listener)
            guard found.map(\.address) == [entry.broker.target] else {
                drifts.append((entry.listenerPort, .wrongTarget(entry, listener: listener, found: found)))
                continue
            }
            for target in found where !target.isHealthy {
                drifts.append((entry.listenerPort, .unhealthyTarget(entry, listener: listener, target: target)))
            }
        }
        for (port, listeners) in byPort {
            guard let nodeID = plan.nodeID(ofListenerPort: port), plan.entry(nodeID: nodeID) == nil else { continue }
            for listener in listeners {
                drifts.append(
                    (port, .departedBroker(nodeID: nodeID, listener: listener, found: state.targets(of: listener))))
            }
        }
        return drifts.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
    }
}
