import NIOCore

/// Backoff and give-up bookkeeping for one operation that retries retriable failures.
struct RetryState: Sendable {
    let backoff: KafkaBackoff
    let timeout: TimeAmount
    private var failures = 0
    private var firstFailure: NIODeadline?

    init(configuration: KafkaConfiguration) {
        backoff = configuration.reconnectBackoff
        timeout = configuration.retryTimeout
    }

    init(backoff: KafkaBackoff, timeout: TimeAmount) {
        self.backoff = backoff
        self.timeout = timeout
    }

    mutating func succeeded() {
        failures = 0
        firstFailure = nil
    }

    /// How long to wait before the next attempt, or rethrows `error` once retrying has gone on longer than the
    /// retry timeout. Pure: the time is passed in.
    mutating func delay(after error: KafkaClientError, now: NIODeadline) throws -> TimeAmount {
        if firstFailure == nil { firstFailure = now }
        if now - firstFailure! > timeout { throw error }
        failures += 1
        return backoff.delay(afterFailures: failures)
    }

    /// Sleeps for the backoff, or rethrows `error` once retrying has gone on longer than the retry timeout.
    mutating func failed(_ error: KafkaClientError) async throws {
        let delay = try delay(after: error, now: .now())
        try await Task.sleep(nanoseconds: UInt64(max(0, delay.nanoseconds)))
    }
}

extension KafkaClientError {
    /// Whether retrying (after reconnecting or refreshing metadata) may succeed.
    public var isRetriable: Bool {
        switch code {
        case .connectionClosed, .timeout, .connect: true
        default: false
        }
    }
}
