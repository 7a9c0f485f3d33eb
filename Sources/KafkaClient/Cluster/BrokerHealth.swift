import NIOCore

/// Reconnection bookkeeping for one broker: consecutive failures and when the next attempt may start.
///
/// Pure: the current time is passed in, so backoff is tested without sleeping.
struct BrokerHealth: Sendable, Equatable {
    private(set) var failures = 0
    private(set) var nextAttempt: NIODeadline = .uptimeNanoseconds(0)
    private(set) var lastError: String?

    mutating func failed(now: NIODeadline, backoff: KafkaBackoff, error: String) {
        failures += 1
        nextAttempt = now + backoff.delay(afterFailures: failures)
        lastError = error
    }

    mutating func succeeded() {
        failures = 0
        nextAttempt = .uptimeNanoseconds(0)
        lastError = nil
    }

    /// How long to wait at `now` before dialling again.
    func wait(now: NIODeadline) -> TimeAmount {
        nextAttempt > now ? nextAttempt - now : .zero
    }
}
