import ArgumentParser
import KafkaClient
import KafkaWire

/// `inlet kafka topic delete NAME…`: DeleteTopics; a topic that does not exist is an error naming it.
struct KafkaTopicDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete topics and every record in them.")

    @OptionGroup var connection: KafkaConnectionOptions

    @Argument(help: "The topics to delete.")
    var names: [String]

    @Flag(help: "Succeed when a topic does not exist.")
    var ifExists = false

    func validate() throws {
        if names.isEmpty { throw ValidationError("name at least one topic to delete") }
    }

    func run() async throws {
        try await reportingErrors {
            try await connection.withCluster { cluster in
                let admin = KafkaAdmin(cluster: cluster)
                // Ask first, so a missing name fails before anything is deleted, and is named by the message.
                let known = try await admin.metadata(topics: names).topics
                let missing = names.filter {
                    known[$0].map { $0.errorCode == KafkaErrorCode.unknownTopicOrPartition.rawValue } ?? true
                }
                if !missing.isEmpty && !ifExists {
                    let list = missing.joined(separator: ", ")
                    let subject = missing.count == 1 ? "topic \(list) does" : "topics \(list) do"
                    throw KafkaClientError(
                        .unknownTopic,
                        "\(subject) not exist; nothing was deleted (`inlet kafka topic list` shows the topics)",
                        kafkaErrorCode: KafkaErrorCode.unknownTopicOrPartition.rawValue)
                }
                let present = names.filter { !missing.contains($0) }
                if !present.isEmpty { try await admin.deleteTopics(present, ignoreMissing: ifExists) }
                for name in present { print("deleted topic \(name)") }
            }
        }
    }
}
