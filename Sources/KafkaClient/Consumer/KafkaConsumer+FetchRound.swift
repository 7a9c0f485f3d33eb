import KafkaWire
import NIOCore

extension KafkaConsumer {
    /// A Fetch already written to a broker for the round after the current one (sent before decoding, so the
    /// broker works while the client decodes).
    struct Prefetch: Sendable {
        var connection: BrokerConnection
        var fetch: FetchPlanner.BrokerFetch
        var pending: PendingResponse<FetchRequest>
    }

    /// What one broker's fetch round did, for the planner to apply.
    struct RoundOutcome: Sendable {
        struct Advance: Sendable {
            var offset: Int64
            var maxBytes: Int32
            var timestampReached: Bool
            /// The high watermark is beyond `offset`: the next fetch gets records at once.
            var backlogged: Bool
        }

        var fetch: FetchPlanner.BrokerFetch
        /// Partitions read without error (possibly with no new records).
        var advanced: [Int32: Advance] = [:]
        /// Partitions to re-route after a metadata refresh, with the error that says why.
        var rerouted: [Int32: KafkaClientError] = [:]
        /// The connection failed: every partition of the fetch not in `advanced` is re-routed.
        var connectionError: KafkaClientError?
        /// An error that ends the sequence (after the other partitions' records were delivered).
        var fatal: KafkaClientError?
        var prefetch: Prefetch?
    }

    /// Writes one Fetch for `fetch`: by topic id at the negotiated version, or at most v12 (by name) when
    /// metadata gave no topic id.
    func startFetch(_ fetch: FetchPlanner.BrokerFetch, on connection: BrokerConnection, topicID: KafkaUUID?) throws
        -> PendingResponse<FetchRequest>
    {
        var version = try connection.version(for: FetchRequest.self)
        if topicID == nil { version = Swift.min(version, 12) }
        let maxWait = configuration.maxWait
        let request = fetch.request(
            topic: configuration.topic, topicID: topicID, version: version,
            maxWaitMs: Int32(clamping: maxWait.nanoseconds / 1_000_000), minBytes: 1,
            maxBytes: configuration.fetchMaxBytes)
        return try connection.start(request, version: version, timeout: connection.requestTimeout + maxWait)
    }

