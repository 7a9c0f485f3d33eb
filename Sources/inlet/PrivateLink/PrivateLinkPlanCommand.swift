import AWS
import ArgumentParser
import Foundation
import KafkaClient

/// `inlet privatelink plan`: the target groups and listeners a network load balancer needs for the cluster's
/// live brokers, as AWS CLI commands, Terraform, CloudFormation, or the matching CREATE CONNECTION statement.
struct PrivateLinkPlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print one TCP target group and listener per broker (port BASE + broker id) for an NLB.",
        discussion: """
            The brokers come from the cluster's live metadata, reached with the same --bootstrap, route and security \
            flags as `inlet kafka`. Each broker gets an IP target group at its advertised port and a TCP listener \
            at --listener-base + its node id. An NLB target needs an IP address: give --target-address ID=IP, or \
            run the plan where the advertised names resolve (inside the cluster's VPC).
            """)

    @OptionGroup var connection: KafkaConnectionOptions

    @OptionGroup(title: "Listeners") var listeners: PrivateLinkListenerOptions

    @Option(help: "aws-cli (a shell script), terraform, cloudformation (YAML) or sql (CREATE CONNECTION … TO KAFKA).")
    var output: ListenerPlanFormat = .awsCLI

    @Option(
        name: .customLong("load-balancer"),
        help: "The NLB's ARN; without it the output leaves a placeholder (LOAD_BALANCER_ARN, var.load_balancer_arn).")
    var loadBalancerARN: String?

    @Option(name: .customLong("vpc-id"), help: "The VPC of the target groups; a placeholder without it.")
    var vpcID: String?

    @Option(help: "With --output sql: the Kafka connection's name.")
    var connectionName: String = "kafka_conn"

    @Option(help: "With --output sql: the AWS PRIVATELINK connection the brokers are routed through.")
    var privatelinkConnection: String = "pl"

    @Option(
        name: .customLong("availability-zone"),
        help: ArgumentHelp(
            "With --output sql: a broker's availability zone id, by node id (repeatable), e.g. 1=use1-az1.",
            valueName: "id=zone"))
    var availabilityZones: [String] = []

    func run() async throws {
        try await reportingErrors {
            let zones = try parsedZones()
            let (metadata, livePlan) = try await listeners.plan(connection)
            var plan = livePlan
            for index in plan.entries.indices {
                plan.entries[index].broker.availabilityZone = zones[plan.entries[index].broker.nodeID]
            }
            let context = ListenerPlanContext(
                loadBalancerARN: loadBalancerARN, vpcID: vpcID, clusterID: metadata.clusterID)
            switch output {
            case .awsCLI: print(plan.awsCLIScript(context), terminator: "")
            case .terraform: print(plan.terraform(context), terminator: "")
            case .cloudformation: print(plan.cloudFormation(context), terminator: "")
            case .sql:
                print(
                    plan.sql(
                        ListenerPlanSQLNames(
                            connection: connectionName, privateLink: privatelinkConnection,
                            securityProtocol: try connection.parsedSecurityProtocol().name,
                            saslMechanism: connection.saslMechanism, saslUsername: connection.saslUsername,
                            hasCertificateAuthority: connection.sslCa != nil,
                            hasClientCertificate: connection.sslCert != nil)),
                    terminator: "")
            }
        }
    }

    func parsedZones() throws -> [Int: String] {
        var zones: [Int: String] = [:]
        for flag in availabilityZones {
            let parts = flag.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let id = Int(parts[0]), !parts[1].isEmpty else {
                throw KafkaClientError(
                    .configuration, "--availability-zone '\(flag)' is not ID=ZONE, e.g. --availability-zone 1=use1-az1")
            }
            zones[id] = parts[1]
        }
        return zones
    }
}
