import AWS

/// The plan as a CloudFormation template (YAML): per broker an `AWS::ElasticLoadBalancingV2::TargetGroup` with its
/// IP target and an `AWS::ElasticLoadBalancingV2::Listener`, the load balancer and VPC as parameters.
///
/// References are written `{Ref: Name}` rather than `!Ref`, so plain YAML readers accept the template too.
extension BrokerListenerPlan {
    func cloudFormation(_ context: ListenerPlanContext) -> String {
        var lines = [
            "# inlet privatelink plan: one TCP target group (IP target) and one TCP listener per Kafka broker.",
            "# Listener port = \(listenerBase) + broker id.",
        ]
        lines += summaryLines().map { "#   \($0)" }
        lines += [
            "AWSTemplateFormatVersion: \"2010-09-09\"",
            "Description: \"Per-broker NLB listeners for Kafka"
                + (context.clusterID.map { " cluster \($0)" } ?? "") + " (inlet privatelink plan)\"",
            "Parameters:",
            "  LoadBalancerArn:",
            "    Type: String",
            "    Description: \"The network load balancer's ARN.\"",
        ]
        if let arn = context.loadBalancerARN { lines.append("    Default: \"\(arn)\"") }
        lines += ["  VpcId:", "    Type: AWS::EC2::VPC::Id", "    Description: \"The VPC of the brokers.\""]
        if let vpc = context.vpcID { lines.append("    Default: \"\(vpc)\"") }
        lines.append("Resources:")
        for entry in entries {
            let name = "Broker\(entry.broker.nodeID)"
            lines += [
                "  # broker \(entry.broker.nodeID): \(entry.broker.advertised)",
                "  \(name)TargetGroup:",
                "    Type: AWS::ElasticLoadBalancingV2::TargetGroup",
                "    Properties:",
                "      Name: \"\(entry.targetGroupName)\"",
                "      Protocol: TCP",
                "      Port: \(entry.broker.port)",
                "      TargetType: ip",
                "      VpcId: {Ref: VpcId}",
                "      Targets:",
                "        - Id: \"\(entry.broker.targetIP)\"",
                "          Port: \(entry.broker.port)",
                "  \(name)Listener:",
                "    Type: AWS::ElasticLoadBalancingV2::Listener",
                "    Properties:",
                "      LoadBalancerArn: {Ref: LoadBalancerArn}",
                "      Protocol: TCP",
                "      Port: \(entry.listenerPort)",
                "      DefaultActions:",
                "        - Type: forward",
                "          TargetGroupArn: {Ref: \(name)TargetGroup}",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
