import ArgumentParser
import KafkaClient
import KafkaWire

/// `inlet kafka topic create NAME`: CreateTopics with the broker's defaults for whatever is not given.
struct KafkaTopicCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a topic; partitions and replication factor default to the broker's.")

    @OptionGroup var connection: KafkaConnectionOptions

    @Argument(help: "The topic's name.")
    var name: String

    @Option(help: "How many partitions (default: the broker's num.partitions).")
    var partitions: Int32?

    @Option(help: "How many replicas of each partition (default: the broker's default.replication.factor).")
    var replicationFactor: Int16?

    @Option(
        name: .customLong("config"),
        help: ArgumentHelp("A topic config, e.g. retention.ms=86400000 (repeatable).", valueName: "key=value"))
    var configs: [String] = []

    func validate() throws {
        if let partitions, partitions < 1 { throw ValidationError("--partitions must be at least 1") }
        if let replicationFactor, replicationFactor < 1 {
            throw ValidationError("--replication-factor must be at least 1")
        }
        _ = try topicConfigs()
    }

    /// `--config key=value` flags as topic configs; the value may contain `=`.
    func topicConfigs() throws -> [String: String?] {
        var parsed: [String: String?] = [:]
        for text in configs {
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw ValidationError("--config \(text) is not key=value, e.g. --config retention.ms=86400000")
            }
            let key = String(text[..<equals])
            guard parsed[key] == nil else { throw ValidationError("--config \(key) is given twice") }
            parsed[key] = String(text[text.index(after: equals)...])
        }
        return parsed
    }

    func run() async throws {
        try await reportingErrors {
            try await connection.withCluster { cluster in
                let admin = KafkaAdmin(cluster: cluster)
                let specification = KafkaTopicSpecification(
                    name: name, partitions: partitions ?? KafkaTopicSpecification.brokerDefaultPartitions,
                    replicationFactor: replicationFactor ?? KafkaTopicSpecification.brokerDefaultReplicationFactor,
                    configs: try topicConfigs())
                do {
                    try await admin.createTopics([specification])
                } catch let error as KafkaClientError
                    where error.kafkaErrorCode == KafkaErrorCode.topicAlreadyExists.rawValue
                {
                    throw KafkaClientError(
                        .broker, "topic \(name) already exists; `inlet kafka topic delete \(name)` removes it",
                        kafkaErrorCode: error.kafkaErrorCode, underlying: error)
                }
                let created = try await admin.metadata(topics: [name]).topics[name]
                let count = created.map { "\($0.partitions.count)" } ?? "?"
                print("created topic \(name) with \(count) partitions")
            }
        }
    }
}
