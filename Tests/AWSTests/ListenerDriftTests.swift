import AWS
import Testing

/// `ListenerDrift.find` on load balancer states built by hand, including what moto cannot show (an unhealthy
/// target): every kind of drift, and none when the listeners match the plan.
@Suite struct ListenerDriftTests {
    let plan = try! BrokerListenerPlan(
        brokers: (1...3).map {
            BrokerListenerPlan.Broker(nodeID: $0, host: "b-\($0).msk.internal", port: 9096, targetIP: "10.0.0.\($0)")
        }, listenerBase: 9000, namePrefix: "inlet")

    func state(_ ports: [(Int, String, String)], health: [String: String] = [:]) -> LoadBalancerListeners {
        var listeners: [Listener] = []
        var targets: [String: [TargetHealthDescription]] = [:]
        for (index, (port, group, address)) in ports.enumerated() {
            listeners.append(
                Listener(
                    arn: "listener-\(index)", loadBalancerARN: "nlb", port: port, protocol: "TCP",
                    forwardTargetGroupARNs: [group]))
            let parts = address.split(separator: ":")
            targets[group, default: []].append(
                TargetHealthDescription(
                    targetID: String(parts[0]), port: Int(parts[1]), state: health[address] ?? "healthy",
                    reason: health[address].map { _ in "Target.FailedHealthChecks" }))
        }
        return LoadBalancerListeners(loadBalancerARN: "nlb", listeners: listeners, targetGroups: [:], targets: targets)
    }

    var matching: [(Int, String, String)] { (1...3).map { (9000 + $0, "tg-\($0)", "10.0.0.\($0):9096") } }

    @Test func portsAndNamesComeFromTheNodeIDs() {
        #expect(plan.entries.map(\.listenerPort) == [9001, 9002, 9003])
        #expect(plan.entries.map(\.targetGroupName) == ["inlet-broker-1", "inlet-broker-2", "inlet-broker-3"])
        #expect(plan.nodeID(ofListenerPort: 9004) == 4)
        #expect(plan.nodeID(ofListenerPort: 443) == nil)
    }

    @Test func aPlanOutsideThePortRangeOrWithALongNameIsRefused() {
        let broker = BrokerListenerPlan.Broker(nodeID: 1001, host: "b", port: 9092, targetIP: "10.0.0.1")
        #expect(throws: AWSError.self) {
            try BrokerListenerPlan(brokers: [broker], listenerBase: 65000, namePrefix: "x")
        }
        #expect(throws: AWSError.self) {
            try BrokerListenerPlan(brokers: [broker], listenerBase: 9000, namePrefix: String(repeating: "n", count: 30))
        }
    }

    @Test func matchingListenersHaveNoDrift() {
        #expect(ListenerDrift.find(plan: plan, state: state(matching)).isEmpty)
        // Listeners at or below the base are not the plan's and are left alone.
        #expect(ListenerDrift.find(plan: plan, state: state(matching + [(443, "tg-web", "10.0.9.9:443")])).isEmpty)
    }

    @Test func eachKindOfDriftIsNamed() {
        var ports = matching
        ports.remove(at: 2)  // broker 3 has no listener
        ports[1].2 = "10.0.0.7:9096"  // broker 2's listener reaches another address
        ports.append((9001, "tg-1b", "10.0.0.1:9096"))  // port 9001 twice
        ports.append((9005, "tg-5", "10.0.0.5:9096"))  // broker 5 left
        let drifts = ListenerDrift.find(plan: plan, state: state(ports))
        let entries = plan.entries
        #expect(drifts.count == 4, "\(drifts)")
        guard drifts.count == 4 else { return }
        if case .duplicatePort(9001, let listeners, let entry) = drifts[0] {
            #expect(listeners.count == 2)
            #expect(entry == entries[0])
        } else {
            Issue.record("not a duplicate port: \(drifts[0])")
        }
        if case .wrongTarget(let entry, _, let found) = drifts[1] {
            #expect(entry == entries[1])
            #expect(found.map(\.address) == ["10.0.0.7:9096"])
        } else {
            Issue.record("not a wrong target: \(drifts[1])")
        }
        #expect(drifts[2] == .missingListener(entries[2]))
        if case .departedBroker(5, let listener, let found) = drifts[3] {
            #expect(listener.port == 9005)
            #expect(found.map(\.address) == ["10.0.0.5:9096"])
        } else {
            Issue.record("not a departed broker: \(drifts[3])")
        }
    }

    @Test func anUnhealthyTargetIsDrift() {
        let drifts = ListenerDrift.find(plan: plan, state: state(matching, health: ["10.0.0.2:9096": "unhealthy"]))
        #expect(drifts.count == 1)
        if case .unhealthyTarget(let entry, let listener, let target) = drifts.first {
            #expect(entry.broker.nodeID == 2)
            #expect(listener.port == 9002)
            #expect(target.state == "unhealthy")
            #expect(target.reason == "Target.FailedHealthChecks")
        } else {
            Issue.record("not an unhealthy target: \(drifts)")
        }
    }

    @Test func aListenerThatReachesTwoBrokersIsAWrongTarget() {
        var current = state(matching)
        current.targets["tg-1"]?.append(TargetHealthDescription(targetID: "10.0.0.2", port: 9096, state: "healthy"))
        let drifts = ListenerDrift.find(plan: plan, state: current)
        #expect(drifts.count == 1)
        if case .wrongTarget(let entry, _, let found) = drifts.first {
            #expect(entry.broker.nodeID == 1)
            #expect(found.map(\.address) == ["10.0.0.1:9096", "10.0.0.2:9096"])
        } else {
            Issue.record("not a wrong target: \(drifts)")
        }
    }
}
