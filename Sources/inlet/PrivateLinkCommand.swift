import ArgumentParser

/// `inlet privatelink …`: the network load balancer in front of a Kafka cluster, planned from the cluster's
/// metadata and checked against it.
struct PrivateLinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privatelink",
        abstract: "Plan and check the per-broker listeners of the network load balancer behind a PrivateLink service.",
        subcommands: [PrivateLinkPlanCommand.self, PrivateLinkCheckCommand.self]
    )
}
