import Foundation
import KafkaClient
import NIOCore

/// Freshness of a running source: from a record's produce acknowledgement to its row being visible in SELECT, at
/// a steady rate.
///
/// A paced producer sends `rate` records per second with explicit partitions and waits for the last record of each
/// partition of every 1 ms tick with `sendAndWait`, stamping the acknowledgement with CLOCK_MONOTONIC; since a
/// partition's records are acknowledged in offset order, a record's acknowledgement is taken as that of the first
/// stamped record at or after it (exact when both were in one batch). `ingest_probe.py watch` polls the progress
/// relation every `pollMilliseconds` over one connection and stamps when each partition's next offset moved;
/// rows and offsets commit in one transaction, so that is when the rows became visible.
struct FreshnessBench {
    let settings: IngestBenchSettings
    let partitions: Int32

    struct Result {
        var records: Int
        var achievedRate: Double
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var maxMilliseconds: Double
    }

    private struct Stamp {
        var partition: Int32
        var offset: Int64
        var nanoseconds: Int64
    }

    func run(cluster: KafkaCluster, serve: BenchServeProcess, topic: String) async throws -> Result {
        let python = BenchPython(settings: settings)
        let producer = KafkaProducer(cluster: cluster, configuration: .init(acks: .all, linger: .milliseconds(5)))
        // One record per partition first, so the source runs and has caught up before the clock matters.
        for partition in 0..<partitions {
            try await producer.send(.init(topic: topic, partition: partition, value: ByteBuffer(string: "warm-up")))
        }
        try await producer.flush()
        _ = try python.ingest(
            port: serve.port, create: IngestBenchSQL.createSource("fresh", topic: topic, upsert: false),
            progress: "fresh_progress", target: Int(partitions))

        let count = Int(Double(settings.rate) * settings.freshnessSeconds)
        let output = serve.directory.appendingPathComponent("watch.txt")
        let ready = serve.directory.appendingPathComponent("watch.ready")
        let watcher = try python.start(
            [
                python.script("ingest_probe.py"), "watch", "--port", "\(serve.port)", "--progress", "fresh_progress",
                "--total", "\(count + Int(partitions))", "--ready", ready.path, "--poll-ms",
                "\(settings.pollMilliseconds)",
            ], output: output)
        let readyBy = ContinuousClock.now + .seconds(30)
        while !FileManager.default.fileExists(atPath: ready.path) {
            guard watcher.isRunning, ContinuousClock.now < readyBy else {
                if watcher.isRunning { kill(watcher.processIdentifier, SIGKILL) }
                throw BenchFailure("ingest_probe.py watch did not start polling fresh_progress")
            }
            try await Task.sleep(for: .milliseconds(10))
        }

        let start = ContinuousClock.now
        let (stamps, sent) = try await pacedProduce(producer, topic: topic, count: count)
        let seconds = BenchFigures.seconds(ContinuousClock.now - start)
        let doneBy = ContinuousClock.now + .seconds(60)
        while watcher.isRunning, ContinuousClock.now < doneBy { try await Task.sleep(for: .milliseconds(10)) }
        if watcher.isRunning { kill(watcher.processIdentifier, SIGKILL) }
        watcher.waitUntilExit()
        guard watcher.terminationStatus == 0 else {
            throw BenchFailure("fresh_progress did not show all \(count) paced records within 60 s of the last one")
        }
        let visible = try Self.visibility(String(contentsOf: output, encoding: .utf8))
        var latencies = Self.latencies(stamps: stamps, sent: sent, visible: visible)
        latencies.sort()
        return Result(
            records: count, achievedRate: Double(count) / seconds,
            p50Milliseconds: BenchFigures.percentile(latencies, 0.5) ?? .nan,
            p99Milliseconds: BenchFigures.percentile(latencies, 0.99) ?? .nan,
            maxMilliseconds: latencies.last ?? .nan)
    }

