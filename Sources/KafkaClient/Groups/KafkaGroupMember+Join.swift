import KafkaWire
import NIOCore

extension KafkaGroupMember {
    /// Joins the group and takes this member's share for the new generation into `owned`; retries until the
    /// rebalance completes, a coordinator failure outlasts the cluster's retry timeout, or the group refuses the
    /// member.
    func joinAndSync() async throws {
        var failures = GroupRetries()
        while true {
            try Task.checkCancellation()
            let joined: JoinGroupResponse
            do {
                joined = try await send(joinRequest(), timeout: configuration.rebalanceTimeout + .seconds(5))
            } catch  where !(error is CancellationError) {
                dropCoordinator()
                try await backOff(&failures, error)
                continue
            }
            if joined.errorCode == .memberIdRequired {
                // KIP-394: the coordinator names the id to join with; rejoining with it at once is expected.
                memberID = joined.memberID
                continue
            }
            switch GroupErrorReaction(joined.errorCode, group: configuration.groupID) {
            case .proceed: break
            case .rejoin: continue
            case .rejoinAsNewMember:
                memberID = ""
                continue
            case .findCoordinator:
                dropCoordinator()
                try await backOff(&failures, KafkaClientError(.broker, "JoinGroup: \(joined.errorCode)"))
                continue
            case .retry:
                try await backOff(&failures, KafkaClientError(.broker, "JoinGroup: \(joined.errorCode)"))
                continue
            case .fail:
                throw GroupErrorReaction(joined.errorCode, group: configuration.groupID).error(
                    kafkaErrorCode: joined.errorCode)!
            }
            memberID = joined.memberID
            generation = joined.generationID
            isLeader = joined.isLeader
            let assignments = joined.isLeader && !joined.skipAssignment ? try await leaderAssignments(joined) : []
            let synced: SyncGroupResponse
            do {
                synced = try await send(
                    SyncGroupRequest(
                        groupID: configuration.groupID, generationID: generation, memberID: memberID,
                        protocolType: "consumer", protocolName: joined.protocolName, assignments: assignments),
                    timeout: configuration.rebalanceTimeout + .seconds(5))
            } catch  where !(error is CancellationError) {
                dropCoordinator()
                try await backOff(&failures, error)
                continue
            }
            switch GroupErrorReaction(synced.errorCode, group: configuration.groupID) {
            case .proceed: break
            case .rejoin, .retry: continue
            case .rejoinAsNewMember:
                memberID = ""
                continue
            case .findCoordinator:
                dropCoordinator()
                continue
            case .fail:
                throw GroupErrorReaction(synced.errorCode, group: configuration.groupID).error(
                    kafkaErrorCode: synced.errorCode)!
            }
            var body = synced.assignment
            let assignment = try ConsumerProtocolAssignment(from: &body)
            let wanted = Set(configuration.topics)
            owned = [:]
            for entry in assignment.assignedPartitions where wanted.contains(entry.topic) {
                owned[entry.topic, default: []].append(contentsOf: entry.partitions)
            }
            owned = owned.mapValues { $0.sorted() }
            logger.debug(
                "joined",
                metadata: [
                    "member": "\(memberID)", "generation": "\(generation)", "leader": "\(isLeader)",
                    "assigned": "\(owned.sorted { $0.key < $1.key })",
                ])
            return
        }
    }

    private func joinRequest() -> JoinGroupRequest {
        var metadata = ByteBuffer()
        ConsumerProtocolSubscription(topics: configuration.topics).write(into: &metadata, version: 1)
        return JoinGroupRequest(
            groupID: configuration.groupID, sessionTimeoutMs: configuration.sessionTimeout.wholeMilliseconds,
            rebalanceTimeoutMs: configuration.rebalanceTimeout.wholeMilliseconds, memberID: memberID,
            protocols: [.init(name: configuration.assignor.name, metadata: metadata)])
    }

    /// The leader's work: every member's subscription, the partitions of the topics they name, the assignor's
    /// shares, one encoded assignment per member.
    private func leaderAssignments(_ joined: JoinGroupResponse) async throws -> [SyncGroupRequest.Assignment] {
        let assignor = joined.protocolName.flatMap(KafkaGroupAssignor.init(name:)) ?? configuration.assignor
        var subscriptions: [String: [String]] = [:]
        for member in joined.members {
            var metadata = member.metadata
            do {
                subscriptions[member.memberID] = try ConsumerProtocolSubscription(from: &metadata).topics
            } catch {
                throw KafkaClientError(
                    .protocolError,
                    "member \(member.memberID) of consumer group \(configuration.groupID) sent a subscription that does not parse: \(error)",
                    underlying: error)
            }
        }
        let topics = Set(subscriptions.values.flatMap { $0 }).sorted()
        let metadata = try await cluster.refreshMetadata(topics: topics)
        var partitions: [String: [Int32]] = [:]
        for topic in topics {
            if let found = try? metadata.topic(topic) { partitions[topic] = found.partitions.map(\.id) }
        }
        let shares = assignor.assign(subscriptions: subscriptions, partitions: partitions)
        logger.debug(
            "assigned as leader", metadata: ["assignor": "\(assignor)", "members": "\(subscriptions.count)"])
        return shares.sorted { $0.key < $1.key }.map { member, share in
            var body = ByteBuffer()
            ConsumerProtocolAssignment(
                assignedPartitions: share.sorted { $0.key < $1.key }.map { .init(topic: $0.key, partitions: $0.value) }
            ).write(into: &body, version: 1)
            return SyncGroupRequest.Assignment(memberID: member, assignment: body)
        }
    }
}
