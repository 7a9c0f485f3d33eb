import ArgumentParser
import KafkaClient

/// `inlet kafka topic list`: one line per topic, `name<TAB>partitions`, sorted by name.
struct KafkaTopicListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Print every topic and its partition count, one per line, sorted by name.")

    @OptionGroup var connection: KafkaConnectionOptions

    @Flag(help: "Also list internal topics (__consumer_offsets, …).")
    var includeInternal = false

    func run() async throws {
        try await reportingErrors {
            try await connection.withCluster { cluster in
                let metadata = try await KafkaAdmin(cluster: cluster).metadata()
                let lines = Self.render(metadata, includeInternal: includeInternal)
                if !lines.isEmpty { print(lines) }
            }
        }
    }

    static func render(_ metadata: ClusterMetadata, includeInternal: Bool) -> String {
        metadata.topics.values
            .filter { $0.errorCode == 0 && (includeInternal || !$0.isInternal) }
            .sorted { $0.name < $1.name }
            .map { "\($0.name)\t\($0.partitions.count)" }
            .joined(separator: "\n")
    }
}
