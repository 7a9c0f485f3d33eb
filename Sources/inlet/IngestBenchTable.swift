import Foundation

/// The figures of one partition count and how `inlet bench ingest` prints them: rates, then the ratios next to
/// their targets, then latency during ingest.
struct IngestBenchTable {
    typealias Figure = KafkaBenchCommand.Figure

    let settings: IngestBenchSettings
    let partitions: Int32
    var produceNone: Figure?
    var produceUpsert: Figure?
    var consume: Figure?
    /// Every run of the store limit NONE and of end-to-end NONE (the table's figure is their median).
    var storeNoneRuns: [Figure] = []
    var storeNone: Figure? { Self.median(storeNoneRuns) }
    var storeUpsert: Figure?
    var peerNone: Figure?
    var peerUpsert: Figure?
    var endToEndNoneRuns: [Figure] = []
    var endToEndNone: Figure? { Self.median(endToEndNoneRuns) }
    var endToEndUpsert: Figure?
    var probedIngest: Figure?
    var probes: [String: [Double]] = [:]
    var freshness: FreshnessBench.Result?
    var peakResidentBytes: Int?

    /// The ratio targets: end-to-end against the store's limit and the Python peer.
    static let storeTarget = 0.8
    static let peerTarget = 4.0
    static let upsertPeerTarget = 2.0
    static let freshnessTargetMilliseconds = 100.0
    static let residentTargetMegabytes = 200.0

    /// The run with the median rate (the lower middle one of an even count).
    static func median(_ runs: [Figure]) -> Figure? {
        let sorted = runs.sorted { $0.recordsPerSecond < $1.recordsPerSecond }
        return sorted.isEmpty ? nil : sorted[(sorted.count - 1) / 2]
    }

    func print() {
        let fixed = BenchFigures.fixed
        let keys = "\(settings.keys) keys"
        Swift.print(
            "\n== \(partitions) partition\(partitions == 1 ? "" : "s"): \(settings.records) records x "
                + "\(settings.size) B ==")
        Swift.print(
            Self.pad("", 48, left: false) + Self.pad("records/s", 11) + Self.pad("MB/s", 8) + Self.pad("seconds", 9)
                + Self.pad("cpu ns/record", 15))
        let rows: [(String, Figure?)] = [
            ("produce NONE topic (Inlet KafkaProducer)", produceNone),
            ("produce UPSERT topic, \(keys)", produceUpsert),
            ("raw consume (Inlet client, bench kafka path)", consume),
            ("store limit NONE (SQLiteSourceStore, commits with their checkpoints)", storeNone),
            ("store limit UPSERT, \(keys)", storeUpsert),
            ("end-to-end NONE (inlet serve)", endToEndNone),
            ("end-to-end UPSERT, \(keys)", endToEndUpsert),
            ("python peer NONE (confluent-kafka + sqlite3)", peerNone),
            ("python peer UPSERT, \(keys)", peerUpsert),
        ]
        for (name, figure) in rows {
            guard let figure else { continue }
            let cpu = figure.cpuSeconds.map { fixed($0 / Double(figure.records) * 1e9, 0) } ?? "-"
            Swift.print(
                Self.pad(name, 48, left: false) + Self.pad(fixed(figure.recordsPerSecond, 0), 11)
                    + Self.pad(fixed(figure.megabytesPerSecond, 1), 8) + Self.pad(fixed(figure.seconds, 3), 9)
                    + Self.pad(cpu, 15))
        }
        for (name, runs) in [("store limit NONE", storeNoneRuns), ("end-to-end NONE", endToEndNoneRuns)]
        where runs.count > 1 {
            Swift.print(
                "\(name): median of \(runs.count) runs, records/s "
                    + runs.map { fixed($0.recordsPerSecond, 0) }.joined(separator: " / "))
        }
        Swift.print(
            "cpu: store rows are this process's from the first commit to the last (building the next batch and the "
                + "checkpoints included), end-to-end rows inlet serve's (/proc/PID/stat), "
                + "python rows the peer's (librdkafka's threads included)")

        Swift.print("targets")
        ratio("end-to-end NONE / store limit NONE", endToEndNone, storeNone, target: Self.storeTarget)
        ratio("end-to-end NONE / python peer NONE", endToEndNone, peerNone, target: Self.peerTarget)
        ratio("end-to-end UPSERT / python peer UPSERT", endToEndUpsert, peerUpsert, target: Self.upsertPeerTarget)
        ratio("end-to-end UPSERT / store limit UPSERT", endToEndUpsert, storeUpsert, target: nil)
        ratio("end-to-end NONE / raw consume", endToEndNone, consume, target: nil)
        if let freshness {
            Swift.print(
                Self.pad("  freshness p99 at \(settings.rate) records/s", 48, left: false)
                    + Self.pad(fixed(freshness.p99Milliseconds, 1) + " ms", 11)
                    + "   target <= \(fixed(Self.freshnessTargetMilliseconds, 0)) ms "
                    + Self.verdict(freshness.p99Milliseconds <= Self.freshnessTargetMilliseconds))
            Swift.print(
                "    p50 \(fixed(freshness.p50Milliseconds, 1)) ms, max \(fixed(freshness.maxMilliseconds, 1)) ms over "
                    + "\(freshness.records) records at \(fixed(freshness.achievedRate, 0)) records/s achieved; "
                    + "resolution \(fixed(settings.pollMilliseconds, 0)) ms (progress polled every "
                    + "\(fixed(settings.pollMilliseconds, 0)) ms over one pgwire connection)")
        }
        if let peakResidentBytes {
            let megabytes = Double(peakResidentBytes) / 1_048_576
            Swift.print(
                Self.pad("  peak RSS of inlet serve (VmHWM)", 48, left: false)
                    + Self.pad(fixed(megabytes, 0) + " MiB", 11)
                    + "   target <= \(fixed(Self.residentTargetMegabytes, 0)) MiB "
                    + Self.verdict(megabytes <= Self.residentTargetMegabytes))
        }

        guard let probedIngest else { return }
        Swift.print(
            "latency during full-speed ingest (UPSERT of \(probedIngest.records) records at "
                + "\(fixed(probedIngest.recordsPerSecond, 0)) records/s; one statement every "
                + "\(fixed(settings.probeGapMilliseconds, 0)) ms on a second connection)")
        for label in probes.keys.sorted() {
            let samples = probes[label] ?? []
            let p50 = BenchFigures.percentile(samples, 0.5).map { fixed($0, 2) } ?? "-"
            let p99 = BenchFigures.percentile(samples, 0.99).map { fixed($0, 2) } ?? "-"
            Swift.print(
                Self.pad("  " + label, 48, left: false) + "p50 " + Self.pad(p50, 7) + " ms   p99 " + Self.pad(p99, 7)
                    + " ms   (\(samples.count) samples)")
        }
    }

    private func ratio(_ name: String, _ numerator: Figure?, _ denominator: Figure?, target: Double?) {
        guard let numerator, let denominator else { return }
        let value = numerator.recordsPerSecond / denominator.recordsPerSecond
        let goal = target.map { "   target >= \(BenchFigures.fixed($0, $0 < 1 ? 2 : 0))x " + Self.verdict(value >= $0) }
        Swift.print(
            Self.pad("  " + name, 48, left: false) + Self.pad(BenchFigures.fixed(value, 2) + "x", 11) + (goal ?? ""))
    }

    private static func verdict(_ met: Bool) -> String { met ? "ok" : "MISSED" }

    private static func pad(_ text: String, _ width: Int, left: Bool = true) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? fill + text : text + fill
    }
}
