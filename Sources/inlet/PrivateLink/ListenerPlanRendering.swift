import AWS
import ArgumentParser

/// What a rendered plan refers to besides the brokers: the load balancer and VPC (literal or a placeholder),
/// and the names the SQL statement uses.
struct ListenerPlanContext {
    /// The load balancer's ARN from `--load-balancer`; nil renders a placeholder.
    var loadBalancerARN: String?
    /// The VPC of the target groups from `--vpc-id`; nil renders a placeholder.
    var vpcID: String?
    /// Where the metadata came from, for the header comment.
    var clusterID: String?
}

/// The formats `inlet privatelink plan --output` prints.
enum ListenerPlanFormat: String, CaseIterable, ExpressibleByArgument {
    case awsCLI = "aws-cli"
    case terraform
    case cloudformation
    case sql
}

extension BrokerListenerPlan {
    /// One line per broker for header comments: `broker 1: b-1…:9096 → 10.0.0.1:9096, listener port 9001`.
    func summaryLines() -> [String] {
        entries.map {
            "broker \($0.broker.nodeID): \($0.broker.advertised) → \($0.broker.target), listener port \($0.listenerPort)"
        }
    }
}
