import AWS

/// The plan as a POSIX shell script of AWS CLI calls: per broker `create-target-group`, `register-targets` and
/// `create-listener`; also the fix commands of `check`.
extension BrokerListenerPlan {
    func awsCLIScript(_ context: ListenerPlanContext) -> String {
        var lines = [
            "#!/bin/sh",
            "# inlet privatelink plan: one TCP target group (IP target) and one TCP listener per Kafka broker"
                + (context.clusterID.map { " of cluster \($0)" } ?? "") + ".",
            "# Listener port = \(listenerBase) + broker id; the CREATE CONNECTION statement's PORT values are these.",
        ]
        lines += summaryLines().map { "#   \($0)" }
        lines += [
            "set -eu",
            Self.variable("LOAD_BALANCER_ARN", context.loadBalancerARN, what: "the network load balancer's ARN"),
            Self.variable("VPC_ID", context.vpcID, what: "the VPC of the brokers"),
        ]
        for entry in entries {
            lines.append("")
            lines.append("# broker \(entry.broker.nodeID): \(entry.broker.advertised)")
            lines += Self.commands(for: entry, loadBalancer: #""$LOAD_BALANCER_ARN""#, vpc: #""$VPC_ID""#)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `NAME="${NAME:-value}"`, or a check that stops the script with what to set.
    private static func variable(_ name: String, _ value: String?, what: String) -> String {
        guard let value else {
            return #": "${\#(name):?set \#(name) to \#(what)}""#
        }
        return #"\#(name)="${\#(name):-\#(value)}""#
    }
}
