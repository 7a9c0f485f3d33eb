import KafkaWire
import NIOCore

extension KafkaProducer {
    /// How the broker (or the connection) answered one Produce request.
    enum Answer: Sendable {
        case acknowledged(baseOffset: Int64)
        /// Not written, or unknown whether written: resend after finding the leader again. `brokenConnection`
        /// is set when the connection itself failed and must be dropped.
        case retriable(KafkaClientError, brokenConnection: Bool)
        case fatal(KafkaClientError)
    }

    /// A batch's bytes are ready (or could not be built); write what the sequencer lets go.
    func built(_ id: Int, _ sequence: UInt64, _ result: Result<ByteBuffer, KafkaClientError>) {
        let partition = partitions[id]
        switch result {
        case .success(let batch):
            partition.sequencer.built(sequence, batch)
        case .failure(let error):
            resolve(partition, partition.sequencer.failed(sequence, .fatal), error: error)
        }
        transmit(partition)
    }

    /// Writes every batch the sequencer lets go, in order, on the leader's connection; looks the leader up
    /// first when there is no working connection.
    func transmit(_ partition: ProducerPartition) {
        guard let connection = partition.connection, connection.isActive else {
            // A connection that closed under requests in flight fails them soon; nothing new is written (on a
            // new connection) before those failures are in, or a later batch could overtake them.
            if partition.sequencer.hasUnsent, partition.sequencer.inFlightCount == 0 { lookUpLeader(partition) }
            return
        }
        while let (sequence, batch) = partition.sequencer.nextToSend() {
            write(batch, sequence, of: partition, on: connection)
        }
    }

    /// Writes one batch synchronously (so writes keep the sequencer's order) and awaits its answer elsewhere.
    private func write(
        _ batch: ByteBuffer, _ sequence: UInt64, of partition: ProducerPartition, on connection: BrokerConnection
    ) {
        let request = ProduceRequest(
            acks: configuration.acks.rawValue, timeoutMs: Int32(configuration.ackTimeout.nanoseconds / 1_000_000),
            topics: [.init(name: partition.topic, partitions: [.init(index: partition.index, records: batch)])])
        do {
            if configuration.acks == .none {
                let version = try connection.version(for: ProduceRequest.self)
                _ = try connection.sendRaw(request, version: version, timeout: nil, expectsResponse: false)
                resolve(partition, partition.sequencer.succeeded(sequence), error: nil)
                return
            }
            let pending = try connection.start(
                request, timeout: connection.requestTimeout + configuration.ackTimeout)
            let id = partition.id
            let name = partition.name
            Task {
                let answer = await Self.answer(to: pending, for: name)
                self.answered(id, sequence, on: connection, answer)
            }
        } catch {
            let described =
                error as? KafkaClientError
                ?? KafkaClientError(
                    .protocolError, "cannot write a Produce request for \(partition.name): \(error)", underlying: error)
            resolve(partition, partition.sequencer.failed(sequence, .fatal), error: described)
        }
    }

    private static func answer(to pending: PendingResponse<ProduceRequest>, for name: String) async -> Answer {
        do {
            let response = try await pending.response()
            guard let answer = response.topics.first?.partitions.first else {
                return .fatal(KafkaClientError(.protocolError, "the Produce answer for \(name) names no partition"))
            }
            if answer.errorCode == .noError { return .acknowledged(baseOffset: answer.baseOffset) }
            let detail = answer.errorMessage.map { " (\($0))" } ?? ""
            let error = KafkaClientError(
                .broker, "the broker refused records for \(name): \(answer.errorCode)\(detail)",
                kafkaErrorCode: answer.errorCode.rawValue)
            if answer.errorCode.isRetriable || answer.errorCode.invalidatesMetadata {
                return .retriable(error, brokenConnection: false)
            }
            return .fatal(error)
        } catch let error as KafkaClientError where error.isRetriable {
            return .retriable(error, brokenConnection: true)
        } catch let error as KafkaClientError {
            return .fatal(error)
        } catch {
            return .fatal(KafkaClientError(.protocolError, "producing to \(name): \(error)", underlying: error))
        }
    }

    func answered(_ id: Int, _ sequence: UInt64, on connection: BrokerConnection, _ answer: Answer) {
        let partition = partitions[id]
        switch answer {
        case .acknowledged(let baseOffset):
            resolve(partition, partition.sequencer.succeeded(sequence), baseOffset: baseOffset, error: nil)
            partition.succeeded()  // after resolving: an overtaken batch is reported with the failure's cause
        case .retriable(let error, let broken):
            if partition.connection === connection {
                partition.connection = nil
                if broken { partition.staleConnection = connection }
            }
            if partition.failed(error) {
                resolve(partition, partition.sequencer.failed(sequence, .retriable), error: nil)
            } else {
                resolve(partition, partition.sequencer.failed(sequence, .fatal), error: gaveUp(partition, error))
            }
        case .fatal(let error):
            resolve(partition, partition.sequencer.failed(sequence, .fatal), error: error)
        }
        transmit(partition)
    }

