import ArgumentParser
import KafkaClient

/// `inlet kafka metadata`: the brokers (node id, advertised address) and each topic's partitions and leaders.
struct KafkaMetadataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metadata",
        abstract: "Print the cluster's brokers (id, advertised host:port) and topics, partitions and leaders.")

    @OptionGroup var connection: KafkaConnectionOptions

    @Option(help: "Only this topic (repeatable); all topics when omitted.")
    var topic: [String] = []

    func run() async throws {
        try await reportingErrors {
            let cluster = try KafkaCluster(configuration: try connection.makeConfiguration())
            defer { Task { await cluster.shutdown() } }
            let metadata = try await cluster.refreshMetadata(topics: topic.isEmpty ? nil : topic)
            for name in topic { _ = try metadata.topic(name) }
            print(Self.render(metadata))
            await cluster.shutdown()
        }
    }

    static func render(_ metadata: ClusterMetadata) -> String {
        var lines: [String] = []
        if let clusterID = metadata.clusterID { lines.append("cluster \(clusterID)") }
        lines.append("\(metadata.brokers.count) brokers:")
        for id in metadata.brokers.keys.sorted() {
            let controller = metadata.controllerID == id ? "  (controller)" : ""
            lines.append("  broker \(id) at \(metadata.brokers[id]!.hostPort)\(controller)")
        }
        lines.append("\(metadata.topics.count) topics:")
        for name in metadata.topics.keys.sorted() {
            let topic = metadata.topics[name]!
            let error = topic.errorCode == 0 ? "" : "  error \(topic.errorCode)"
            lines.append("  topic \"\(name)\" with \(topic.partitions.count) partitions:\(error)")
            for partition in topic.partitions {
                let replicas = partition.replicas.map(String.init).joined(separator: ",")
                let perror = partition.errorCode == 0 ? "" : "  error \(partition.errorCode)"
                lines.append(
                    "    partition \(partition.id), leader \(partition.leader), replicas: \(replicas)\(perror)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
