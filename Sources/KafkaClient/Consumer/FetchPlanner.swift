import KafkaWire

/// Decides what the consumer fetches next: for each leader broker, Fetch requests covering every assigned
/// partition that broker leads and that has room in its buffer, in up to `fetchesPerBroker` requests with a share
/// of the partitions each.
///
/// Two fetches in flight to a broker keep it busy: it prepares one answer while the other is still on the wire
/// (through a load balancer or a tunnel, the wire is the longer part). A broker answers one connection's requests
/// in order, so a fetch it may hold back for want of data (no partition in it `backlogged`) would delay every
/// request behind it: such a fetch is only ever the broker's one fetch in flight, and every share of a split holds
/// a partition with records waiting, so the broker answers it at once.
///
/// A pure value: given the assignment, the leaders, the positions, which partitions have room or records waiting,
/// what is in flight and what was written ahead, `plan()` says which requests to send, so routing, back-pressure
/// and splitting are tested without a broker. Partitions whose buffer is full are left out until the reader
/// catches up; partitions without a known leader are reported in `unrouted` so the caller refreshes metadata.
struct FetchPlanner: Sendable {
    /// One partition's place in a fetch.
    struct Position: Hashable, Sendable {
        var partition: Int32
        var offset: Int64
        var maxBytes: Int32
    }

    /// One Fetch request: the broker it goes to and its partitions, sorted by partition id.
    struct BrokerFetch: Hashable, Sendable {
        var nodeID: Int32
        var partitions: [Position]
    }

    struct Plan: Equatable, Sendable {
        /// Fetches written ahead that still match the positions: their answers are awaited, not asked again.
        var reused: [BrokerFetch] = []
        /// The requests to send, sorted by node id; a broker's requests (and reused ones) have disjoint partitions.
        var fetches: [BrokerFetch]
        /// Ready partitions whose leader is unknown: refresh metadata, then plan again.
        var unrouted: [Int32]
    }

    /// The partitions this consumer reads.
    var assignment: [Int32]
    /// Partition → node id of its leader, from metadata; absent while there is none.
    var leaders: [Int32: Int32]
    /// Partition → offset of the next record to fetch.
    var positions: [Int32: Int64]
    /// Partition → the most bytes one fetch may return for it.
    var maxBytes: [Int32: Int32]
    /// The partitions whose buffer can take more records.
    var withRoom: Set<Int32>
    /// Partitions that must not be fetched now (already in a request in flight, or backing off after an error).
    var held: Set<Int32> = []
    /// Partitions whose last answer showed records beyond the position (high watermark above it): a fetch with
    /// one of them is answered at once.
    var backlogged: Set<Int32> = []
    /// Node id → fetches already in flight to that broker.
    var inFlight: [Int32: Int] = [:]
    /// Brokers with a fetch in flight that they may hold back (none of its partitions backlogged): nothing more
    /// goes to them until it is answered.
    var holding: Set<Int32> = []
    /// Partitions with nothing waiting that were last answered longer ago than a fetch may be held: they ride
    /// along in the next fetch to their broker even while it is busy.
    var overdue: Set<Int32> = []
    /// The most fetches in flight to one broker.
    var fetchesPerBroker = 1
    /// Fetches already written to brokers for the next round (by rounds that have finished), in the order they
    /// were written. Each holds a backlogged partition, unless `fetchesPerBroker` is 1.
    var writtenAhead: [BrokerFetch] = []
    /// Used when `maxBytes` has no entry for a partition.
    var defaultMaxBytes: Int32 = 1 << 20

    func plan() -> Plan {
        var ready: [Int32: [Position]] = [:]
        var fetchable: [Int32: [Position]] = [:]
        var unrouted: [Int32] = []
        for partition in Set(assignment).sorted() {
            guard !held.contains(partition), let offset = positions[partition] else { continue }
            guard let leader = leaders[partition] else {
                if withRoom.contains(partition) { unrouted.append(partition) }
                continue
            }
            let position = Position(
                partition: partition, offset: offset, maxBytes: maxBytes[partition] ?? defaultMaxBytes)
            fetchable[leader, default: []].append(position)
            if withRoom.contains(partition) { ready[leader, default: []].append(position) }
        }
        var plan = Plan(fetches: [], unrouted: unrouted)
        for node in fetchable.keys.sorted() where !holding.contains(node) {
            let (reused, fetches) = planBroker(node, ready: ready[node] ?? [], fetchable: fetchable[node]!)
            plan.reused += reused
            plan.fetches += fetches
        }
        return plan
    }

