import KafkaClient

/// Where a run starts reading.
struct ResumePoint {
    /// Per output, per partition: the next offset the output has not stored.
    var outputs: [String: [Int32: Int64]]
    /// Per partition: where the consumer fetches from (the lowest offset over the outputs).
    var fetchFrom: [Int32: Int64]
}

extension SourceRuntime {
    /// Each relation resumes at its stored offset, else at the source's START OFFSET (START TIMESTAMP was turned
    /// into offsets at CREATE SOURCE), else at the partition's beginning.
    func resumePoint(cluster: KafkaCluster, partitions: [Int32]) async throws -> ResumePoint {
        let stored = try await store.offsets()
        var outputs: [String: [Int32: Int64]] = [:]
        var needsEarliest: Set<Int32> = []
        for output in spec.outputs {
            for partition in partitions {
                if let next = stored[output.id]?[partition] {
                    outputs[output.id, default: [:]][partition] = next
                } else if Int(partition) < spec.kafka.startOffsets.count {
                    outputs[output.id, default: [:]][partition] = spec.kafka.startOffsets[Int(partition)]
                } else {
                    needsEarliest.insert(partition)
                }
            }
        }
        if !needsEarliest.isEmpty {
            let earliest = try await KafkaOffsetLookup.offsets(
                cluster: cluster, topic: spec.kafka.topic, partitions: needsEarliest.sorted(), at: .earliest)
            for output in spec.outputs {
                for (partition, offset) in earliest where outputs[output.id]?[partition] == nil {
                    outputs[output.id, default: [:]][partition] = offset
                }
            }
        }
        var fetchFrom: [Int32: Int64] = [:]
        for partition in partitions {
            fetchFrom[partition] = spec.outputs.compactMap { outputs[$0.id]?[partition] }.min() ?? 0
        }
        return ResumePoint(outputs: outputs, fetchFrom: fetchFrom)
    }
}

/// A topic as metadata shows it: its partitions and, from brokers that give one (Kafka 2.8 and later), its id.
struct TopicShape: Equatable {
    var partitions: [Int32]
    var id: String?
}

extension SourceRuntime {
    /// Compares the topic's id with the one the stored offsets belong to. A topic deleted and created again has a
    /// new id and starts its offsets over, so the stored ones would skip its first records: every relation then
    /// reads the new topic from its beginning (rows from the old topic stay). Returns the note for the status.
    func checkTopicIdentity(_ shape: TopicShape, cluster: KafkaCluster) async throws -> String? {
        guard let id = shape.id else { return nil }
        guard let stored = try await store.topicID() else {
            try await store.recordTopic(id: id, restartingAt: nil)
            return nil
        }
        guard stored != id else { return nil }
        let earliest = try await KafkaOffsetLookup.offsets(
            cluster: cluster, topic: spec.kafka.topic, partitions: shape.partitions, at: .earliest)
        var offsets: [String: [Int32: Int64]] = [:]
        for output in spec.outputs { offsets[output.id] = earliest }
        try await store.recordTopic(id: id, restartingAt: offsets)
        let note =
            "topic \(spec.kafka.topic) was deleted and created again (its id changed from \(stored) to \(id)); the new topic is read from its beginning and the rows read from the old one stay"
        logger.notice("\(note)")
        return note
    }
}
