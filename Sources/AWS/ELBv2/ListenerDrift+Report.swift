/// How a drift is named, and the AWS CLI commands that fix it: one rendering for `inlet privatelink check` and
/// VALIDATE CONNECTION.
extension ListenerDrift {
    /// One line that names the broker, listener and addresses concerned.
    public func message(plan: BrokerListenerPlan) -> String {
        switch self {
        case .missingListener(let entry):
            return "broker \(entry.broker.nodeID) (\(entry.broker.advertised), target \(entry.broker.target)) has "
                + "no listener on port \(entry.listenerPort)"
        case .wrongTarget(let entry, let listener, let found):
            let reached =
                found.isEmpty ? "no target" : found.map { Self.describe($0, plan: plan) }.joined(separator: ", ")
            return "listener \(listener.port) should reach broker \(entry.broker.nodeID) (\(entry.broker.advertised)) "
                + "at \(entry.broker.target) only, but reaches \(reached)"
        case .duplicatePort(let port, let listeners, let entry):
            let owner = entry.map { " (broker \($0.broker.nodeID)'s port)" } ?? ""
            return "port \(port)\(owner) is used by \(listeners.count) listeners; keep \(listeners[0].arn), delete "
                + listeners.dropFirst().map(\.arn).joined(separator: ", ")
        case .unhealthyTarget(let entry, let listener, let target):
            let reason = [target.reason, target.description].compactMap { $0 }.joined(separator: ": ")
            return "broker \(entry.broker.nodeID)'s target \(target.address) behind listener \(listener.port) is "
                + "\(target.state)" + (reason.isEmpty ? "" : " (\(reason))")
        case .departedBroker(let nodeID, let listener, let found):
            let reached = found.isEmpty ? "" : " (it reaches \(found.map(\.address).joined(separator: ", ")))"
            return "listener \(listener.port) is for broker \(nodeID), which the cluster's metadata does not list"
                + reached
        }
    }

    /// The commands (or the one step) that make the load balancer match the plan again.
    ///
    /// - Parameters:
    ///   - state: the load balancer as read, to tell whether a listener's target group is shared with another.
    ///   - existingGroup: the ARN of the broker's target group (`PREFIX-broker-ID`) when it exists apart from the
    ///     listener; the fix then reuses it instead of creating a second one of the same name.
    public func fix(
        plan: BrokerListenerPlan, state: LoadBalancerListeners, vpcID: String?, existingGroup: String? = nil
    ) -> [String] {
        let vpc = vpcID.map(shellQuoted) ?? #""$VPC_ID""#
        let loadBalancer = shellQuoted(state.loadBalancerARN)
        /// The broker's own target group (made, or the existing one) with its target, then `last`.
        func ownGroup(_ entry: BrokerListenerPlan.Entry, then last: String?) -> [String] {
            var commands = BrokerListenerPlan.commands(for: entry, loadBalancer: loadBalancer, vpc: vpc)
            if let existingGroup { commands[0] = "TG_\(entry.broker.nodeID)=\(shellQuoted(existingGroup))" }
            if let last { commands[2] = last }
            return commands
        }
        switch self {
        case .missingListener(let entry):
            return ownGroup(entry, then: nil)
        case .wrongTarget(let entry, let listener, let found):
            // A listener forwarding nowhere, or to a group another listener also uses (deregistering there would
            // break that listener), gets the broker's own group.
            guard let group = listener.forwardTargetGroupARNs.first,
                !state.listeners.contains(where: { $0.arn != listener.arn && $0.forwardTargetGroupARNs.contains(group) }
                )
            else {
                return ownGroup(
                    entry,
                    then: "aws elbv2 modify-listener --listener-arn \(shellQuoted(listener.arn)) --default-actions "
                        + "\"Type=forward,TargetGroupArn=$TG_\(entry.broker.nodeID)\"")
            }
            var commands: [String] = []
            if !found.contains(where: { $0.address == entry.broker.target }) {
                commands.append(
                    "aws elbv2 register-targets --target-group-arn \(shellQuoted(group)) --targets "
                        + "Id=\(entry.broker.targetIP),Port=\(entry.broker.port)")
            }
            for target in found where target.address != entry.broker.target {
                commands.append(
                    "aws elbv2 deregister-targets --target-group-arn \(shellQuoted(group)) --targets "
                        + "Id=\(target.targetID)" + (target.port.map { ",Port=\($0)" } ?? ""))
            }
            return commands
        case .duplicatePort(_, let listeners, _):
            // `find` puts the listener that reaches the port's broker first: keep it.
            return listeners.dropFirst().map { "aws elbv2 delete-listener --listener-arn \(shellQuoted($0.arn))" }
        case .unhealthyTarget(let entry, let listener, let target) where target.state == "initial":
            return [
                "# a newly registered target stays initial until its health checks pass (about a minute); run check "
                    + "again, and if it stays, allow TCP \(entry.broker.port) from the load balancer's subnets",
                "aws elbv2 describe-target-health --target-group-arn "
                    + shellQuoted(listener.forwardTargetGroupARNs.first ?? "TARGET_GROUP_ARN"),
            ]
        case .unhealthyTarget(let entry, let listener, _):
            return [
                "# allow TCP \(entry.broker.port) from the load balancer's subnets in the broker's security group "
                    + "(traffic and health checks), then watch the target turn healthy:",
                "aws elbv2 describe-target-health --target-group-arn "
                    + shellQuoted(listener.forwardTargetGroupARNs.first ?? "TARGET_GROUP_ARN"),
            ]
        case .departedBroker(_, let listener, _):
            return ["aws elbv2 delete-listener --listener-arn \(shellQuoted(listener.arn))"]
                + listener.forwardTargetGroupARNs.map {
                    "aws elbv2 delete-target-group --target-group-arn \(shellQuoted($0))"
                }
        }
    }

