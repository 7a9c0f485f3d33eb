import AWS

/// The plan as Terraform (AWS provider): per broker an `aws_lb_target_group`, an `aws_lb_target_group_attachment`
/// and an `aws_lb_listener`, with the load balancer and VPC as variables.
extension BrokerListenerPlan {
    func terraform(_ context: ListenerPlanContext) -> String {
        var lines = [
            "# inlet privatelink plan: one TCP target group (IP target) and one TCP listener per Kafka broker"
                + (context.clusterID.map { " of cluster \($0)" } ?? "") + ".",
            "# Listener port = \(listenerBase) + broker id.",
        ]
        lines += summaryLines().map { "#   \($0)" }
        lines += [""]
        lines += Self.variable("load_balancer_arn", context.loadBalancerARN, what: "The network load balancer's ARN.")
        lines += [""]
        lines += Self.variable("vpc_id", context.vpcID, what: "The VPC of the brokers.")
        for entry in entries {
            let name = "broker_\(entry.broker.nodeID)"
            lines += [
                "",
                "# broker \(entry.broker.nodeID): \(entry.broker.advertised)",
                "resource \"aws_lb_target_group\" \"\(name)\" {",
                "  name        = \"\(entry.targetGroupName)\"",
                "  port        = \(entry.broker.port)",
                "  protocol    = \"TCP\"",
                "  target_type = \"ip\"",
                "  vpc_id      = var.vpc_id",
                "}",
                "",
                "resource \"aws_lb_target_group_attachment\" \"\(name)\" {",
                "  target_group_arn = aws_lb_target_group.\(name).arn",
                "  target_id        = \"\(entry.broker.targetIP)\"",
                "  port             = \(entry.broker.port)",
                "}",
                "",
                "resource \"aws_lb_listener\" \"\(name)\" {",
                "  load_balancer_arn = var.load_balancer_arn",
                "  port              = \(entry.listenerPort)",
                "  protocol          = \"TCP\"",
                "",
                "  default_action {",
                "    type             = \"forward\"",
                "    target_group_arn = aws_lb_target_group.\(name).arn",
                "  }",
                "}",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func variable(_ name: String, _ value: String?, what: String) -> [String] {
        var lines = ["variable \"\(name)\" {", "  description = \"\(what)\"", "  type        = string"]
        if let value { lines.append("  default     = \"\(value)\"") }
        return lines + ["}"]
    }
}