    private func gaveUp(_ partition: ProducerPartition, _ error: KafkaClientError) -> KafkaClientError {
        KafkaClientError(
            error.code,
            "gave up producing to \(partition.name) after retrying for \(cluster.configuration.retryTimeout): "
                + error.message, kafkaErrorCode: error.kafkaErrorCode, underlying: error)
    }

    /// Finds the partition's leader (after the backoff when recovering from failures) and resumes writing.
    private func lookUpLeader(_ partition: ProducerPartition) {
        guard !partition.lookingUpLeader else { return }
        partition.lookingUpLeader = true
        let recovering = partition.isRecovering
        let delay = partition.backoff
        let stale = partition.staleConnection
        partition.staleConnection = nil
        let (id, topic, index, cluster) = (partition.id, partition.topic, partition.index, cluster)
        Task {
            if let stale { await cluster.forget(stale) }
            if recovering { await cluster.invalidateMetadata() }
            if delay > .zero { try? await Task.sleep(nanoseconds: UInt64(delay.nanoseconds)) }
            let result: Result<BrokerConnection, KafkaClientError>
            do {
                result = .success(try await cluster.leaderConnection(topic: topic, partition: index))
            } catch let error as KafkaClientError {
                result = .failure(error)
            } catch {
                result = .failure(KafkaClientError(.connect, "\(error)", underlying: error))
            }
            self.leaderFound(id, result)
        }
    }

    private func leaderFound(_ id: Int, _ result: Result<BrokerConnection, KafkaClientError>) {
        let partition = partitions[id]
        partition.lookingUpLeader = false
        switch result {
        case .success(let connection):
            partition.connection = connection
        case .failure(let error):
            let retriable = error.isRetriable || error.code == .broker
            if !retriable || !partition.failed(error) {
                let reason = retriable ? gaveUp(partition, error) : error
                resolve(partition, partition.sequencer.failUnsent(), error: reason)
            }
        }
        transmit(partition)
    }

    // MARK: Resolution

    /// Tells the waiters of resolved batches and updates the counters `flush` and back-pressure wait on.
    func resolve(
        _ partition: ProducerPartition, _ resolutions: [ProduceSequencer<ByteBuffer>.Resolution],
        baseOffset: Int64 = -1, error: KafkaClientError?
    ) {
        for resolution in resolutions {
            switch resolution {
            case .acknowledged(let sequence):
                guard let batch = partition.closed.removeValue(forKey: sequence) else { continue }
                acknowledged += batch.count
                for waiter in batch.waiters {
                    waiter.continuation.resume(
                        returning: KafkaProducedRecord(
                            topic: partition.topic, partition: partition.index,
                            offset: baseOffset < 0 ? -1 : baseOffset + Int64(waiter.index)))
                }
                finished(batch)
            case .failed(let sequence):
                guard let batch = partition.closed.removeValue(forKey: sequence) else { continue }
                let failure =
                    error ?? partition.lastFailure
                    ?? KafkaClientError(.broker, "records for \(partition.name) were not written")
                fail(batch, failure)
            case .wouldReorder(let sequence):
                guard let batch = partition.closed.removeValue(forKey: sequence) else { continue }
                let cause = partition.lastFailure.map { " (\($0.message))" } ?? ""
                fail(
                    batch,
                    KafkaClientError(
                        .broker,
                        "\(batch.count) records for \(partition.name) were not written\(cause), but records sent "
                            + "after them were; they are not resent, so the partition keeps the order they were "
                            + "sent in. Send them again if their order does not matter",
                        underlying: partition.lastFailure))
            }
        }
    }

    private func fail(_ batch: ClosedBatch, _ error: KafkaClientError) {
        if firstError == nil { firstError = error }
        for waiter in batch.waiters { waiter.continuation.resume(throwing: error) }
        finished(batch)
    }

    private func finished(_ batch: ClosedBatch) {
        unresolvedBatches -= 1
        bufferedBytes -= batch.bytes
        if !capacityWaiters.isEmpty, bufferedBytes < configuration.maxBufferedBytes || firstError != nil {
            let waiters = capacityWaiters
            capacityWaiters = []
            for waiter in waiters { waiter.resume() }
        }
        if unresolvedBatches == 0, !idleWaiters.isEmpty {
            let waiters = idleWaiters
            idleWaiters = []
            for waiter in waiters { waiter.resume() }
        }
    }
}