    private func planBroker(_ node: Int32, ready: [Position], fetchable: [Position])
        -> (reused: [BrokerFetch], fetches: [BrokerFetch])
    {
        var free = fetchesPerBroker - inFlight[node, default: 0]
        // A fetch written ahead is used while every partition in it is still fetchable from this broker at the
        // same position (it may lack room by now: it overshoots by that one fetch).
        var reused: [BrokerFetch] = []
        var left = ready
        let current = Set(fetchable)
        for ahead in writtenAhead where ahead.nodeID == node && free > 0 {
            guard ahead.partitions.allSatisfy(current.contains) else { continue }
            reused.append(ahead)
            let taken = Set(ahead.partitions)
            left.removeAll(where: taken.contains)
            free -= 1
        }
        guard !left.isEmpty else { return (reused, []) }
        let waiting = left.filter { backlogged.contains($0.partition) }
        let idle = left.filter { !backlogged.contains($0.partition) }
        // A partition with nothing waiting goes out on its own only when the broker has nothing else to do (the
        // broker may hold such a fetch back); otherwise it waits for the broker's busy partitions, up to `overdue`,
        // then rides along with them.
        let quiet = reused.isEmpty && inFlight[node, default: 0] == 0
        let riders = quiet || fetchesPerBroker == 1 || idle.contains { overdue.contains($0.partition) } ? idle : []
        if waiting.isEmpty {
            if riders.isEmpty { return (reused, []) }
            if quiet { return (reused, [BrokerFetch(nodeID: node, partitions: riders)]) }
        }
        let slots = Swift.min(free, waiting.count)
        guard slots > 0 else {
            // No slot for what is left: it joins the last fetch written ahead, which goes out again (a ready
            // partition is never left out for a chain of those), or waits for the fetches in flight.
            guard let last = reused.popLast() else { return (reused, []) }
            let merged = (last.partitions + waiting + riders).sorted { $0.partition < $1.partition }
            return (reused, [BrokerFetch(nodeID: node, partitions: merged)])
        }
        // Partitions with records waiting dealt in turn to the slots ([0, 1, 2, 3] over two is [0, 2] and
        // [1, 3]), so the broker answers every share at once; riders go with the first.
        let fetches = (0..<slots).map { slot in
            let share = stride(from: slot, to: waiting.count, by: slots).map { waiting[$0] }
            return BrokerFetch(
                nodeID: node,
                partitions: (slot == 0 ? share + riders : share).sorted { $0.partition < $1.partition })
        }
        return (reused, fetches)
    }
}

extension FetchPlanner.BrokerFetch {
    /// The partitions of this fetch, as a set.
    var partitionIDs: Set<Int32> { Set(partitions.map(\.partition)) }

    /// The Fetch request for `topic` in `version`: by topic id from v13 (which needs one), by name before; a
    /// full fetch without a session (id 0, epoch -1), at most `maxBytes` in all.
    func request(
        topic: String, topicID: KafkaUUID?, version: Int16, maxWaitMs: Int32, minBytes: Int32,
        maxBytes: Int32 = .max
    ) -> FetchRequest {
        let total = Swift.min(Int64(maxBytes), partitions.reduce(Int64(0)) { $0 + Int64($1.maxBytes) })
        let entries = partitions.map {
            FetchRequest.Partition(partition: $0.partition, fetchOffset: $0.offset, partitionMaxBytes: $0.maxBytes)
        }
        let fetchTopic =
            version >= 13
            ? FetchRequest.Topic(topicID: topicID ?? .zero, partitions: entries)
            : FetchRequest.Topic(name: topic, partitions: entries)
        return FetchRequest(
            maxWaitMs: maxWaitMs, minBytes: minBytes, maxBytes: Int32(clamping: total), topics: [fetchTopic])
    }
}
