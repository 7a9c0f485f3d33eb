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
    /// The most bytes one Fetch asks of a partition. Records keep their fetch response in memory until they are
    /// committed, so this bounds memory more than speed (the client consumes several times faster than a store
    /// writes).
    public var partitionMaxBytes: Int32
    /// Records the consumer holds ahead of the commit loop, shared by the partitions. A partition's share below
    /// one fetch of `partitionMaxBytes` pauses its fetching between batches: 100,000 ingests 4 partitions of 100-byte
    /// records a fifth faster than 40,000 but peaks at 218 MiB instead of 193 (bench ingest, session 9).
    public var bufferedRecords: Int
    /// Backoff between restarts of a stalled source.
    public var backoff: KafkaBackoff
    /// How often statistics are reported.
    public var statisticsInterval: Duration
    /// How often a progress line is logged while records arrive.
    public var progressLogInterval: Duration

    public init(
        maxBatchRecords: Int = 20_000, partitionMaxBytes: Int32 = 2 * 1024 * 1024, bufferedRecords: Int = 40_000,
        backoff: KafkaBackoff = KafkaBackoff(initial: .milliseconds(250), maximum: .seconds(15), multiplier: 2),
        statisticsInterval: Duration = .seconds(1), progressLogInterval: Duration = .seconds(10)
    ) {
        self.maxBatchRecords = maxBatchRecords
        self.partitionMaxBytes = partitionMaxBytes
        self.bufferedRecords = bufferedRecords
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
    let counters = NIOLockedValueBox(SourceStatistics())
    let metrics: SourceMetrics

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
        let shape = try await Self.topicShape(of: topic, in: cluster, connection: spec.kafka.connection)
        let partitions = shape.partitions
        try await store.prepare(spec.layout)
        let recreated = try await checkTopicIdentity(shape, cluster: cluster)
        let resume = try await resumePoint(cluster: cluster, partitions: partitions)
        let highWatermarks = try await KafkaOffsetLookup.offsets(
            cluster: cluster, topic: topic, partitions: partitions, at: .latest)
        let consumer = KafkaConsumer(
            cluster: cluster,
            configuration: KafkaConsumerConfiguration(
                topic: topic, partitions: partitions, startOffset: .earliest, startOffsets: resume.fetchFrom,
                maxWait: .milliseconds(100), partitionMaxBytes: configuration.partitionMaxBytes,
                bufferedRecords: configuration.bufferedRecords))
        var progress = RunProgress(
            startedAt: .now, snapshotTarget: highWatermarks, lastErrorStatus: .now - configuration.statisticsInterval)
        counters.withLockedValue { statistics in
            statistics.snapshotCommitted = false
            statistics.rehydrationLatencyMilliseconds = nil
            for partition in partitions {
                statistics.partitions[partition] = .init(
                    highWatermark: highWatermarks[partition], committed: resume.fetchFrom[partition] ?? 0)
            }
            Self.summarize(&statistics)
        }
        await environment.statusChanged(spec, SourceStatusUpdate(.running, hint: recreated))
        metrics.running.record(1)
        onRunning()
        logger.info(
            "running",
            metadata: [
                "topic": "\(topic)", "partitions": "\(partitions.count)",
                "from": "\(resume.fetchFrom.sorted { $0.key < $1.key })",
            ])

        // A watcher refreshes metadata and statistics; it stops the consumer when partitions are added or the topic
        // disappears, so the loop below ends after committing what it has.
        let watcherFailure = NIOLockedValueBox<(any Error)?>(nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await self.watch(cluster: cluster, consumer: consumer, shape: shape, failure: watcherFailure)
            }
            defer { group.cancelAll() }
            var decoder = BatchDecoder(
                outputs: spec.outputs.map {
                    OutputDecoder(
                        outputID: $0.id, definition: $0.definition, lookups: environment.writerSchemaLookup)
                },
                nextOffsets: resume.outputs, maxRecords: configuration.maxBatchRecords)
            // The store writes on its own thread, so the commit of one batch overlaps the decoding of the next; at
            // most one commit is in flight, and commits finish in order.
            var inFlight: InFlightCommit?
            do {
                while true {
                    var first = try consumer.readyChunk()
                    if first == nil, let commit = inFlight {
                        // Nothing else to decode now: finish the commit before waiting for records.
                        inFlight = nil
                        try await finish(commit, progress: &progress)
                        first = try await consumer.nextChunk()
                    } else if first == nil {
                        first = try await consumer.nextChunk()
                    }
                    guard let first else { break }
                    let batch = try await decoder.decode(first, more: consumer.readyChunk)
                    if let commit = inFlight {
                        inFlight = nil
                        try await finish(commit, progress: &progress)
                    }
                    inFlight = startCommit(batch)
                }
                if let commit = inFlight {
                    inFlight = nil
                    try await finish(commit, progress: &progress)
                }
            } catch {
                // Never leave with a commit running: a restart reads the stored offsets.
                _ = try? await inFlight?.task.value
                throw error
            }
            await environment.statistics(spec, statistics)
            if let failure = watcherFailure.withLockedValue({ $0 }) { throw failure }
        }
    }

    /// Every `metadataRefresh`: re-reads the topic's partitions and high watermarks. New partitions or a missing
    /// topic stop the consumer (recording why), so the run ends and restarts with the new shape.
    private func watch(
        cluster: KafkaCluster, consumer: KafkaConsumer, shape: TopicShape, failure: NIOLockedValueBox<(any Error)?>
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
                    let now = try await Self.topicShape(
                        of: spec.kafka.topic, in: cluster, connection: spec.kafka.connection, refresh: true)
                    if let id = now.id, let old = shape.id, id != old {
                        logger.notice(
                            "topic \(spec.kafka.topic) was deleted and created again (id \(old) is now \(id))")
                        consumer.stop()
                        return
                    }
                    if now.partitions != shape.partitions {
                        logger.notice(
                            "topic \(spec.kafka.topic) now has \(now.partitions.count) partitions (was \(shape.partitions.count)); new partitions start at their beginning"
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

    /// The topic's partition ids and its id (when the broker gives one); a missing topic is a `SourceFailure` that
    /// says how to fix it.
    static func topicShape(
        of topic: String, in cluster: KafkaCluster, connection: String, refresh: Bool = false
    ) async throws -> TopicShape {
        let metadata =
            refresh ? try await cluster.refreshMetadata(topics: [topic]) : try await cluster.metadata(topics: [topic])
        guard let found = try? metadata.topic(topic), !found.partitions.isEmpty else {
            throw SourceFailure(
                error: "topic \(topic) does not exist in the cluster of connection \(connection)",
                hint:
                    "create the topic (for example: inlet kafka topic create \(topic) --partitions N) or drop the source; it resumes by itself once the topic exists"
            )
        }
        return TopicShape(partitions: found.partitions.map(\.id), id: found.topicID.map { "\($0)" })
    }

    static func summarize(_ statistics: inout SourceStatistics) {
        let known = statistics.partitions.values.compactMap(\.highWatermark)
        statistics.offsetKnown = known.isEmpty ? nil : known.reduce(0, +)
        statistics.offsetCommitted = statistics.partitions.values.map(\.committed).reduce(0, +)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
