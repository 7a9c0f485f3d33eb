import Foundation
import SQL
import Testing

@testable import Catalog

/// The subscription engine without a server: the multiset difference between two results, commit counts that wake
/// only the subscriptions of their source, and the update rows (snapshot, differences, progress) a subscription
/// emits as its query's result changes.
@Suite(.timeLimit(.minutes(1))) struct SubscriptionTests {
    /// A value tests change while a subscription reads it.
    final class Box<Value: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: Value
        init(_ value: Value) { stored = value }
        var value: Value {
            get { lock.withLock { stored } }
            set { lock.withLock { stored = newValue } }
        }
    }

    @Test func multisetDifferences() {
        let old = RowMultiset([["a"], ["b"], ["b"], [nil], ["c"]])
        let new = RowMultiset([["c"], ["b"], ["d"], ["d"], [nil]])
        #expect(old.total == 5)
        #expect(old.count(of: ["b"]) == 2)
        #expect(
            old.updates.map { "\($0.row) \($0.diff)" } == [
                "[Optional(\"a\")] 1", "[Optional(\"b\")] 2", "[nil] 1", "[Optional(\"c\")] 1",
            ])
        let changes = old.changes(to: new).map { ($0.row, $0.diff) }
        #expect(changes.map(\.0) == [["a"], ["b"], ["d"]])
        #expect(changes.map(\.1) == [-1, -1, 2])
        #expect(new.changes(to: new).isEmpty)
        #expect(RowMultiset().changes(to: old).map(\.diff) == [1, 2, 1, 1])
        #expect(old.changes(to: RowMultiset()).map(\.diff) == [-1, -2, -1, -1])
        // Rows differ by any column, NULL included.
        #expect(RowMultiset([["1", nil]]).changes(to: RowMultiset([["1", ""]])).map(\.diff) == [-1, 1])
    }

    @Test func aCommitWakesTheWaitersOfItsSourceOnly() async {
        let commits = SourceCommits()
        let known = commits.versions(of: ["u1"])
        let other = commits.versions(of: ["u2"])
        let u1 = Task { await commits.waitForChange(of: ["u1"], after: known) }
        let u2 = Task { await commits.waitForChange(of: ["u2"], after: other) }
        while commits.waiting < 2 { await Task.yield() }
        commits.committed("u1")
        await u1.value
        #expect(commits.waiting == 1)
        #expect(commits.versions(of: ["u1"]) != known)
        // Already changed: returns at once.
        await commits.waitForChange(of: ["u1"], after: known)
        commits.catalogChanged()
        await u2.value
        #expect(commits.waiting == 0)
    }

    @Test func aCancelledOrTimedWaitEnds() async {
        let commits = SourceCommits()
        let known = commits.versions(of: ["u1"])
        let waiting = Task { await commits.waitForChange(of: ["u1"], after: known) }
        while commits.waiting < 1 { await Task.yield() }
        waiting.cancel()
        await waiting.value
        #expect(commits.waiting == 0)
        await commits.waitForChange(of: ["u1"], after: known, until: .now + .milliseconds(20))
        #expect(commits.waiting == 0)
    }

    private func subscription(
        _ rows: Box<[[String?]]>, sources: Set<String> = ["u1"], commits: SourceCommits, snapshot: Bool = true,
        progress: Bool = false, clock: Box<UInt64> = Box(1000)
    ) -> Subscription {
        Subscription(
            queryColumns: [ResultColumn(name: "k", type: .text), ResultColumn(name: "v", type: .int4)],
            sources: sources, commits: commits, versions: commits.versions(of: sources), snapshot: rows.value,
            emitSnapshot: snapshot, progress: progress, now: { clock.value }, run: { rows.value })
    }

    @Test func snapshotThenTheDifferenceOfEachCommit() async throws {
        let commits = SourceCommits()
        let rows = Box<[[String?]]>([["a", "1"], ["b", "2"]])
        let clock = Box<UInt64>(1000)
        let subscription = subscription(rows, commits: commits, clock: clock)
        #expect(subscription.columns.map(\.name) == ["mz_timestamp", "mz_diff", "k", "v"])
        #expect(subscription.columns.map(\.type) == [.numeric, .int8, .text, .int4])
        #expect(
            try await subscription.next(maxRows: 10, wait: .forOne) == [
                ["1000", "1", "a", "1"], ["1000", "1", "b", "2"],
            ])
        // Nothing new: a zero timeout returns nothing.
        #expect(try await subscription.next(maxRows: 10, wait: .until(.now)) == [])

        // An upsert of b and a new key; the clock stands still, the timestamp still moves on.
        rows.value = [["a", "1"], ["b", "3"], ["c", "4"]]
        commits.committed("u1")
        #expect(
            try await subscription.next(maxRows: 10, wait: .forOne) == [
                ["1001", "-1", "b", "2"], ["1001", "1", "b", "3"], ["1001", "1", "c", "4"],
            ])
        // A tombstone, read by a fetch already waiting when the commit comes.
        clock.value = 5000
        let waiting = Task { try await subscription.next(maxRows: 10, wait: .forOne) }
        while commits.waiting < 1 { await Task.yield() }
        rows.value = [["b", "3"], ["c", "4"]]
        commits.committed("u1")
        #expect(try await waiting.value == [["5000", "-1", "a", "1"]])
        // A commit to another source wakes nothing; one that changes nothing emits nothing.
        commits.committed("u2")
        commits.committed("u1")
        #expect(try await subscription.next(maxRows: 10, wait: .until(.now + .milliseconds(20))) == [])
        // FETCH 1 takes one row at a time.
        rows.value = [["d", "5"], ["e", "6"]]
        commits.committed("u1")
        #expect(try await subscription.next(maxRows: 1, wait: .forOne).count == 1)
        #expect(try await subscription.next(maxRows: 5, wait: .until(.now)).count == 3)
    }

    @Test func progressRowsAndNoSnapshot() async throws {
        let commits = SourceCommits()
        let rows = Box<[[String?]]>([["a", "1"]])
        let subscription = subscription(rows, commits: commits, snapshot: false, progress: true)
        #expect(subscription.columns.map(\.name) == ["mz_timestamp", "mz_progressed", "mz_diff", "k", "v"])
        #expect(
            try await subscription.next(maxRows: 10, wait: .forOne) == [
                ["1000", "t", nil, nil, nil], ["1001", "t", nil, nil, nil],
            ])
        rows.value = [["a", "1"], ["a", "1"]]
        commits.committed("u1")
        #expect(
            try await subscription.next(maxRows: 10, wait: .forOne) == [
                ["1001", "f", "1", "a", "1"], ["1002", "t", nil, nil, nil],
            ])
        // With PROGRESS, a commit that changes nothing still says how far time got.
        commits.committed("u1")
        #expect(try await subscription.next(maxRows: 10, wait: .forOne) == [["1003", "t", nil, nil, nil]])
    }

    @Test func aQueryThatCannotChangeEndsAfterItsSnapshot() async throws {
        let commits = SourceCommits()
        let subscription = subscription(Box([["x", "1"]]), sources: [], commits: commits)
        #expect(try await subscription.next(maxRows: 10, wait: .forOne) == [["1000", "1", "x", "1"]])
        #expect(try await subscription.next(maxRows: 10, wait: .forOne) == [])
    }

    @Test func cancelStopsAWaitingFetch() async throws {
        let commits = SourceCommits()
        let subscription = subscription(Box([]), commits: commits)
        let result = Box<Result<[[String?]], SQLError>?>(nil)
        let done = Box<Bool>(false)
        subscription.fetch(maxRows: 10) { outcome in
            result.value = outcome
            done.value = true
        }
        while commits.waiting < 1 { await Task.yield() }
        subscription.cancel(SQLError.canceled)
        while !done.value { await Task.yield() }
        #expect(result.value.map { (try? $0.get()) == nil } == true)
        if case .failure(let error) = result.value { #expect(error.sqlState == "57014") }
        #expect(subscription.isContinual)
        // Every later fetch fails too.
        await #expect(throws: SQLError.canceled) { try await subscription.next(maxRows: 1, wait: .forOne) }
    }
}
