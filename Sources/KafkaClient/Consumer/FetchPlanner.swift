import KafkaWire

/// Decides what the consumer fetches next: one Fetch request per leader broker, covering every assigned
/// partition that broker leads and that has room in its buffer.
///
/// A pure value: given the assignment, the leaders, the positions, which partitions have room and which brokers
/// already have a fetch in flight, `plan()` says which requests to send, so routing and back-pressure are tested
/// without a broker. Partitions whose buffer is full are left out until the reader catches up; partitions
/// without a known leader are reported in `unrouted` so the caller refreshes metadata.
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
        /// One request per broker, sorted by node id.
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
    /// Brokers that already have a fetch in flight: the next request for them waits for its answer.
    var busyBrokers: Set<Int32> = []
    /// Used when `maxBytes` has no entry for a partition.
    var defaultMaxBytes: Int32 = 1 << 20

    func plan() -> Plan {
        var byBroker: [Int32: [Position]] = [:]
        var unrouted: [Int32] = []
        for partition in Set(assignment).sorted() {
            guard !held.contains(partition), withRoom.contains(partition), let offset = positions[partition] else {
                continue
            }
            guard let leader = leaders[partition] else {
                unrouted.append(partition)
                continue
            }
            guard !busyBrokers.contains(leader) else { continue }
            byBroker[leader, default: []].append(
                Position(partition: partition, offset: offset, maxBytes: maxBytes[partition] ?? defaultMaxBytes))
        }
        let fetches = byBroker.keys.sorted().map { BrokerFetch(nodeID: $0, partitions: byBroker[$0]!) }
        return Plan(fetches: fetches, unrouted: unrouted)
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
