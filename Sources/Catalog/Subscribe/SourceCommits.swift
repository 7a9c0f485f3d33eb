import Foundation

/// How many commits each source has stored, with the subscriptions waiting for the next one: the source runtime
/// counts a commit once its rows are readable, and a subscription that read at one count waits for another.
///
/// Waiting is on a continuation per waiter, keyed by the sources that waiter reads, so a commit to one source wakes
/// only the subscriptions that read it; nothing polls.
public final class SourceCommits: @unchecked Sendable {
    /// What a subscription saw: per source it reads, the commit count, and the count of catalog changes.
    public struct Versions: Hashable, Sendable {
        var commits: [String: UInt64]
        var catalog: UInt64
    }

    private struct Waiter {
        var sources: Set<String>
        var known: Versions
        var continuation: CheckedContinuation<Void, Never>
    }

    private let lock = NSLock()
    private var commits: [String: UInt64] = [:]
    private var catalog: UInt64 = 0
    private var waiters: [UInt64: Waiter] = [:]
    private var nextWaiter: UInt64 = 0
    /// Waiters cancelled before they registered.
    private var cancelled: Set<UInt64> = []

    public init() {}

    /// The counts now, for the sources in `sources`.
    public func versions(of sources: Set<String>) -> Versions {
        lock.withLock { current(sources) }
    }

    /// A commit of `source` is stored and readable.
    public func committed(_ source: String) {
        let woken = lock.withLock {
            commits[source, default: 0] &+= 1
            return take { $0.sources.contains(source) }
        }
        for waiter in woken { waiter.continuation.resume() }
    }

    /// The catalog changed in a way that can end what subscriptions read (a relation or view dropped): every
    /// subscription reads again, and finds out.
    public func catalogChanged() {
        let woken = lock.withLock {
            catalog &+= 1
            return take { _ in true }
        }
        for waiter in woken { waiter.continuation.resume() }
    }

    /// Returns once the counts of `sources` differ from `known` (at once if they already do), or when the task is
    /// cancelled.
    public func waitForChange(of sources: Set<String>, after known: Versions) async {
        let id = lock.withLock {
            nextWaiter &+= 1
            return nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lock.lock()
                if cancelled.remove(id) != nil || current(sources) != known {
                    lock.unlock()
                    continuation.resume()
                    return
                }
                waiters[id] = Waiter(sources: sources, known: known, continuation: continuation)
                lock.unlock()
            }
        } onCancel: {
            lock.lock()
            if let waiter = waiters.removeValue(forKey: id) {
                lock.unlock()
                waiter.continuation.resume()
            } else {
                cancelled.insert(id)
                lock.unlock()
            }
        }
        // The cancellation handler has run or never will: forget a mark it left after the wait ended.
        lock.withLock { _ = cancelled.remove(id) }
    }

    /// As `waitForChange(of:after:)`, giving up at `deadline`.
    public func waitForChange(of sources: Set<String>, after known: Versions, until deadline: ContinuousClock.Instant)
        async
    {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForChange(of: sources, after: known) }
            group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
            _ = await group.next()
            group.cancelAll()
        }
    }

    /// How many subscriptions are waiting, for tests.
    var waiting: Int { lock.withLock { waiters.count } }

    // MARK: - Under the lock

    private func current(_ sources: Set<String>) -> Versions {
        var counts: [String: UInt64] = [:]
        for source in sources { counts[source] = commits[source] ?? 0 }
        return Versions(commits: counts, catalog: catalog)
    }

    /// Removes and returns the waiters whose sources changed by this event.
    private func take(_ affected: (Waiter) -> Bool) -> [Waiter] {
        var woken: [Waiter] = []
        for (id, waiter) in waiters where affected(waiter) && current(waiter.sources) != waiter.known {
            woken.append(waiter)
            waiters[id] = nil
        }
        return woken
    }
}
