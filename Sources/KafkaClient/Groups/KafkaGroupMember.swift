import KafkaWire
import Logging
import NIOCore

/// One member of a classic Kafka consumer group: it joins the group for a set of topics, takes its share of their
/// partitions, heartbeats, follows rebalances, and leaves when it stops.
///
/// `run(onChange:)` drives the whole membership. FindCoordinator locates the group's coordinator, which is dialled
/// on a connection of its own through the cluster's dialer (so PrivateLink and SSH routes apply to it as to any
/// broker). JoinGroup offers the consumer protocol with the configured assignor; the leader computes every
/// member's share and SyncGroup hands it out. The member then heartbeats every `heartbeatInterval`; a rebalance
/// (REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION), an eviction (UNKNOWN_MEMBER_ID, or no successful heartbeat for a
/// whole session timeout) or a coordinator that moved (NOT_COORDINATOR) is followed as Kafka's own clients follow
/// it. Every change of ownership is reported to `onChange` and awaited: a revoke before the member rejoins, so the
/// caller stops reading those partitions before anyone else may get them (the eager protocol).
public actor KafkaGroupMember {
    public nonisolated let configuration: KafkaGroupMemberConfiguration
    let cluster: KafkaCluster
    let hooks: KafkaGroupMemberHooks
    let logger: Logger
    /// The connection to the coordinator, used by this member alone.
    var coordinator: BrokerConnection?
    /// This member's id, `""` until the coordinator gives one (and again after an eviction).
    var memberID = ""
    var generation: Int32 = -1
    var isLeader = false
    /// Per topic, the partitions owned in `generation`.
    var owned: [String: [Int32]] = [:]

    public init(
        cluster: KafkaCluster, configuration: KafkaGroupMemberConfiguration,
        hooks: KafkaGroupMemberHooks = KafkaGroupMemberHooks(), logger: Logger = Logger(label: "inlet.kafka.group")
    ) {
        self.cluster = cluster
        self.configuration = configuration
        self.hooks = hooks
        var logger = logger
        logger[metadataKey: "group"] = "\(configuration.groupID)"
        self.logger = logger
    }

    /// Takes part in the group until cancelled or until the group refuses the member (a missing ACL, a session
    /// timeout the broker does not allow), then leaves it. Each assignment and each revoke is passed to `onChange`,
    /// which the member awaits before it goes on.
    public func run(onChange: @Sendable (KafkaGroupAssignmentChange) async -> Void) async throws {
        do {
            while true {
                try Task.checkCancellation()
                try await joinAndSync()
                await onChange(
                    KafkaGroupAssignmentChange(
                        generation: generation, memberID: memberID, isLeader: isLeader, assigned: owned))
                let rejoin = try await heartbeatUntilRebalance()
                if !owned.isEmpty {
                    await onChange(
                        KafkaGroupAssignmentChange(
                            generation: generation, memberID: memberID, isLeader: isLeader, revoked: owned))
                }
                owned = [:]
                if rejoin == .rejoinAsNewMember {
                    logger.info("rejoining as a new member", metadata: ["member": "\(memberID)"])
                    memberID = ""
                    generation = -1
                }
            }
        } catch {
            // Leaving must not be cut short by the cancellation that ended the loop.
            await Task { await self.leave() }.value
            throw error
        }
    }

    /// Sends LeaveGroup (so the others get the partitions at once rather than after the session timeout) and
    /// closes the coordinator connection.
    private func leave() async {
        defer {
            coordinator?.close()
            coordinator = nil
        }
        guard hooks.leavesGroupOnStop, !memberID.isEmpty else { return }
        let request = LeaveGroupRequest(
            groupID: configuration.groupID, members: [.init(memberID: memberID, reason: "the consumer stopped")])
        do {
            let response = try await send(request)
            logger.debug("left the group", metadata: ["member": "\(memberID)", "answer": "\(response.errorCode)"])
        } catch {
            logger.debug("cannot leave the group", metadata: ["member": "\(memberID)", "error": "\(error)"])
        }
        memberID = ""
    }

    // MARK: - The coordinator

    /// The open connection to the coordinator, found (FindCoordinator) and dialled when there is none; a
    /// connection past its SASL session lifetime is renewed (KIP-368) first.
    func coordinatorConnection() async throws -> BrokerConnection {
        if let coordinator, coordinator.isActive {
            guard coordinator.needsReauthentication(at: .now()) else { return coordinator }
            do {
                try await coordinator.reauthenticate()
                return coordinator
            } catch {
                dropCoordinator()
            }
        }
        let address = try await cluster.groupCoordinator(configuration.groupID)
        let connection = try await cluster.dedicatedConnection(to: address)
        // Another caller may have dialled meanwhile: keep one.
        if let coordinator, coordinator.isActive {
            connection.close()
            return coordinator
        }
        coordinator = connection
        logger.debug("coordinator", metadata: ["broker": "\(address)"])
        return connection
    }

    /// Sends one request to the coordinator. Cancellation closes the connection, so a JoinGroup the coordinator
    /// holds for the rest of a rebalance does not hold up a member that is stopping.
    func send<Request: KafkaRequest>(_ request: Request, timeout: Duration? = nil) async throws -> Request.Response {
        let connection = try await coordinatorConnection()
        return try await withTaskCancellationHandler {
            do {
                return try await connection.send(request, timeout: timeout?.timeAmount)
            } catch  where Task.isCancelled {
                throw CancellationError()
            }
        } onCancel: {
            connection.close()
        }
    }

    /// Forgets the coordinator (it moved, or its connection broke): the next request finds it again.
    func dropCoordinator() {
        coordinator?.close()
        coordinator = nil
    }

    /// Sleeps the retry backoff after one more failure, or throws `error` when the failures have lasted longer
    /// than the cluster's retry timeout.
    func backOff(_ retries: inout GroupRetries, _ error: any Error) async throws {
        let now = ContinuousClock.now
        let first = retries.firstFailure ?? now
        retries.firstFailure = first
        retries.count += 1
        if now - first > .nanoseconds(cluster.configuration.retryTimeout.nanoseconds) { throw error }
        let delay = configuration.retryBackoff * (1 << min(retries.count - 1, 6))
        try await Task.sleep(for: min(delay, .seconds(5)))
    }
}

/// Consecutive failures of one step of a group member (finding the coordinator, joining).
struct GroupRetries {
    var count = 0
    var firstFailure: ContinuousClock.Instant?
}

/// Test observation points of a `KafkaGroupMember`, so tests can stage a member's death without killing a process.
public struct KafkaGroupMemberHooks: Sendable {
    /// Awaited before every heartbeat; a test that holds it stands for a paused or dead process.
    public var beforeHeartbeat: @Sendable () async -> Void
    /// Whether the member sends LeaveGroup when it stops; false stands for a process killed without a goodbye.
    public var leavesGroupOnStop: Bool

    public init(beforeHeartbeat: @escaping @Sendable () async -> Void = {}, leavesGroupOnStop: Bool = true) {
        self.beforeHeartbeat = beforeHeartbeat
        self.leavesGroupOnStop = leavesGroupOnStop
    }
}

extension Duration {
    /// The same span as NIO's `TimeAmount`, for request timeouts.
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// Whole milliseconds, as the group protocol's timeouts are given.
    var wholeMilliseconds: Int32 {
        let (seconds, attoseconds) = components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
