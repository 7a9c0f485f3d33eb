import KafkaWire

/// Commits a consumer group's offsets so lag tools that read the group's offsets show the reader's progress: for
/// partitions the client assigned itself (no membership: generation -1, empty member id), or as a member of the
/// group (`KafkaGroupMember`) for the partitions of its generation, which a coordinator requires once the group
/// has members.
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

    /// Stores `offsets` (partition → the next offset to read) for `topic` on the group's coordinator, as member
    /// `memberID` of `generation` when given.
    public func commit(
        topic: String, offsets: [Int32: Int64], generation: Int32 = -1, memberID: String = ""
    ) async throws {
        guard !offsets.isEmpty else { return }
        let node = try await coordinatorNode()
        let connection = try await cluster.connection(toNode: node)
        let request = OffsetCommitRequest(
            groupID: groupID, generationIDOrMemberEpoch: generation, memberID: memberID,
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
        let found = try await cluster.groupCoordinator(groupID)
        guard let nodeID = found.nodeID else {
            throw KafkaClientError(.protocolError, "the coordinator of group \(groupID) has no node id")
        }
        coordinator = nodeID
        return nodeID
    }
}