    /// Sends `count` records at `rate` per second, round-robin over the partitions; returns the stamped records
    /// and how many went to each partition.
    private func pacedProduce(_ producer: KafkaProducer, topic: String, count: Int) async throws
        -> ([Stamp], [Int])
    {
        let partitionCount = Int(partitions)
        let rate = Double(settings.rate)
        var template = [UInt8](repeating: UInt8(ascii: "x"), count: settings.size)
        var digits = [UInt8](repeating: 0, count: 20)
        var sent = [Int](repeating: 0, count: partitionCount)
        let start = ContinuousClock.now
        let stamps = try await withThrowingTaskGroup(of: Stamp.self, returning: [Stamp].self) { group in
            var produced = 0
            var bulk: [KafkaProducerMessage] = []
            while produced < count {
                let due = min(count, Int(rate * BenchFigures.seconds(ContinuousClock.now - start)) + 1)
                if due > produced {
                    var last = [KafkaProducerMessage?](repeating: nil, count: partitionCount)
                    for index in produced..<due {
                        let partition = index % partitionCount
                        BenchFigures.writeRecordValue(index, into: &template, digits: &digits)
                        if let previous = last[partition] { bulk.append(previous) }
                        last[partition] = KafkaProducerMessage(
                            topic: topic, partition: Int32(partition), value: ByteBuffer(bytes: template))
                        sent[partition] += 1
                    }
                    produced = due
                    try await producer.send(contentsOf: bulk)
                    bulk.removeAll(keepingCapacity: true)
                    for case let marker? in last {
                        group.addTask {
                            let record = try await producer.sendAndWait(marker)
                            return Stamp(
                                partition: record.partition, offset: record.offset,
                                nanoseconds: BenchFigures.monotonicNanoseconds())
                        }
                    }
                }
                try await Task.sleep(for: .milliseconds(1))
            }
            var stamps: [Stamp] = []
            for try await stamp in group { stamps.append(stamp) }
            return stamps
        }
        try await producer.flush()
        return (stamps, sent)
    }

    /// The watcher's lines ("T P:O P:O …") as, per partition, (time, next offset) in time order.
    private static func visibility(_ text: String) throws -> [Int32: [(nanoseconds: Int64, next: Int64)]] {
        var result: [Int32: [(nanoseconds: Int64, next: Int64)]] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let time = fields.first.flatMap({ Int64($0) }) else {
                throw BenchFailure("ingest_probe.py watch printed a line I cannot read: \(line)")
            }
            for field in fields.dropFirst() {
                let parts = field.split(separator: ":")
                guard parts.count == 2, let partition = Int32(parts[0]), let next = Int64(parts[1]) else { continue }
                if result[partition]?.last?.next != next { result[partition, default: []].append((time, next)) }
            }
        }
        return result
    }

    /// Milliseconds from acknowledgement to visibility for every paced record.
    private static func latencies(
        stamps: [Stamp], sent: [Int], visible: [Int32: [(nanoseconds: Int64, next: Int64)]]
    ) -> [Double] {
        var result: [Double] = []
        result.reserveCapacity(sent.reduce(0, +))
        for (index, count) in sent.enumerated() where count > 0 {
            let partition = Int32(index)
            let marks = stamps.filter { $0.partition == partition }.sorted { $0.offset < $1.offset }
            guard let lastOffset = marks.last?.offset, let seen = visible[partition] else { continue }
            var mark = 0
            var seenIndex = 0
            for offset in (lastOffset - Int64(count) + 1)...lastOffset {
                while marks[mark].offset < offset { mark += 1 }
                while seenIndex < seen.count - 1, seen[seenIndex].next <= offset { seenIndex += 1 }
                guard seen[seenIndex].next > offset else { break }
                result.append(Double(seen[seenIndex].nanoseconds - marks[mark].nanoseconds) / 1e6)
            }
        }
        return result
    }
}
