import KafkaWire
import NIOCore

/// A topic to create: name, partition count, replication factor and topic configs.
///
/// -1 (`brokerDefaultPartitions`, `brokerDefaultReplicationFactor`) asks the broker for its own default
/// (`num.partitions`, `default.replication.factor`; CreateTopics v4+); a broker too old for that gets 1.
public struct KafkaTopicSpecification: Sendable, Hashable {
    public var name: String
    public var partitions: Int32
    public var replicationFactor: Int16
    public var configs: [String: String?]

    /// The partition count that means "the broker's `num.partitions`".
    public static let brokerDefaultPartitions: Int32 = -1
    /// The replication factor that means "the broker's `default.replication.factor`".
    public static let brokerDefaultReplicationFactor: Int16 = -1

    public init(name: String, partitions: Int32 = 1, replicationFactor: Int16 = 1, configs: [String: String?] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}

/// The small admin API: create and delete topics, read metadata.
///
/// Requests go to the controller when metadata names one, else to any broker.
public struct KafkaAdmin: Sendable {
    public let cluster: KafkaCluster

    public init(cluster: KafkaCluster) { self.cluster = cluster }

    /// The brokers and all topics (or the named ones), fresh from the cluster.
    public func metadata(topics: [String]? = nil) async throws -> ClusterMetadata {
        try await cluster.refreshMetadata(topics: topics)
    }

    /// Creates topics; an existing topic is an error unless `ignoreExisting`.
    public func createTopics(
        _ topics: [KafkaTopicSpecification], ignoreExisting: Bool = false, timeout: TimeAmount = .seconds(30)
    ) async throws {
        let connection = try await controller()
        // CreateTopics v4 is the first to take -1 for "the broker's default".
        let takesDefaults = try connection.version(for: CreateTopicsRequest.self) >= 4
        let request = CreateTopicsRequest(
            topics: topics.map { topic in
                CreateTopicsRequest.Topic(
                    name: topic.name,
                    numPartitions: topic.partitions < 0 && !takesDefaults ? 1 : topic.partitions,
                    replicationFactor: topic.replicationFactor < 0 && !takesDefaults ? 1 : topic.replicationFactor,
                    configs: topic.configs.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) })
            }, timeoutMs: Int32(timeout.nanoseconds / 1_000_000))
        let response = try await connection.send(request, timeout: connection.requestTimeout + timeout)
        for result in response.topics where result.errorCode.isError {
            if ignoreExisting, result.errorCode == .topicAlreadyExists { continue }
            let detail = result.errorMessage.map { ": \($0)" } ?? ""
            throw KafkaClientError(
                .broker, "cannot create topic \(result.name): \(result.errorCode)\(detail)",
                kafkaErrorCode: result.errorCode.rawValue)
        }
        await cluster.invalidateMetadata()
    }

    /// Deletes topics; a missing topic is an error unless `ignoreMissing`.
    public func deleteTopics(_ names: [String], ignoreMissing: Bool = false, timeout: TimeAmount = .seconds(30))
        async throws
    {
        let connection = try await controller()
        let response = try await connection.send(
            DeleteTopicsRequest(topicNames: names, timeoutMs: Int32(timeout.nanoseconds / 1_000_000)),
            timeout: connection.requestTimeout + timeout)
        for result in response.responses where result.errorCode.isError {
            if ignoreMissing, result.errorCode == .unknownTopicOrPartition { continue }
            let detail = result.errorMessage.map { ": \($0)" } ?? ""
            throw KafkaClientError(
                .broker, "cannot delete topic \(result.name ?? "\(result.topicID)"): \(result.errorCode)\(detail)",
                kafkaErrorCode: result.errorCode.rawValue)
        }
        await cluster.invalidateMetadata()
    }

    private func controller() async throws -> BrokerConnection {
        let metadata = try await cluster.refreshMetadata(topics: [])
        if let controller = metadata.controllerID, metadata.brokers[controller] != nil {
            return try await cluster.connection(toNode: controller)
        }
        return try await cluster.anyConnection()
    }
}
