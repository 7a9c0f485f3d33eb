import NIOConcurrencyHelpers

/// Holds the first task that passes until the test releases it, and lets the test wait until one has arrived:
/// a way to stop code at a chosen point (a test hook) and run something else there, without sleeping.
public final class TestGate: Sendable {
    private struct State {
        var armed = true
        var parked: CheckedContinuation<Void, Never>?
        var released = false
    }

    private let state = NIOLockedValueBox(State())
    private let arrivals: AsyncStream<Void>
    private let arrival: AsyncStream<Void>.Continuation

    public init() {
        (arrivals, arrival) = AsyncStream.makeStream(of: Void.self)
    }

    /// Parks the first caller until `release()`; later callers (and any after the release) pass at once.
    public func pass() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let parks = state.withLockedValue { state -> Bool in
                guard state.armed, !state.released else { return false }
                state.armed = false
                state.parked = continuation
                return true
            }
            if parks { arrival.yield() } else { continuation.resume() }
        }
    }

    /// Returns once a caller is parked in `pass()`.
    public func arrived() async {
        for await _ in arrivals { return }
    }

    /// Lets the parked caller (if any) go on, and every later one.
    public func release() {
        let parked = state.withLockedValue { state in
            state.released = true
            defer { state.parked = nil }
            return state.parked
        }
        parked?.resume()
    }
}
