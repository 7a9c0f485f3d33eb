import KafkaClient
import Storage

/// Decodes consumed records into one commit's batch: every relation's rows and errors, and the offsets they came
/// from. A relation that already holds a record (its stored offset is past it) skips it, so relations that resume
/// from different offsets share one consumer.
///
/// This runs once per record and relation, so it works on dense arrays (relations by index, partitions by id)
/// rather than on dictionaries keyed by relation id.
struct BatchDecoder {
    let outputs: [OutputDecoder]
    /// The outputs that fetch something before a chunk is decoded.
    private let preparing: [OutputDecoder]
    let maxRecords: Int
    /// Per output index, per partition id: the next offset the output has not seen (`Int64.max`: not read).
    private var next: [[Int64]]
    let partitions: [Int32]

    init(outputs: [OutputDecoder], nextOffsets: [String: [Int32: Int64]], maxRecords: Int) {
        self.outputs = outputs
        preparing = outputs.filter(\.needsPreparation)
        self.maxRecords = maxRecords
        let partitions = Set(nextOffsets.values.flatMap(\.keys)).sorted()
        self.partitions = partitions
        let width = Int(partitions.last ?? -1) + 1
        next = outputs.map { output in
            var row = [Int64](repeating: .max, count: width)
            for (partition, offset) in nextOffsets[output.outputID] ?? [:] { row[Int(partition)] = offset }
            return row
        }
    }

    /// Decodes `first` and the chunks `more` has ready, up to `maxRecords` records (a chunk is never split, so
    /// a batch may pass `maxRecords` by less than one chunk).
    ///
    /// Before a chunk is decoded, the outputs that need it fetch what the chunk's records need (Avro writer
    /// schemas); that is the only wait, and decoding itself never blocks a thread.
    mutating func decode(
        _ first: [KafkaConsumerRecord], more: () throws -> [KafkaConsumerRecord]?
    ) async rethrows -> DecodedBatch {
        var decoded = DecodedBatch()
        var changes = [OutputChanges](repeating: OutputChanges(), count: outputs.count)
        // Room for the first chunk's rows up front: growing twenty thousand values by doubling copies them a dozen
        // times into fresh pages.
        for index in outputs.indices {
            changes[index].reserveCapacity(
                changes: first.count, values: first.count * outputs[index].definition.columns.count)
        }
        let before = next
        var chunk: [KafkaConsumerRecord]? = first
        while let current = chunk {
            for output in preparing { await output.prepare(current) }
            // By index, so each record is read in place rather than copied out of the chunk (a copy retains its
            // buffers).
            for position in current.indices {
                let partition = Int(current[position].partition)
                let offset = current[position].offset
                decoded.records += 1
                decoded.bytes +=
                    (current[position].key?.readableBytes ?? 0) + (current[position].value?.readableBytes ?? 0)
                for index in outputs.indices {
                    guard partition < next[index].count, offset >= next[index][partition],
                        next[index][partition] != .max
                    else { continue }
                    outputs[index].decode(current[position], into: &changes[index])
                    next[index][partition] = offset + 1
                }
            }
            chunk = decoded.records < maxRecords ? try more() : nil
        }
        for index in outputs.indices {
            let id = outputs[index].outputID
            if !changes[index].isEmpty {
                decoded.staged += changes[index].count
                if let latest = changes[index].errors.last {
                    decoded.errors += changes[index].errors.count
                    decoded.latestError = (id, latest)
                }
                decoded.batch.outputs[id] = changes[index]
            }
            for partition in partitions where next[index][Int(partition)] != before[index][Int(partition)] {
                decoded.batch.offsets[id, default: [:]][partition] = next[index][Int(partition)]
                decoded.batch.startOffsets[id, default: [:]][partition] = before[index][Int(partition)]
            }
        }
        // Per partition, the lowest next offset over the outputs: what the source as a whole has committed.
        for partition in partitions {
            let lowest = next.map { $0[Int(partition)] }.filter { $0 != .max }.min()
            if let lowest { decoded.committed[partition] = lowest }
        }
        return decoded
    }
}

