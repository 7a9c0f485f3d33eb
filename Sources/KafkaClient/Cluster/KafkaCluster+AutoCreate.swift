import KafkaWire
import NIOCore

extension KafkaCluster {
    /// The metadata of `name`, asking the broker to create the topic when it does not exist, as Kafka's own
    /// producer does (a Metadata request with AllowAutoTopicCreation).
    ///
    /// Only brokers with `auto.create.topics.enable` create it; elsewhere this throws `.unknownTopic` as a plain
    /// lookup would. A topic the broker is still creating (LEADER_NOT_AVAILABLE, partitions without a leader)
    /// is asked for again until it has leaders or `retryTimeout` passes. `created` says whether the topic was
    /// missing before this call.
    public func topicCreatingIfAllowed(_ name: String) async throws -> (topic: ClusterMetadata.Topic, created: Bool) {
        let known = try await refreshMetadata(topics: [name]).topics[name]
        if let known, known.errorCode == 0, Self.isReady(known) { return (known, false) }
        let missing = known.map { $0.errorCode == KafkaErrorCode.unknownTopicOrPartition.rawValue } ?? true
        let deadline = NIODeadline.now() + configuration.retryTimeout
        var attempt = 0
        while true {
            let metadata = try await refreshMetadata(topics: [name], allowAutoTopicCreation: true)
            let topic = metadata.topics[name]
            if let topic, topic.errorCode == 0, Self.isReady(topic) { return (topic, missing) }
            // Still being created: LEADER_NOT_AVAILABLE, or partitions whose leader is not elected yet. Anything
            // else (UNKNOWN_TOPIC_OR_PARTITION from a broker that does not create topics) is thrown.
            if topic?.errorCode != KafkaErrorCode.leaderNotAvailable.rawValue { _ = try metadata.topic(name) }
            guard NIODeadline.now() < deadline else {
                throw KafkaClientError(
                    .broker, "topic \(name) has no leader for every partition yet; try again in a moment",
                    kafkaErrorCode: KafkaErrorCode.leaderNotAvailable.rawValue)
            }
            attempt += 1
            try await Task.sleep(for: .milliseconds(min(50 * attempt, 500)))
        }
    }

    private static func isReady(_ topic: ClusterMetadata.Topic) -> Bool {
        !topic.partitions.isEmpty && topic.partitions.allSatisfy(\.hasLeader)
    }
}
