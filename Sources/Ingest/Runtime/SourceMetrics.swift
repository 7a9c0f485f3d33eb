import Metrics

/// A source's metrics through swift-metrics (Prometheus text with `inlet serve --metrics-listen`): records and
/// bytes ingested, updates committed, decode errors, commit latency, lag per partition, and whether it runs.
struct SourceMetrics: Sendable {
    let messages: Counter
    let bytes: Counter
    let committed: Counter
    let decodeErrors: Counter
    let commitLatency: Timer
    let running: Gauge
    private let source: String

    init(source: String) {
        self.source = source
        let dimensions = [("source", source)]
        messages = Counter(label: "inlet_source_messages_total", dimensions: dimensions)
        bytes = Counter(label: "inlet_source_bytes_total", dimensions: dimensions)
        committed = Counter(label: "inlet_source_updates_committed_total", dimensions: dimensions)
        decodeErrors = Counter(label: "inlet_source_decode_errors_total", dimensions: dimensions)
        commitLatency = Timer(
            label: "inlet_source_commit_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
        running = Gauge(label: "inlet_source_running", dimensions: dimensions)
    }

    /// The lag of one partition: high watermark minus the committed next offset.
    func lag(partition: Int32, _ value: Int64) {
        Gauge(label: "inlet_source_lag", dimensions: [("source", source), ("partition", String(partition))])
            .record(value)
    }
}
