import AWS
import ArgumentParser
import Foundation
import InletServer
import KafkaClient
import Routing

/// `inlet privatelink check`: the load balancer's listeners, target groups and target health held against the
/// cluster's live metadata; each drift is named with the AWS CLI commands that fix it.
struct PrivateLinkCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check an NLB's per-broker listeners against the cluster's brokers; exit 2 on drift.",
        discussion: """
            Reads DescribeLoadBalancers, DescribeListeners, DescribeTargetGroups and DescribeTargetHealth for --load-balancer (credentials \
            from the standard AWS chain) and the brokers from the cluster's metadata (the `inlet kafka` flags). \
            Every broker must have a TCP listener at --listener-base + its id that reaches its address and port \
            only, with a healthy target; no port may be used twice; a listener above the base whose broker is gone \
            is drift. Listeners at or below the base are not checked. Exit status: 0 without drift (one summary \
            line), 2 with drift, 1 when the check could not run.
            """)

    @OptionGroup var connection: KafkaConnectionOptions

    @OptionGroup(title: "Listeners") var listeners: PrivateLinkListenerOptions

    @Option(name: .customLong("load-balancer"), help: "The network load balancer's ARN.")
    var loadBalancerARN: String

    @Option(
        name: .customLong("connection-sql"),
        help: ArgumentHelp(
            "The KAFKA connection's CREATE CONNECTION statement (what SHOW CREATE CONNECTION prints): each broker "
                + "it routes USING AWS PRIVATELINK must have PORT = --listener-base + its id; a drift is fixed by "
                + "the printed ALTER CONNECTION statement.",
            valueName: "statement"))
    var connectionSQL: String?

    @OptionGroup(title: "AWS") var aws: PrivateLinkAWSOptions

    func run() async throws {
        var drifted = false
        try await reportingErrors {
            let routes = try connectionSQL.map(PrivateLinkPortDrift.routes(ofStatement:))
            let (metadata, plan) = try await listeners.plan(connection)
            let client = try aws.makeClient(loadBalancerARN: loadBalancerARN, awsRegion: connection.awsRegion)
            let balancer = try await client.describeLoadBalancers(arns: [loadBalancerARN]).first
            let state = try await LoadBalancerListeners.read(loadBalancerARN: loadBalancerARN, client: client)
            let drifts = ListenerDrift.find(plan: plan, state: state)
            let name = balancer?.name ?? loadBalancerARN
            if let routes, !metadata.brokers.values.contains(where: { routes.table.decide(for: $0).via.isPrivateLink })
            {
                FileHandle.standardError.write(
                    Data(
                        ("inlet: warning: --connection-sql: connection \(routes.name) routes no broker of the cluster "
                            + "USING AWS PRIVATELINK, so it has no PORT to check\n").utf8))
            }
            let ports = routes.flatMap {
                PrivateLinkPortDrift.find(
                    connectionName: $0.name, table: $0.table, brokers: metadata.brokers,
                    listenerBase: listeners.listenerBase)
            }
            guard !drifts.isEmpty || ports != nil else {
                let connectionPorts = routes.map { "; connection \($0.name)'s PORT values match" } ?? ""
                print("ok: " + plan.summary(state: state, name: name) + connectionPorts)
                return
            }
            if let ports {
                print("drift: connection \(ports.connectionName): \(ports.message)")
                print("  fix:")
                print("    \(ports.statement)")
            }
            for drift in drifts {
                print("drift: \(drift.message(plan: plan))")
                let fix = try await drift.fix(plan: plan, state: state, vpcID: balancer?.vpcID, client: client)
                print("  fix:")
                for line in fix { print("    \(line)") }
            }
            let count = drifts.count + (ports == nil ? 0 : 1)
            print("\(count) drift\(count == 1 ? "" : "s") on load balancer \(name)")
            drifted = true
        }
        if drifted { throw ExitCode(2) }
    }
}

extension RouteVia {
    fileprivate var isPrivateLink: Bool {
        if case .privateLink = kind { return true }
        return false
    }
}