/// One commit's batch and what the runtime reports about it once it is stored.
struct DecodedBatch {
    var batch = SourceBatch()
    var records = 0
    var bytes = 0
    var staged = 0
    var errors = 0
    /// The last record of the batch that did not decode, with the output it was for.
    var latestError: (outputID: String, row: ErrorRow)?
    /// Per partition, the source's next offset once this batch is stored.
    var committed: [Int32: Int64] = [:]
}

/// A commit running in the store while the next batch is decoded.
struct InFlightCommit {
    var task: Task<Duration, any Error>
    var decoded: DecodedBatch
}

/// What one run of a source tracks between commits.
struct RunProgress {
    var startedAt: ContinuousClock.Instant
    /// The high watermarks when the run started; reaching them is the snapshot.
    var snapshotTarget: [Int32: Int64]
    var lastLog: ContinuousClock.Instant = .now
    var lastStatistics: ContinuousClock.Instant = .now
    var lastErrorStatus: ContinuousClock.Instant

    init(startedAt: ContinuousClock.Instant, snapshotTarget: [Int32: Int64], lastErrorStatus: ContinuousClock.Instant) {
        self.startedAt = startedAt
        self.snapshotTarget = snapshotTarget
        self.lastErrorStatus = lastErrorStatus
    }
}

extension SourceRuntime {
    /// Counts the batch as staged and starts storing it.
    func startCommit(_ decoded: DecodedBatch) -> InFlightCommit {
        counters.withLockedValue {
            $0.messagesReceived += Int64(decoded.records)
            $0.bytesReceived += Int64(decoded.bytes)
            $0.updatesStaged += Int64(decoded.staged)
        }
        let batch = decoded.batch
        let store = self.store
        let task = Task {
            let started = ContinuousClock.now
            if !batch.isEmpty { try await store.commit(batch) }
            return ContinuousClock.now - started
        }
        var kept = decoded
        kept.batch = SourceBatch()
        return InFlightCommit(task: task, decoded: kept)
    }

    /// Waits for the commit, then reports it: statistics, metrics, the latest decode error, progress lines.
    func finish(_ commit: InFlightCommit, progress: inout RunProgress) async throws {
        let latency = try await commit.task.value
        announceCommit(commit.decoded)
        let decoded = commit.decoded
        if decoded.staged > 0 || decoded.errors > 0 { metrics.commitLatency.record(duration: latency) }
        metrics.messages.increment(by: decoded.records)
        metrics.bytes.increment(by: decoded.bytes)
        metrics.committed.increment(by: decoded.staged)
        if decoded.errors > 0 { metrics.decodeErrors.increment(by: decoded.errors) }
        let now = ContinuousClock.now
        counters.withLockedValue { statistics in
            statistics.updatesCommitted += Int64(decoded.staged)
            statistics.decodeErrors += Int64(decoded.errors)
            for (partition, offset) in decoded.committed { statistics.partitions[partition]?.committed = offset }
            if !statistics.snapshotCommitted,
                progress.snapshotTarget.allSatisfy({ (decoded.committed[$0.key] ?? 0) >= $0.value })
            {
                statistics.snapshotCommitted = true
                statistics.rehydrationLatencyMilliseconds = Self.milliseconds(now - progress.startedAt)
            }
            Self.summarize(&statistics)
        }
        // The latest decode error names its record in the status, at most once per statistics interval.
        if let (outputID, latest) = decoded.latestError,
            now - progress.lastErrorStatus >= configuration.statisticsInterval
        {
            progress.lastErrorStatus = now
            let relation = spec.outputs.first { $0.id == outputID }?.definition.name ?? spec.name
            await environment.statusChanged(
                spec,
                SourceStatusUpdate(
                    .running,
                    error:
                        "record at partition \(latest.partition), offset \(latest.offset) did not decode: \(latest.reason)",
                    hint: "the record is kept with its raw bytes in \(relation)_errors"))
        }
        if now - progress.lastStatistics >= configuration.statisticsInterval {
            progress.lastStatistics = now
            await environment.statistics(spec, statistics)
        }
        if now - progress.lastLog >= configuration.progressLogInterval {
            progress.lastLog = now
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
}
