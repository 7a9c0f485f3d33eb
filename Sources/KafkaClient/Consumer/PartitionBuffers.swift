import NIOConcurrencyHelpers

/// How many records of each partition wait in the consumer's buffer, so fetches leave out partitions whose
/// share is full (back-pressure per partition) and resume them when the reader has taken enough.
///
/// Fetches add, the reader takes; `waitForRoom(after:)` suspends the fetch planner until some partition
/// drops below its limit again.
final class PartitionBuffers: Sendable {
    private struct State {
        var counts: [Int32: Int] = [:]
        /// Bumped whenever a partition drops below the limit.
        var generation = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
        /// Records one partition may have buffered before it is left out of fetches.
        var limit: Int
    }

    private let state: NIOLockedValueBox<State>

    init(limit: Int) { state = NIOLockedValueBox(State(limit: Swift.max(1, limit))) }

    /// Records one partition may have buffered before it is left out of fetches.
    var limit: Int {
        get { state.withLockedValue { $0.limit } }
        set { state.withLockedValue { $0.limit = Swift.max(1, newValue) } }
    }

    func added(_ count: Int, to partition: Int32) {
        state.withLockedValue { $0.counts[partition, default: 0] += count }
    }

    func taken(_ count: Int, from partition: Int32) {
        let waiters: [CheckedContinuation<Void, Never>] = state.withLockedValue { state in
            let before = state.counts[partition, default: 0]
            let after = Swift.max(0, before - count)
            state.counts[partition] = after
            guard before >= state.limit, after < state.limit else { return [] }
            state.generation += 1
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// The partitions among `partitions` whose buffer has room, and the generation to wait on when some do not.
    func withRoom(_ partitions: some Sequence<Int32>) -> (partitions: Set<Int32>, generation: Int) {
        state.withLockedValue { state in
            (Set(partitions.filter { state.counts[$0, default: 0] < state.limit }), state.generation)
        }
    }

    /// Returns once a partition has dropped below the limit since `generation` was read, or on cancellation.
    func waitForRoom(after generation: Int) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLockedValue { state -> Bool in
                    if state.generation != generation || Task.isCancelled { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiters = state.withLockedValue { state in
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
    }
}
