import KafkaClient
import Logging
import NIOConcurrencyHelpers
import NIOCore
import SQL
import Storage

/// Settings of the source runtime; the defaults suit `inlet serve`.
public struct SourceRuntimeConfiguration: Sendable {
    /// The most records one commit takes; more waiting records go in the next commit.
    public var maxBatchRecords: Int
    /// Backoff between restarts of a stalled source.
    public var backoff: KafkaBackoff
    /// How often statistics are reported.
    public var statisticsInterval: Duration
    /// How often a progress line is logged while records arrive.
    public var progressLogInterval: Duration

    public init(
        maxBatchRecords: Int = 20_000,
        backoff: KafkaBackoff = KafkaBackoff(initial: .milliseconds(250), maximum: .seconds(15), multiplier: 2),
        statisticsInterval: Duration = .seconds(1), progressLogInterval: Duration = .seconds(10)
    ) {
        self.maxBatchRecords = maxBatchRecords
        self.backoff = backoff
        self.statisticsInterval = statisticsInterval
        self.progressLogInterval = progressLogInterval
    }
}

/// One source's long-lived work: connect through the connection's routes, read the topic from the stored
/// offsets, decode every record into the rows of each relation, and commit rows and offsets together.
///
/// Any failure (a dead broker, an unmapped broker, a refused password, a deleted topic) stalls the source with
/// the error and a hint; it then restarts from the stored offsets with bounded backoff and returns to running
/// by itself once the cause is fixed. Because rows and offsets commit in one transaction, a restart (or a
/// kill -9 at any moment) neither loses nor repeats a record.
public final class SourceRuntime: Sendable {
    public let spec: SourceSpec
    let store: any SourceStore
    let environment: any SourceEnvironment
    let configuration: SourceRuntimeConfiguration
    let logger: Logger
    private let retrySignal = RetrySignal()
    private let counters = NIOLockedValueBox(SourceStatistics())
    private let metrics: SourceMetrics

