import KafkaWire
import NIOCore

extension KafkaConsumer {
    /// The first offset to fetch in each assigned partition: explicit offsets as given, the others looked up
    /// with one ListOffsets request per leader broker (at the negotiated version). Partitions whose leader moved
    /// are looked up again after a metadata refresh; a timestamp after the last record means the end.
    func startOffsets(_ assigned: [Int32]) async throws -> [Int32: Int64] {
        var offsets: [Int32: Int64] = [:]
        var lookups: [Int32: Int64] = [:]
        for partition in assigned {
            if let explicit = configuration.startOffsets[partition] {
                offsets[partition] = explicit
                continue
            }
            switch configuration.startOffset.kind {
            case .offset(let offset): offsets[partition] = offset
            case .earliest: lookups[partition] = ListOffsetsRequest.earliestTimestamp
            case .latest: lookups[partition] = ListOffsetsRequest.latestTimestamp
            case .timestamp(let ms): lookups[partition] = ms
            }
        }
        let topic = configuration.topic
        var retry = RetryState(configuration: cluster.configuration)
        while !lookups.isEmpty {
            try Task.checkCancellation()
            let leaders = try await cluster.metadata(topics: [topic]).leaders(topic: topic)
            var byNode: [Int32: [Int32: Int64]] = [:]
            var failure: KafkaClientError?
            for (partition, timestamp) in lookups {
                guard let node = leaders[partition] else {
                    failure = KafkaClientError(.broker, "partition \(topic)/\(partition) has no leader right now")
                    continue
                }
                byNode[node, default: [:]][partition] = timestamp
            }
            let answers = try await withThrowingTaskGroup(of: ListOffsetsAnswer.self) { group in
                for (node, partitions) in byNode {
                    group.addTask { await self.listOffsets(partitions, at: node) }
                }
                return try await group.reduce(into: [ListOffsetsAnswer]()) { $0.append($1) }
            }
            for answer in answers {
                if let fatal = answer.fatal { throw fatal }
                if let error = answer.failure { failure = error }
                for (partition, result) in answer.results {
                    let timestamp = lookups[partition]!
                    switch result {
                    case .offset(let offset) where offset >= 0:
                        offsets[partition] = offset
                        lookups[partition] = nil
                    case .offset where timestamp >= 0:
                        // No record at or after the timestamp: start at the end.
                        lookups[partition] = ListOffsetsRequest.latestTimestamp
                    case .offset:
                        throw KafkaClientError(
                            .broker, "the broker gave no offset for \(topic)/\(partition) at \(timestamp)")
                    case .error(let error):
                        let (retriable, described) = Self.classify(
                            error, topic: topic, partition: partition, offset: timestamp, doing: "listing offsets of")
                        guard retriable else { throw described }
                        failure = described
                    }
                }
            }
            if let failure {
                await cluster.invalidateMetadata()
                try await retry.failed(failure)
            } else {
                retry.succeeded()
            }
        }
        return offsets
    }

    struct ListOffsetsAnswer: Sendable {
        enum Lookup: Sendable {
            case offset(Int64)
            case error(KafkaErrorCode)
        }
        var results: [Int32: Lookup] = [:]
        /// Retriable: the lookups without a result are tried again after a metadata refresh.
        var failure: KafkaClientError?
        var fatal: KafkaClientError?
    }

    /// One ListOffsets request to broker `node` for `partitions` (partition → timestamp).
    private func listOffsets(_ partitions: [Int32: Int64], at node: Int32) async -> ListOffsetsAnswer {
        var answer = ListOffsetsAnswer()
        var connection: BrokerConnection?
        do {
            let leader = try await cluster.connection(toNode: node)
            connection = leader
            let request = ListOffsetsRequest(topics: [
                .init(
                    name: configuration.topic,
                    partitions: partitions.keys.sorted().map { .init(partitionIndex: $0, timestamp: partitions[$0]!) })
            ])
            let response = try await leader.send(request)
            for topic in response.topics where topic.name == configuration.topic {
                for partition in topic.partitions where partitions[partition.partitionIndex] != nil {
                    answer.results[partition.partitionIndex] =
                        partition.errorCode.isError ? .error(partition.errorCode) : .offset(partition.offset)
                }
            }
            if answer.results.count < partitions.count {
                answer.failure = KafkaClientError(
                    .protocolError, "broker \(leader.broker) left partitions out of its ListOffsets answer")
            }
        } catch let error as KafkaClientError where error.isRetriable {
            if let connection { await cluster.forget(connection) }
            answer.failure = error
        } catch let error as KafkaClientError {
            answer.fatal = error
        } catch {
            answer.fatal = KafkaClientError(.protocolError, "listing offsets at node \(node): \(error)")
        }
        return answer
    }
}
