import KafkaWire

extension KafkaGroupMember {
    /// Heartbeats every `heartbeatInterval` until the coordinator asks for a rejoin; returns how to rejoin.
    ///
    /// A coordinator that moved or a broken connection is found and dialled again; when no heartbeat has gone
    /// through for a whole session timeout, the coordinator has surely removed this member, so it gives up its
    /// partitions and rejoins as a new member without waiting for the coordinator to say so.
    func heartbeatUntilRebalance() async throws -> GroupErrorReaction {
        var lastSuccess = ContinuousClock.now
        while true {
            try await Task.sleep(for: configuration.heartbeatInterval)
            await hooks.beforeHeartbeat()
            try Task.checkCancellation()
            if ContinuousClock.now - lastSuccess > configuration.sessionTimeout {
                logger.notice(
                    "no heartbeat went through for the session timeout; giving up the partitions",
                    metadata: ["member": "\(memberID)", "generation": "\(generation)"])
                return .rejoinAsNewMember
            }
            let code: KafkaErrorCode
            do {
                code = try await send(
                    HeartbeatRequest(groupID: configuration.groupID, generationID: generation, memberID: memberID)
                ).errorCode
            } catch  where !(error is CancellationError) {
                logger.debug("heartbeat failed", metadata: ["error": "\(error)"])
                dropCoordinator()
                continue
            }
            let reaction = GroupErrorReaction(code, group: configuration.groupID)
            switch reaction {
            case .proceed: lastSuccess = .now
            case .rejoin, .rejoinAsNewMember:
                logger.debug("rebalance", metadata: ["member": "\(memberID)", "answer": "\(code)"])
                return reaction
            case .findCoordinator: dropCoordinator()
            case .retry: break
            case .fail: throw reaction.error(kafkaErrorCode: code)!
            }
        }
    }
}
