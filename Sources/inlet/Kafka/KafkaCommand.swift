import ArgumentParser

struct KafkaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Talk to a Kafka cluster through Inlet's client: metadata, produce, consume, probe, topics.",
        subcommands: [
            KafkaMetadataCommand.self, KafkaProduceCommand.self, KafkaConsumeCommand.self, KafkaProbeCommand.self,
            KafkaTopicCommand.self,
        ]
    )
}
