/// Offsets of a topic's partitions at a position: the earliest, the latest (the high watermark), or the first
/// record at or after a timestamp, looked up with ListOffsets at each partition's leader.
public enum KafkaOffsetLookup {
    public static func offsets(
        cluster: KafkaCluster, topic: String, partitions: [Int32], at position: KafkaStartOffset
    ) async throws -> [Int32: Int64] {
        let consumer = KafkaConsumer(
            cluster: cluster,
            configuration: KafkaConsumerConfiguration(topic: topic, partitions: partitions, startOffset: position))
        return try await consumer.startOffsets(partitions)
    }
}
