import KafkaClient
import NIOConcurrencyHelpers
import Storage

extension SourceRuntime {
    /// A run of a source whose store other replicas share: the runtime joins the source's consumer group and reads
    /// only the partitions the group assigns it, each from its offset stored in the store (never the group's).
    ///
    /// A revoke stops the consumer; what was fetched is still decoded and committed, and the revoke returns once the
    /// last commit is stored or fenced (the fence refuses a commit whose start offsets are no longer stored, so a
    /// replica that was evicted without knowing it writes nothing twice). Then the member rejoins and the next
    /// assignment starts a fresh pass over its partitions. The run ends, and the member leaves the group, when a
    /// pass fails or ends by itself (partitions added, the topic created again).
    func consumeAsMember(cluster: KafkaCluster, onRunning: () -> Void) async throws {
        // Reported once the run is over: the passes run in a child task, the caller's counter stays here.
        let reachedRunning = NIOLockedValueBox(false)
        defer { if reachedRunning.withLockedValue({ $0 }) { onRunning() } }
        let running: @Sendable () -> Void = { reachedRunning.withLockedValue { $0 = true } }
        let topic = spec.kafka.topic
        let member = KafkaGroupMember(
            cluster: cluster,
            configuration: configuration.group.memberConfiguration(groupID: spec.groupID, topic: topic),
            hooks: configuration.group.hooks, logger: logger)
        let (assignments, assign) = AsyncStream.makeStream(of: PartitionOwnership.self)
        let current = OwnershipSlot()
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The member's failure (a refused group, a coordinator gone for longer than the retry timeout) ends the
            // run with its error: the assignments are never finished, so the passes cannot end first and hide it.
            group.addTask {
                try await member.run { change in
                    if let owned = current.take() {
                        await owned.revoke()
                        self.logger.info(
                            "partitions revoked",
                            metadata: ["partitions": "\(PartitionOwnership.ranges(owned.partitions))"])
                        // A status of its own between two assignments, so each assignment's details are recorded.
                        await self.environment.statusChanged(
                            self.spec,
                            SourceStatusUpdate(
                                .starting,
                                hint:
                                    "consumer group \(self.spec.groupID) is rebalancing; this replica gave up the partitions of generation \(owned.generation)"
                            ))
                    }
                    guard change.revoked.isEmpty else { return }
                    let shape = try? await Self.topicShape(
                        of: topic, in: cluster, connection: self.spec.kafka.connection)
                    let owned = PartitionOwnership(
                        generation: change.generation, memberID: change.memberID,
                        partitions: change.assigned[topic] ?? [],
                        topicPartitions: shape?.partitions.count ?? 0, groupID: self.spec.groupID)
                    current.put(owned)
                    self.logger.info("\(owned)")
                    assign.yield(owned)
                }
            }
            group.addTask {
                for await owned in assignments {
                    do {
                        if owned.partitions.isEmpty {
                            await self.environment.statusChanged(
                                self.spec, SourceStatusUpdate(.running, hint: "\(owned)"))
                            running()
                            await owned.waitUntilRevoked()
                        } else {
                            try await self.consume(cluster: cluster, ownership: owned, onRunning: running)
                        }
                    } catch let error as StorageError where error.isFenced && owned.isRevoked {
                        // The new owner committed first: exactly what the fence is for, not a stall.
                        self.logger.notice("the last commit of revoked partitions was fenced: \(error.message)")
                    } catch {
                        owned.finished()
                        throw error
                    }
                    owned.finished()
                    // A pass that ended while the partitions were still ours ended by itself: restart the run.
                    if !owned.isRevoked { return }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}

/// The ownership the consumption is working on, handed from the member's change handler to the next one.
private final class OwnershipSlot: Sendable {
    private let slot = NIOLockedValueBox<PartitionOwnership?>(nil)

    func put(_ ownership: PartitionOwnership) { slot.withLockedValue { $0 = ownership } }

    func take() -> PartitionOwnership? {
        slot.withLockedValue { slot in
            defer { slot = nil }
            return slot
        }
    }
}
