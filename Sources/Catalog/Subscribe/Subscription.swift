import Foundation
import SQL

/// A running `SUBSCRIBE`: its query's result at the start, then, after every commit of a source the query reads,
/// the difference between the query's result then and its previous result, as Materialize's update rows
/// (`mz_timestamp`, [`mz_progressed`,] `mz_diff`, the query's columns).
///
/// Nothing is computed ahead of the reader: a fetch that finds no rows waits for the next commit of the sources it
/// reads (`SourceCommits`), runs the query again and emits the difference, so a slow reader sees several commits
/// folded into one difference instead of an ever-growing queue. A query that reads no source (a constant, the
/// catalog's relations) cannot change: its snapshot is all there is, and the subscription ends after it.
public final class Subscription: ResultCursor, @unchecked Sendable {
    /// How long a fetch waits for rows.
    public enum Wait: Sendable, Equatable {
        /// Until there is at least one row (FETCH without a timeout, COPY and plain SUBSCRIBE).
        case forOne
        /// Until there are as many rows as asked for, or `deadline` passes (FETCH … WITH (timeout = …)).
        case until(ContinuousClock.Instant)
    }

    /// The subscription's columns: `mz_timestamp`, with PROGRESS `mz_progressed`, `mz_diff`, then the query's.
    public let columns: [ResultColumn]
    /// The ids of the sources whose commits can change the query's result; empty when nothing can.
    public let sources: Set<String>
    private let progress: Bool
    private let commits: SourceCommits
    private let run: @Sendable () async throws(SQLError) -> [[String?]]
    private let now: @Sendable () -> UInt64

    private let lock = NSLock()
    private var pending: [[String?]] = []
    private var pendingStart = 0
    private var previous: RowMultiset
    private var versions: SourceCommits.Versions
    /// The timestamp of the last updates emitted: the next ones are later.
    private var timestamp: UInt64
    private var stopReason: SQLError?
    private var fetchTask: Task<Void, Never>?

    /// The columns Materialize puts before the query's.
    public static func leadingColumns(progress: Bool) -> [ResultColumn] {
        [ResultColumn(name: "mz_timestamp", type: .numeric)]
            + (progress ? [ResultColumn(name: "mz_progressed", type: .bool)] : [])
            + [ResultColumn(name: "mz_diff", type: .int8)]
    }

    /// - Parameters:
    ///   - snapshot: the query's result, read after `versions` were taken.
    ///   - emitSnapshot: whether the snapshot's rows are emitted (`SNAPSHOT = true`) or only diffed against.
    ///   - run: runs the query again, returning its rows in the snapshot's types.
    ///   - now: milliseconds since the epoch, the timestamps' clock.
    public init(
        queryColumns: [ResultColumn], sources: Set<String>, commits: SourceCommits, versions: SourceCommits.Versions,
        snapshot: [[String?]], emitSnapshot: Bool, progress: Bool,
        now: @escaping @Sendable () -> UInt64 = Subscription.milliseconds,
        run: @escaping @Sendable () async throws(SQLError) -> [[String?]]
    ) {
        columns = Self.leadingColumns(progress: progress) + queryColumns
        self.sources = sources
        self.commits = commits
        self.versions = versions
        self.progress = progress
        self.run = run
        self.now = now
        let start = now()
        timestamp = start
        previous = RowMultiset(snapshot)
        if progress { pending.append(progressRow(start)) }
        if emitSnapshot { append(previous.updates, at: start) }
        if progress { pending.append(progressRow(start + 1)) }
    }

    public static let milliseconds: @Sendable () -> UInt64 = {
        UInt64(max(0, (Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }

    public var isContinual: Bool { true }

    /// Up to `maxRows` update rows, waiting as `wait` says; empty when the subscription has ended (its query reads
    /// nothing that can change and every row was read), or when a deadline passed with nothing new.
    public func next(maxRows: Int, wait: Wait) async throws(SQLError) -> [[String?]] {
        while true {
            if let reason = lock.withLock({ stopReason }) { throw reason }
            if Task.isCancelled { throw SQLError.canceled }
            let ready = lock.withLock { pending.count - pendingStart }
            if ready >= maxRows || sources.isEmpty { return take(maxRows) }
            let known = lock.withLock { versions }
            let current = commits.versions(of: sources)
            if current != known {
                do throws(SQLError) {
                    try await refresh(seen: current)
                } catch {
                    throw lock.withLock { stopReason } ?? error
                }
                continue
            }
            switch wait {
            case .forOne:
                if ready > 0 { return take(maxRows) }
                await commits.waitForChange(of: sources, after: known)
            case .until(let deadline):
                if ContinuousClock.now >= deadline { return take(maxRows) }
                await commits.waitForChange(of: sources, after: known, until: deadline)
            }
        }
    }

    /// Runs the query again and queues its difference from the previous result; `seen` are the commit counts taken
    /// before it runs, so a commit while it runs makes another run.
    private func refresh(seen: SourceCommits.Versions) async throws(SQLError) {
        let rows = try await run()
        let result = RowMultiset(rows)
        lock.withLock {
            versions = seen
            let changes = previous.changes(to: result)
            previous = result
            guard !changes.isEmpty || progress else { return }
            timestamp = max(now(), timestamp + 1)
            append(changes, at: timestamp)
            if progress { pending.append(progressRow(timestamp + 1)) }
        }
    }

    private func append(_ updates: [(row: [String?], diff: Int)], at timestamp: UInt64) {
        let time = String(timestamp)
        for (row, diff) in updates {
            pending.append([time] + (progress ? ["f"] : []) + [String(diff)] + row)
        }
    }

    private func progressRow(_ timestamp: UInt64) -> [String?] {
        [String(timestamp), "t", nil] + Array(repeating: nil, count: columns.count - 3)
    }

    private func take(_ maxRows: Int) -> [[String?]] {
        lock.withLock {
            let end = pendingStart + min(maxRows, pending.count - pendingStart)
            let rows = Array(pending[pendingStart..<end])
            pendingStart = end
            if pendingStart == pending.count {
                pending.removeAll(keepingCapacity: true)
                pendingStart = 0
            } else if pendingStart > 4096, pendingStart * 2 > pending.count {
                pending.removeFirst(pendingStart)
                pendingStart = 0
            }
            return rows
        }
    }

    // MARK: - ResultCursor

    /// For the wire's streaming (COPY, plain SUBSCRIBE): waits for at least one row.
    public func fetch(maxRows: Int, completion: @escaping @Sendable (Result<[[String?]], SQLError>) -> Void) {
        let task = Task {
            do throws(SQLError) {
                completion(.success(try await next(maxRows: maxRows, wait: .forOne)))
            } catch {
                completion(.failure(error))
            }
        }
        let stopped = lock.withLock {
            fetchTask = task
            return stopReason != nil
        }
        if stopped { task.cancel() }
    }

    /// Stops the subscription: a fetch waiting now, and every later one, fails with `error`.
    public func cancel(_ error: SQLError) {
        let task = lock.withLock {
            if stopReason == nil { stopReason = error }
            return fetchTask
        }
        task?.cancel()
    }

    public func close() {
        cancel(SQLError.canceled)
    }
}