    /// `10.0.0.7:9096` with the broker whose address it is, or, when every broker's address is known, that it
    /// is no broker's.
    private static func describe(_ target: TargetHealthDescription, plan: BrokerListenerPlan) -> String {
        guard let owner = plan.entries.first(where: { $0.broker.target == target.address }) else {
            let allKnown = plan.entries.allSatisfy { !$0.broker.targetIP.hasPrefix("$") }
            return target.address + (allKnown ? " (no broker's address)" : "")
        }
        return "\(target.address) (broker \(owner.broker.nodeID)'s address)"
    }
}

extension BrokerListenerPlan {
    /// The three commands that give one broker its target group, target and listener; `loadBalancer` and `vpc`
    /// are shell words (quoted literals or variables).
    public static func commands(for entry: Entry, loadBalancer: String, vpc: String) -> [String] {
        let group = "TG_\(entry.broker.nodeID)"
        let port = String(entry.broker.port)
        return [
            "\(group)=$(aws elbv2 create-target-group --name \(entry.targetGroupName) --protocol TCP --port \(port) "
                + "--target-type ip --vpc-id \(vpc) --query 'TargetGroups[0].TargetGroupArn' --output text)",
            "aws elbv2 register-targets --target-group-arn \"$\(group)\" --targets "
                + "Id=\(entry.broker.targetIP),Port=\(port)",
            "aws elbv2 create-listener --load-balancer-arn \(loadBalancer) --protocol TCP --port \(entry.listenerPort) "
                + "--default-actions \"Type=forward,TargetGroupArn=$\(group)\" "
                + "--query 'Listeners[0].ListenerArn' --output text",
        ]
    }

    /// `3 brokers, listeners 9001, 9002, 9003 on msk-nlb, each reaching its broker only, 3 targets healthy`: what
    /// a load balancer without drift shows.
    public func summary(state: LoadBalancerListeners, name: String) -> String {
        let ports = entries.map(\.listenerPort)
        let range =
            ports.count == 1 ? "listener \(ports[0])" : "listeners \(ports.map(String.init).joined(separator: ", "))"
        let ignored = state.listeners.filter { $0.port <= listenerBase }.count
        let others =
            ignored == 0
            ? "" : "; \(ignored) listener\(ignored == 1 ? "" : "s") at or below \(listenerBase) not checked"
        return "\(entries.count) brokers, \(range) on \(name), each reaching its broker only, "
            + "\(entries.count) targets healthy\(others)"
    }
}

/// Single-quotes `text` for a POSIX shell.
public func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
}

extension ListenerDrift {
    /// `fix(plan:state:vpcID:existingGroup:)` with the broker's target group looked up first where the fix creates
    /// one (a missing listener, a wrong target), so that an existing group of that name is reused.
    public func fix(
        plan: BrokerListenerPlan, state: LoadBalancerListeners, vpcID: String?, client: ELBv2Client
    ) async throws -> [String] {
        var existing: String?
        switch self {
        case .missingListener(let entry), .wrongTarget(let entry, _, _):
            existing = try await client.targetGroup(named: entry.targetGroupName)?.arn
        case .duplicatePort, .unhealthyTarget, .departedBroker:
            break
        }
        return fix(plan: plan, state: state, vpcID: vpcID, existingGroup: existing)
    }
}
