import KafkaWire
import NIOCore

extension KafkaConsumer {
    /// Where one partition stands in the fetch loop.
    struct PartitionState: Sendable {
        var offset: Int64
        var maxBytes: Int32
        /// Records before this timestamp are skipped (a timestamp start on a broker that answers early).
        var skipBeforeTimestamp: Int64?
        var retry: RetryState
        /// Not fetched before this time (backing off after an error).
        var notBefore: NIODeadline?
        /// The last answer showed records beyond `offset` (assumed at the start unless reading from the end).
        var backlogged: Bool
        /// When the partition was last answered.
        var answeredAt: NIODeadline?
    }

    private enum Event: Sendable {
        case round(RoundOutcome)
        case room
        case timer
    }

    /// Plans and runs fetch rounds until cancelled or a fatal error: one round per leader broker at a time
    /// covering the partitions that broker leads and that have room, or up to `fetchesPerBroker` rounds with a
    /// share each while they all have records waiting. The loop owns every partition's state; rounds run
    /// concurrently (one task each) and report back what they did.
    func fetchLoop(_ initial: [Int32: PartitionState]) async throws {
        let topic = configuration.topic
        let assigned = initial.keys.sorted()
        var states = initial
        var busy: [Int32: Int] = [:]
        // Brokers whose fetch in flight may be held back for want of data: see `FetchPlanner.holding`.
        var holding: Set<Int32> = []
        var inFlight: Set<Int32> = []
        var prefetched: [Prefetch] = []
        var timerAt: NIODeadline?
        var waitingForRoom = false
        var metadataRetry = RetryState(configuration: cluster.configuration)
        var metadataNotBefore: NIODeadline?
        try await withThrowingTaskGroup(of: Event.self) { group in
            while !Task.isCancelled {
                var now = NIODeadline.now()
                var metadata: ClusterMetadata?
                if metadataNotBefore.map({ $0 <= now }) ?? true {
                    do {
                        metadata = try await cluster.metadata(topics: [topic])
                        metadataRetry.succeeded()
                        metadataNotBefore = nil
                    } catch let error as KafkaClientError where error.isRetriable {
                        metadataNotBefore = now + (try metadataRetry.delay(after: error, now: now))
                    }
                    now = .now()
                }
                if let metadata {
                    let leaders = metadata.leaders(topic: topic)
                    let topicID = metadata.topics[topic]?.topicID
                    let (room, generation) = buffers.withRoom(assigned)
                    var held = inFlight
                    for (partition, state) in states where state.notBefore.map({ $0 > now }) ?? false {
                        held.insert(partition)
                    }
                    let backlogged = Set(states.filter(\.value.backlogged).keys)
                    let overdueBefore = now - configuration.maxWait
                    let overdue = states.filter { _, state in
                        !state.backlogged && (state.answeredAt.map { $0 < overdueBefore } ?? true)
                    }
                    let plan = FetchPlanner(
                        assignment: assigned, leaders: leaders, positions: states.mapValues(\.offset),
                        maxBytes: states.mapValues(\.maxBytes), withRoom: room, held: held, backlogged: backlogged,
                        inFlight: busy, holding: holding, overdue: Set(overdue.keys),
                        fetchesPerBroker: configuration.fetchesPerBroker, writtenAhead: prefetched.map(\.fetch)
                    ).plan()
                    // Written-ahead fetches the plan does not reuse are dropped, and so are their answers.
                    var rounds = plan.reused.map { fetch in (fetch, prefetched.first { $0.fetch == fetch }) }
                    prefetched.removeAll()
                    rounds += plan.fetches.map { ($0, nil) }
                    for (fetch, ahead) in rounds {
                        busy[fetch.nodeID, default: 0] += 1
                        if !fetch.partitions.contains(where: { backlogged.contains($0.partition) }) {
                            holding.insert(fetch.nodeID)
                        }
                        inFlight.formUnion(fetch.partitionIDs)
                        var skip: [Int32: Int64] = [:]
                        for position in fetch.partitions {
                            skip[position.partition] = states[position.partition]?.skipBeforeTimestamp
                        }
                        group.addTask {
                            .round(
                                try await self.fetchRound(fetch, topicID: topicID, skipBefore: skip, prefetched: ahead))
                        }
                    }
                    if !plan.unrouted.isEmpty {
                        await cluster.invalidateMetadata()
                        for partition in plan.unrouted {
                            let error = KafkaClientError(
                                .broker, "partition \(topic)/\(partition) has no leader right now")
                            states[partition]!.notBefore =
                                now + (try states[partition]!.retry.delay(after: error, now: now))
                        }
                    }
                    let starved = assigned.contains { !room.contains($0) && !inFlight.contains($0) }
                    if starved, !waitingForRoom {
                        waitingForRoom = true
                        group.addTask {
                            await self.buffers.waitForRoom(after: generation)
                            return .room
                        }
                    }
                }
                let wake = (states.values.compactMap(\.notBefore) + [metadataNotBefore].compactMap { $0 })
                    .filter { $0 > now }.min()
                if let wake, timerAt.map({ wake < $0 }) ?? true {
                    timerAt = wake
                    group.addTask {
                        try await Task.sleep(nanoseconds: UInt64(Swift.max(0, (wake - .now()).nanoseconds)))
                        return .timer
                    }
                }
                guard let event = try await group.next() else {
                    try await Task.sleep(nanoseconds: 10_000_000)
                    continue
                }
                switch event {
                case .room:
                    waitingForRoom = false
                case .timer:
                    if let at = timerAt, at <= .now() { timerAt = nil }
                case .round(let outcome):
                    busy[outcome.fetch.nodeID, default: 1] -= 1
                    if busy[outcome.fetch.nodeID] == 0 { holding.remove(outcome.fetch.nodeID) }
                    inFlight.subtract(outcome.fetch.partitionIDs)
                    try await apply(outcome, to: &states)
                    if let ahead = outcome.prefetch { prefetched.append(ahead) }
                }
            }
            group.cancelAll()
        }
    }

    /// Takes a round's results into the partitions' states; throws the round's fatal error.
    private func apply(_ outcome: RoundOutcome, to states: inout [Int32: PartitionState]) async throws {
        for (partition, advance) in outcome.advanced {
            states[partition]!.offset = advance.offset
            states[partition]!.maxBytes = advance.maxBytes
            states[partition]!.backlogged = advance.backlogged
            states[partition]!.answeredAt = .now()
            if advance.timestampReached { states[partition]!.skipBeforeTimestamp = nil }
            states[partition]!.retry.succeeded()
            states[partition]!.notBefore = nil
        }
        if let fatal = outcome.fatal { throw fatal }
        var failed = outcome.rerouted
        if let error = outcome.connectionError {
            for position in outcome.fetch.partitions where outcome.advanced[position.partition] == nil {
                failed[position.partition] = error
            }
        }
        guard !failed.isEmpty else { return }
        await cluster.invalidateMetadata()
        let now = NIODeadline.now()
        for (partition, error) in failed {
            states[partition]!.notBefore = now + (try states[partition]!.retry.delay(after: error, now: now))
        }
    }
}
