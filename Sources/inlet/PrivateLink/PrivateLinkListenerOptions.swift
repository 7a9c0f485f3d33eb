import AWS
import ArgumentParser
import Foundation
import KafkaClient

/// The flags `plan` and `check` share: how listener ports and target groups are derived from the brokers.
struct PrivateLinkListenerOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Broker N gets listener port BASE+N. The default 9000 gives MSK's brokers 1, 2, 3 the ports 9001, 9002, "
                + "9003 of the seed guide, well apart from the brokers' own 9092–9098; a port never changes when "
                + "other brokers come or go.",
            valueName: "base"))
    var listenerBase: Int = BrokerListenerPlan.defaultListenerBase

    @Option(
        name: .customLong("target-address"),
        help: ArgumentHelp(
            "The IPv4 address of a broker's load balancer target, by node id or advertised host "
                + "(repeatable). Brokers without one have their advertised name resolved here, which works only "
                + "where the names resolve (inside the cluster's VPC).",
            valueName: "broker=ip"))
    var targetAddresses: [String] = []

    @Option(help: "Target groups are named PREFIX-broker-ID (at most 32 characters).")
    var namePrefix: String = BrokerListenerPlan.defaultNamePrefix

    /// The cluster's live brokers (through the connection flags' routes) and the plan for them.
    func plan(_ connection: KafkaConnectionOptions) async throws -> (ClusterMetadata, BrokerListenerPlan) {
        let metadata = try await connection.withCluster { try await $0.refreshMetadata(topics: []) }
        guard !metadata.brokers.isEmpty else {
            throw KafkaClientError(.broker, "the cluster's metadata lists no brokers")
        }
        let addresses = try BrokerTargetAddresses(flags: targetAddresses)
        for unused in addresses.unused(by: metadata.brokers) {
            FileHandle.standardError.write(
                Data("inlet: warning: --target-address \(unused)=… names no broker of the cluster\n".utf8))
        }
        let brokers = try metadata.brokers.map { id, address in
            BrokerListenerPlan.Broker(
                nodeID: Int(id), host: address.host, port: address.port,
                targetIP: try addresses.address(nodeID: id, host: address.host))
        }
        return (metadata, try BrokerListenerPlan(brokers: brokers, listenerBase: listenerBase, namePrefix: namePrefix))
    }
}
