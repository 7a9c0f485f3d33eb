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
            flags as `inlet kafka`, or, with --cluster-arn, from MSK's ListNodes (no Kafka connection needed: the \
            brokers' client-VPC addresses are the targets and their subnets' zones the AVAILABILITY ZONEs of \
            --output sql). Each broker gets an IP target group at its advertised port and a TCP listener \
            at --listener-base + its node id. An NLB target needs an IP address: give --target-address ID=IP, or \
            run the plan where the advertised names resolve (inside the cluster's VPC), or use --cluster-arn.
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

    @Option(
        name: .customLong("cluster-arn"),
        help: "Take the brokers from MSK's ListNodes for this cluster instead of the cluster's metadata.")
    var clusterARN: String?

    @Option(
        help: ArgumentHelp(
            "With --cluster-arn: the brokers' port (default from the security flags, as MSK assigns them: 9092 "
                + "PLAINTEXT, 9094 SSL, 9096 SASL_SSL with SCRAM, 9098 with IAM).",
            valueName: "port"))
    var brokerPort: Int?

    @OptionGroup(title: "AWS (with --cluster-arn)") var aws: PrivateLinkAWSOptions

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
            var plan: BrokerListenerPlan
            let source: String?
            if let clusterARN {
                plan = try await mskPlan(clusterARN: clusterARN)
                source = clusterARN
            } else {
                let (metadata, livePlan) = try await listeners.plan(connection)
                plan = livePlan
                source = metadata.clusterID
            }
            for index in plan.entries.indices {
                if let zone = zones[plan.entries[index].broker.nodeID] {
                    plan.entries[index].broker.availabilityZone = zone
                }
            }
            let context = ListenerPlanContext(loadBalancerARN: loadBalancerARN, vpcID: vpcID, clusterID: source)
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

    /// The plan for the brokers MSK's ListNodes lists, their zones from their client subnets (DescribeSubnets).
    func mskPlan(clusterARN: String) async throws -> BrokerListenerPlan {
        let nodes = try await aws.makeMSKClient(clusterARN: clusterARN, awsRegion: connection.awsRegion).listNodes(
            clusterARN: clusterARN)
        guard !nodes.isEmpty else {
            throw KafkaClientError(.broker, "MSK's ListNodes lists no brokers for cluster \(clusterARN)")
        }
        let subnets = Array(Set(nodes.compactMap(\.clientSubnet))).sorted()
        let zones = Dictionary(
            try await aws.makeEC2Client(arn: clusterARN, awsRegion: connection.awsRegion).describeSubnets(ids: subnets)
                .map {
                    ($0.id, $0.availabilityZoneID)
                }, uniquingKeysWith: { first, _ in first })
        let port = try brokerPort ?? Self.mskPort(connection)
        let addresses = try BrokerTargetAddresses(flags: listeners.targetAddresses)
        let brokers = try nodes.map { node in
            guard let host = node.endpoints.first else {
                throw KafkaClientError(.broker, "MSK's ListNodes gives broker \(node.brokerID) no endpoint")
            }
            let ip =
                addresses.overrides[String(node.brokerID)] ?? addresses.overrides[host.lowercased()]
                ?? node.clientVpcIPAddress
            guard let ip else {
                throw KafkaClientError(
                    .broker,
                    "MSK's ListNodes gives broker \(node.brokerID) no client VPC address; pass "
                        + "--target-address \(node.brokerID)=IP")
            }
            return BrokerListenerPlan.Broker(
                nodeID: node.brokerID, host: host, port: port, targetIP: ip,
                availabilityZone: node.clientSubnet.flatMap { zones[$0] ?? nil })
        }
        return try BrokerListenerPlan(
            brokers: brokers, listenerBase: listeners.listenerBase, namePrefix: listeners.namePrefix)
    }

    /// MSK's port for the security flags: 9092 PLAINTEXT, 9094 SSL, 9096 SASL_SSL (SCRAM), 9098 IAM.
    static func mskPort(_ connection: KafkaConnectionOptions) throws -> Int {
        let mechanism = connection.saslMechanism?.uppercased()
        switch try connection.parsedSecurityProtocol().name {
        case "SSL": return 9094
        case "SASL_SSL", "SASL_PLAINTEXT":
            return mechanism == "OAUTHBEARER" || mechanism == "AWS_MSK_IAM" ? 9098 : 9096
        default: return 9092
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
