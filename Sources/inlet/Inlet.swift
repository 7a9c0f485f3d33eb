import ArgumentParser

/// The `inlet` command line: the server and the operator tools for Kafka clusters in private networks.
@main
struct Inlet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inlet",
        abstract: "Query Kafka topics in private networks with SQL over the PostgreSQL protocol.",
        subcommands: [
            ServeCommand.self, KafkaCommand.self, PrivateLinkCommand.self, SSHCommand.self, BenchCommand.self,
        ]
    )
}
