import ArgumentParser

/// `inlet kafka topic create|delete|list`: the topic admin the other `inlet kafka` commands need, through the
/// same connection, route and security flags.
struct KafkaTopicCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topic",
        abstract: "Create, delete and list topics.",
        subcommands: [KafkaTopicCreateCommand.self, KafkaTopicDeleteCommand.self, KafkaTopicListCommand.self]
    )
}