    /// One round with one broker: the Fetch for all of `fetch`'s partitions, the next round's Fetch written
    /// ahead, then each partition's records decoded (in parallel) and handed to the reader in offset order.
    /// Per-partition errors affect only their partition. Throws only when cancelled.
    func fetchRound(
        _ fetch: FetchPlanner.BrokerFetch, topicID: KafkaUUID?, skipBefore: [Int32: Int64], prefetched: Prefetch?
    ) async throws -> RoundOutcome {
        let topic = configuration.topic
        var outcome = RoundOutcome(fetch: fetch)
        var connection: BrokerConnection?
        do {
            let pending: PendingResponse<FetchRequest>
            if let prefetched, prefetched.fetch == fetch, prefetched.connection.isActive {
                connection = prefetched.connection
                pending = prefetched.pending
            } else {
                let leader = try await cluster.connection(toNode: fetch.nodeID)
                connection = leader
                pending = try startFetch(fetch, on: leader, topicID: topicID)
            }
            let response = try await pending.response()
            if response.errorCode.isError {
                let error = KafkaClientError(
                    .broker, "broker \(pending.broker) refused a fetch of \(topic): \(response.errorCode)",
                    kafkaErrorCode: response.errorCode.rawValue)
                guard response.errorCode.isRetriable || response.errorCode.invalidatesMetadata else { throw error }
                for position in fetch.partitions { outcome.rerouted[position.partition] = error }
                return outcome
            }
            var answers: [Int32: FetchResponse.Partition] = [:]
            for answered in response.topics
            where pending.version >= 13 ? answered.topicID == topicID : answered.name == topic {
                for partition in answered.partitions { answers[partition.partitionIndex] = partition }
            }
            if let connection {
                outcome.prefetch = try prefetch(after: fetch, answers, on: connection, topicID: topicID)
            }

            var blobs: [(partition: Int32, offset: Int64, records: ByteBuffer)] = []
            for position in fetch.partitions {
                guard let answer = answers[position.partition] else {
                    outcome.advanced[position.partition] = .init(
                        offset: position.offset, maxBytes: position.maxBytes, timestampReached: false,
                        backlogged: false)
                    continue
                }
                if !answer.errorCode.isError, answer.highWatermark >= 0 {
                    highWatermarks.withLockedValue { $0[position.partition] = answer.highWatermark }
                }
                if answer.errorCode.isError {
                    let (retriable, error) = Self.classify(
                        answer.errorCode, topic: topic, partition: position.partition, offset: position.offset,
                        doing: "fetching")
                    if retriable {
                        outcome.rerouted[position.partition] = error
                    } else if outcome.fatal == nil {
                        outcome.fatal = error
                    }
                    continue
                }
                if let records = answer.records, records.readableBytes > 0 {
                    blobs.append((position.partition, position.offset, records))
                } else {
                    outcome.advanced[position.partition] = .init(
                        offset: position.offset, maxBytes: position.maxBytes, timestampReached: false,
                        backlogged: answer.highWatermark > position.offset)
                }
            }
            let decoded = blobs.isEmpty ? [:] : await Self.decode(blobs, topic: topic)
            for position in fetch.partitions {
                guard var result = decoded[position.partition] else { continue }
                var timestampReached = false
                if let threshold = skipBefore[position.partition] {
                    // Some brokers (tansu) answer a timestamp lookup with an earlier offset; skip up to the first
                    // record at or after the timestamp. With a broker that answers exactly, this skips nothing.
                    if let first = result.records.firstIndex(where: { $0.timestamp >= threshold }) {
                        result.records.removeFirst(first)
                        timestampReached = true
                    } else {
                        result.records.removeAll()
                    }
                }
                if !result.records.isEmpty {
                    buffers.added(result.records.count, to: position.partition)
                    try await stream.send(result.records)
                }
                var maxBytes = position.maxBytes
                if result.batches == 0, let needed = result.incompleteBatchSize {
                    maxBytes = Swift.max(maxBytes, Int32(clamping: needed))
                }
                let offset = Swift.max(position.offset, result.nextOffset)
                nextOffsets.withLockedValue { $0[position.partition] = offset }
                outcome.advanced[position.partition] = .init(
                    offset: offset, maxBytes: maxBytes, timestampReached: timestampReached,
                    backlogged: (answers[position.partition]?.highWatermark ?? 0) > offset)
                if let error = result.error, outcome.fatal == nil { outcome.fatal = error }
            }
        } catch let error as KafkaClientError where error.isRetriable {
            if let connection { await cluster.forget(connection) }
            outcome.connectionError = error
        } catch let error as KafkaClientError {
            outcome.fatal = error
        }
        return outcome
    }

    /// Writes the next round's Fetch before this round is decoded, when every partition answered without error
    /// and some returned records: the same partitions (those that still have room), each from the end of its
    /// last complete batch.
    ///
    /// With more than one fetch per broker, only partitions with records waiting are written ahead: the broker
    /// answers such a fetch at once, where one it held back would delay the fetches behind it.
    private func prefetch(
        after fetch: FetchPlanner.BrokerFetch, _ answers: [Int32: FetchResponse.Partition],
        on connection: BrokerConnection, topicID: KafkaUUID?
    ) throws -> Prefetch? {
        var next: [FetchPlanner.Position] = []
        var moved = false
        for position in fetch.partitions {
            guard let answer = answers[position.partition], !answer.errorCode.isError else { return nil }
            var ahead = position
            if let records = answer.records, let end = RecordBatchReader.completeBatches(in: records).nextOffset,
                end > position.offset
            {
                ahead.offset = end
                moved = true
            }
            next.append(ahead)
        }
        guard moved else { return nil }
        if configuration.fetchesPerBroker > 1 {
            next.removeAll { answers[$0.partition]!.highWatermark <= $0.offset }
        }
        let room = buffers.withRoom(next.map(\.partition)).partitions
        next.removeAll { !room.contains($0.partition) }
        guard !next.isEmpty else { return nil }
        let ahead = FetchPlanner.BrokerFetch(nodeID: fetch.nodeID, partitions: next)
        return Prefetch(
            connection: connection, fetch: ahead, pending: try startFetch(ahead, on: connection, topicID: topicID))
    }
}