    public init(
        spec: SourceSpec, store: any SourceStore, environment: any SourceEnvironment,
        configuration: SourceRuntimeConfiguration = SourceRuntimeConfiguration(), logger: Logger
    ) {
        self.spec = spec
        self.store = store
        self.environment = environment
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "source"] = "\(spec.name)"
        self.logger = logger
        self.metrics = SourceMetrics(source: spec.name)
    }

    /// The statistics so far.
    public var statistics: SourceStatistics { counters.withLockedValue { $0 } }

    /// Cuts a stalled source's backoff short (after ALTER CONNECTION or ALTER SECRET).
    public func retryNow() { retrySignal.fire() }

    /// Runs until cancelled.
    public func run() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                try await runOnce { failures = 0 }
                // The partitions changed: restart at once with the new set.
            } catch  where Task.isCancelled || error is CancellationError {
                return
            } catch {
                failures += 1
                let failure = await describe(error)
                logger.warning(
                    "stalled: \(failure.error)", metadata: failure.hint.map { ["hint": "\($0)"] } ?? [:])
                await environment.statusChanged(
                    spec, SourceStatusUpdate(.stalled, error: failure.error, hint: failure.hint))
                metrics.running.record(0)
                let delay = configuration.backoff.delay(afterFailures: failures)
                await retrySignal.wait(upTo: .nanoseconds(delay.nanoseconds))
            }
        }
    }

    // MARK: - One run

    private func runOnce(onRunning: () -> Void) async throws {
        await environment.statusChanged(spec, SourceStatusUpdate(.starting))
        let client = try await environment.kafkaClient(for: spec)
        let cluster = try KafkaCluster(configuration: client.configuration, logger: logger)
        do {
            try await consume(cluster: cluster, onRunning: onRunning)
            await cluster.shutdown()
        } catch {
            let metadata = await cluster.cachedMetadata
            await cluster.shutdown()
            if let advice = client.unmappedAdvice(metadata), !(error is CancellationError) {
                throw SourceFailure(error: "\(error)", hint: advice)
            }
            throw error
        }
    }

    private func consume(cluster: KafkaCluster, onRunning: () -> Void) async throws {
        let topic = spec.kafka.topic
        let partitions = try await Self.partitions(of: topic, in: cluster, connection: spec.kafka.connection)
        try await store.prepare(spec.layout)
        let stored = try await store.offsets()
        // Where each relation resumes: its stored offset, else the source's START OFFSET, else the beginning.
        var outputOffsets: [String: [Int32: Int64]] = [:]
        var needsEarliest: Set<Int32> = []
        for output in spec.outputs {
            for partition in partitions {
                if let next = stored[output.id]?[partition] {
                    outputOffsets[output.id, default: [:]][partition] = next
                } else if Int(partition) < spec.kafka.startOffsets.count {
                    outputOffsets[output.id, default: [:]][partition] = spec.kafka.startOffsets[Int(partition)]
                } else {
                    needsEarliest.insert(partition)
                }
            }
        }
        if !needsEarliest.isEmpty {
            let earliest = try await KafkaOffsetLookup.offsets(
                cluster: cluster, topic: topic, partitions: needsEarliest.sorted(), at: .earliest)
            for output in spec.outputs {
                for (partition, offset) in earliest where outputOffsets[output.id]?[partition] == nil {
                    outputOffsets[output.id, default: [:]][partition] = offset
                }
            }
        }
        var start: [Int32: Int64] = [:]
        for partition in partitions {
            start[partition] = spec.outputs.compactMap { outputOffsets[$0.id]?[partition] }.min() ?? 0
        }
        let highWatermarks = try await KafkaOffsetLookup.offsets(
            cluster: cluster, topic: topic, partitions: partitions, at: .latest)
        let consumer = KafkaConsumer(
            cluster: cluster,
            configuration: KafkaConsumerConfiguration(
                topic: topic, partitions: partitions, startOffset: .earliest, startOffsets: start,
                maxWait: .milliseconds(100)))
        let decoders = spec.outputs.map { OutputDecoder(outputID: $0.id, definition: $0.definition) }
        let startedAt = ContinuousClock.now
        counters.withLockedValue { statistics in
            statistics.snapshotCommitted = false
            statistics.rehydrationLatencyMilliseconds = nil
            for partition in partitions {
                statistics.partitions[partition] = .init(
                    highWatermark: highWatermarks[partition], committed: start[partition] ?? 0)
            }
            Self.summarize(&statistics)
        }
        let snapshotTarget = highWatermarks
        await environment.statusChanged(spec, SourceStatusUpdate(.running))
        metrics.running.record(1)
        onRunning()
        logger.info(
            "running",
            metadata: [
                "topic": "\(topic)", "partitions": "\(partitions.count)", "from": "\(start.sorted { $0.key < $1.key })",
            ])

        // A watcher refreshes metadata and statistics; it stops the consumer when partitions are added or the topic
        // disappears, so the commit loop below ends after committing what it has.
        let watcherFailure = NIOLockedValueBox<(any Error)?>(nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await self.watch(cluster: cluster, consumer: consumer, partitions: partitions, failure: watcherFailure)
            }
            defer { group.cancelAll() }
            var nextOffsets = outputOffsets
            var lastLog = ContinuousClock.now
            var lastStatistics = ContinuousClock.now
            var lastErrorStatus = ContinuousClock.now - configuration.statisticsInterval
            while let first = try await consumer.nextChunk() {
                var batch = SourceBatch()
                var records = 0
                var bytes = 0
                var chunk: [KafkaConsumerRecord]? = first
                while let current = chunk {
                    for record in current {
                        records += 1
                        bytes += (record.key?.readableBytes ?? 0) + (record.value?.readableBytes ?? 0)
                        for decoder in decoders {
                            guard let next = nextOffsets[decoder.outputID]?[record.partition], record.offset >= next
                            else { continue }
                            decoder.decode(record, into: &batch.outputs[decoder.outputID, default: OutputChanges()])
                            nextOffsets[decoder.outputID]![record.partition] = record.offset + 1
                            batch.offsets[decoder.outputID, default: [:]][record.partition] = record.offset + 1
                        }
                    }
                    chunk = records < configuration.maxBatchRecords ? try consumer.readyChunk() : nil
                }
                let staged = batch.updateCount
                let errors = batch.outputs.values.reduce(0) { $0 + $1.errors.count }
                counters.withLockedValue {
                    $0.messagesReceived += Int64(records)
                    $0.bytesReceived += Int64(bytes)
                    $0.updatesStaged += Int64(staged)
                }
                if !batch.isEmpty {
                    let commitStarted = ContinuousClock.now
                    try await store.commit(batch)
                    metrics.commitLatency.record(duration: ContinuousClock.now - commitStarted)
                }
                metrics.messages.increment(by: records)
                metrics.bytes.increment(by: bytes)
                metrics.committed.increment(by: staged)
                if errors > 0 { metrics.decodeErrors.increment(by: errors) }
                let now = ContinuousClock.now
                var committed: [Int32: Int64] = [:]
                for offsets in nextOffsets.values {
                    for (partition, offset) in offsets {
                        committed[partition] = min(committed[partition] ?? offset, offset)
                    }
                }
                counters.withLockedValue { statistics in
                    statistics.updatesCommitted += Int64(staged)
                    statistics.decodeErrors += Int64(errors)
                    for (partition, offset) in committed { statistics.partitions[partition]?.committed = offset }
                    if !statistics.snapshotCommitted,
                        snapshotTarget.allSatisfy({ (committed[$0.key] ?? 0) >= $0.value })
                    {
                        statistics.snapshotCommitted = true
                        statistics.rehydrationLatencyMilliseconds = Self.milliseconds(now - startedAt)
                    }
                    Self.summarize(&statistics)
                }
                // The latest decode error names its record in the status, at most once per statistics interval.
                if errors > 0, now - lastErrorStatus >= configuration.statisticsInterval,
                    let (outputID, changes) = batch.outputs.first(where: { !$0.value.errors.isEmpty }),
                    let latest = changes.errors.last
                {
                    lastErrorStatus = now
                    let relation = spec.outputs.first { $0.id == outputID }?.definition.name ?? spec.name
                    await environment.statusChanged(
                        spec,
                        SourceStatusUpdate(
                            .running,
                            error:
                                "record at partition \(latest.partition), offset \(latest.offset) did not decode: \(latest.reason)",
                            hint: "the record is kept with its raw bytes in \(relation)_errors"))
                }
                if now - lastStatistics >= configuration.statisticsInterval {
                    lastStatistics = now
                    await environment.statistics(spec, statistics)
                }
                if now - lastLog >= configuration.progressLogInterval {
                    lastLog = now
                    let statistics = self.statistics
                    logger.info(
                        "progress",
                        metadata: [
                            "messages": "\(statistics.messagesReceived)", "committed": "\(statistics.updatesCommitted)",
                            "decode-errors": "\(statistics.decodeErrors)",
                            "lag": "\(statistics.partitions.values.compactMap(\.lag).reduce(0, +))",
                        ])
                }
            }
            await environment.statistics(spec, statistics)
            if let failure = watcherFailure.withLockedValue({ $0 }) { throw failure }
        }
    }

    /// Every `metadataRefresh`: re-reads the topic's partitions and high watermarks. New partitions or a missing
    /// topic stop the consumer (recording why), so the run ends and restarts with the new shape.
    private func watch(
        cluster: KafkaCluster, consumer: KafkaConsumer, partitions: [Int32], failure: NIOLockedValueBox<(any Error)?>
    ) async {
        let refresh = Duration.milliseconds(spec.kafka.metadataRefreshMilliseconds)
        var lastRefresh = ContinuousClock.now
        let group = KafkaGroupOffsets(cluster: cluster, groupID: spec.groupID)
        var lastGroupCommit: [Int32: Int64] = [:]
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: min(refresh, configuration.statisticsInterval))
            } catch {
                return
            }
            if ContinuousClock.now - lastRefresh >= refresh {
                lastRefresh = ContinuousClock.now
                do {
                    let now = try await Self.partitions(
                        of: spec.kafka.topic, in: cluster, connection: spec.kafka.connection, refresh: true)
                    if now != partitions {
                        logger.notice(
                            "topic \(spec.kafka.topic) now has \(now.count) partitions (was \(partitions.count)); new partitions start at their beginning"
                        )
                        consumer.stop()
                        return
                    }
                } catch let error as SourceFailure {
                    failure.withLockedValue { $0 = error }
                    consumer.stop()
                    return
                } catch {
                    // A metadata refresh that fails is retried at the next interval; the consumer reports a dead
                    // cluster itself.
                }
            }
            // What the leaders report in Fetch answers (ListOffsets "latest" is not reliable on every broker).
            let latest = consumer.latestHighWatermarks
            counters.withLockedValue { statistics in
                for (partition, offset) in latest {
                    let committed = statistics.partitions[partition]?.committed ?? 0
                    statistics.partitions[partition]?.highWatermark = max(offset, committed)
                }
                Self.summarize(&statistics)
            }
            let statistics = self.statistics
            for (partition, progress) in statistics.partitions {
                if let lag = progress.lag { metrics.lag(partition: partition, lag) }
            }
            await environment.statistics(spec, statistics)
            // After the storage commit, never before: the group's offsets are for lag tools; they are never read.
            let committed = statistics.partitions.mapValues(\.committed)
            if committed != lastGroupCommit {
                do {
                    try await group.commit(topic: spec.kafka.topic, offsets: committed)
                    lastGroupCommit = committed
                } catch {
                    logger.debug("cannot commit offsets to consumer group \(spec.groupID): \(error)")
                }
            }
        }
    }

    /// The topic's partition ids; a missing topic is a `SourceFailure` that says how to fix it.
    static func partitions(
        of topic: String, in cluster: KafkaCluster, connection: String, refresh: Bool = false
    ) async throws -> [Int32] {
        let metadata =
            refresh ? try await cluster.refreshMetadata(topics: [topic]) : try await cluster.metadata(topics: [topic])
        guard let found = try? metadata.topic(topic), !found.partitions.isEmpty else {
            throw SourceFailure(
                error: "topic \(topic) does not exist in the cluster of connection \(connection)",
                hint:
                    "create the topic (for example: inlet kafka topic create --topic \(topic) --partitions N) or drop the source; it resumes by itself once the topic exists"
            )
        }
        return found.partitions.map(\.id)
    }

    static func summarize(_ statistics: inout SourceStatistics) {
        let known = statistics.partitions.values.compactMap(\.highWatermark)
        statistics.offsetKnown = known.isEmpty ? nil : known.reduce(0, +)
        statistics.offsetCommitted = statistics.partitions.values.map(\.committed).reduce(0, +)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    private func describe(_ error: any Error) async -> SourceFailure {
        if let failure = error as? SourceFailure { return failure }
        let hint = await environment.hint(for: error, source: spec)
        if let error = error as? KafkaClientError {
            return SourceFailure(
                error: error.message, hint: hint ?? Self.hint(for: error, connection: spec.kafka.connection))
        }
        if let error = error as? StorageError {
            return SourceFailure(
                error: "storage: \(error.message)",
                hint: hint ?? "check the data directory's disk space and permissions")
        }
        if let error = error as? SQLError {
            return SourceFailure(error: error.message, hint: hint ?? error.hint)
        }
        return SourceFailure(error: "\(error)", hint: hint)
    }

    static func hint(for error: KafkaClientError, connection: String) -> String? {
        // "No bootstrap broker could be reached" carries the first broker's own failure: hint at that cause.
        if error.code == .noBrokers, let cause = error.underlying as? KafkaClientError, cause.code != .noBrokers {
            return hint(for: cause, connection: connection)
        }
        switch error.code {
        case .sasl:
            return
                "check the SASL USERNAME and SASL PASSWORD secrets of connection \(connection) (ALTER SECRET name AS '…'); the source retries by itself"
        case .tls:
            return
                "check SSL CERTIFICATE AUTHORITY of connection \(connection) and that the broker's certificate names its advertised host"
        case .resolve, .connect, .noBrokers, .timeout, .connectionClosed:
            return
                "the brokers of connection \(connection) cannot be reached; VALIDATE CONNECTION \(connection) shows which hop fails"
        case .unknownTopic:
            return "create the topic or drop the source; it resumes by itself once the topic exists"
        default:
            return nil
        }
    }
}

/// A stall the runtime can explain: the error and what to do about it.
struct SourceFailure: Error, CustomStringConvertible {
    var error: String
    var hint: String?

    var description: String { error }
}

/// Wakes a stalled source's backoff early.
final class RetrySignal: Sendable {
    private let waiter = NIOLockedValueBox<CheckedContinuation<Void, Never>?>(nil)
    private let fired = NIOLockedValueBox(false)

    func fire() {
        let continuation = waiter.withLockedValue { waiter -> CheckedContinuation<Void, Never>? in
            defer { waiter = nil }
            return waiter
        }
        if let continuation { continuation.resume() } else { fired.withLockedValue { $0 = true } }
    }

    /// Returns after `delay`, when fired, or when the task is cancelled.
    func wait(upTo delay: TimeAmount) async {
        if fired.withLockedValue({ value in
            defer { value = false }; return value
        }) {
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(nanoseconds: UInt64(max(0, delay.nanoseconds))) }
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let resumeNow = self.waiter.withLockedValue { waiter -> Bool in
                            if Task.isCancelled { return true }
                            waiter?.resume()
                            waiter = continuation
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                } onCancel: {
                    self.waiter.withLockedValue { waiter in
                        waiter?.resume()
                        waiter = nil
                    }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }
}
