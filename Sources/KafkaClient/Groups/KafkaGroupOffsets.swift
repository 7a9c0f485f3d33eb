import KafkaWire

/// Commits a consumer group's offsets for partitions the client assigned itself (no group membership:
/// generation -1, empty member id), so lag tools that read the group's offsets show the reader's progress.
///
/// The group's coordinator is found once (FindCoordinator) and looked up again after a coordinator error.
public actor KafkaGroupOffsets {
    public let cluster: KafkaCluster
    public let groupID: String
    private var coordinator: Int32?

    public init(cluster: KafkaCluster, groupID: String) {
        self.cluster = cluster
        self.groupID = groupID
    }

    /// Stores `offsets` (partition → the next offset to read) for `topic` on the group's coordinator.
    public func commit(topic: String, offsets: [Int32: Int64]) async throws {
        guard !offsets.isEmpty else { return }
        let node = try await coordinatorNode()
        let connection = try await cluster.connection(toNode: node)
        let request = OffsetCommitRequest(
            groupID: groupID,
            topics: [
                .init(
                    name: topic,
                    partitions: offsets.sorted { $0.key < $1.key }.map {
                        .init(partitionIndex: $0.key, committedOffset: $0.value)
                    })
            ])
        let response: OffsetCommitResponse
        do {
            response = try await connection.send(request)
        } catch {
            coordinator = nil
            await cluster.forget(connection)
            throw error
        }
        for answered in response.topics {
            for partition in answered.partitions where partition.errorCode.isError {
                if partition.errorCode == .notCoordinator || partition.errorCode == .coordinatorNotAvailable {
                    coordinator = nil
                }
                throw KafkaClientError(
                    .broker,
                    "committing offsets of group \(groupID) for \(topic)/\(partition.partitionIndex): \(partition.errorCode)",
                    kafkaErrorCode: partition.errorCode.rawValue)
            }
        }
    }

    private func coordinatorNode() async throws -> Int32 {
        if let coordinator { return coordinator }
        let connection = try await cluster.anyConnection()
        let response = try await connection.send(FindCoordinatorRequest(group: groupID))
        guard let found = response.coordinators.first(where: { $0.key == groupID }) ?? response.coordinators.first,
            !found.errorCode.isError
        else {
            let code = response.coordinators.first?.errorCode
            throw KafkaClientError(
                .broker, "no coordinator for group \(groupID): \(code.map { "\($0)" } ?? "none in the answer")",
                kafkaErrorCode: code?.rawValue)
        }
        coordinator = found.nodeID
        return found.nodeID
    }
}
