import Dispatch
import Foundation
import GRDB
import GRDBSQLite
import SQL

/// A query's result read on demand: the statement stays open on one of the pool's reading connections, whose
/// thread waits for the next request, reads that many rows and hands them over.
///
/// The reader is held while the cursor is open (as a PostgreSQL backend holds its portal), and released when
/// the rows run out, on `close`, on `cancel` and when its `statement_timeout` passes. Cancelling interrupts
/// SQLite (`sqlite3_interrupt`) only while this cursor's statement is open on the connection, so a later query
/// on the same reader is never hit.
final class QueryCursor: ResultCursor, @unchecked Sendable {
    typealias Completion = @Sendable (Result<[[String?]], SQLError>) -> Void

    private let condition = NSCondition()
    private var request: (maxRows: Int, completion: Completion)?
    /// Why the cursor stopped early (cancel, close, timeout); nil while it may still run.
    private var stopReason: SQLError?
    /// The connection running the statement, while it does; what `cancel` interrupts.
    private var connection: OpaquePointer?
    /// The reader has let go: the rows ran out, or the cursor stopped.
    private var finished = false
    private var timer: DispatchWorkItem?

    init(timeout milliseconds: Int?) {
        guard let milliseconds, milliseconds > 0 else { return }
        let item = DispatchWorkItem { [weak self] in self?.cancel(SQLError.timedOut) }
        timer = item
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds), execute: item)
    }

    deinit {
        timer?.cancel()
    }

    /// The error a stopped cursor reports, if it was stopped.
    var stopped: SQLError? {
        condition.withLock { stopReason }
    }

    func fetch(maxRows: Int, completion: @escaping Completion) {
        condition.lock()
        if finished || stopReason != nil {
            let reason = stopReason
            condition.unlock()
            completion(reason.map { .failure($0) } ?? .success([]))
            return
        }
        precondition(request == nil, "a cursor serves one fetch at a time")
        request = (maxRows, completion)
        condition.signal()
        condition.unlock()
    }

    func cancel(_ error: SQLError) {
        condition.lock()
        if stopReason == nil, !finished { stopReason = error }
        if let connection { sqlite3_interrupt(connection) }
        condition.signal()
        condition.unlock()
    }

    func close() {
        cancel(SQLError.canceled)
    }

    // MARK: - On the reading connection

    /// Marks the statement open on `db`, so `cancel` can interrupt it; false when the cursor was already stopped.
    func begin(on db: Database) -> Bool {
        condition.withLock {
            guard stopReason == nil else { return false }
            connection = db.sqliteConnection
            return true
        }
    }

    /// Answers requests from `rows` until the rows run out or the cursor stops, then lets go of the connection.
    /// Runs on the reader's thread, which waits here between requests.
    func serve(_ rows: GRDB.RowCursor, convert: (Row) -> [String?], error mapError: (any Error) -> SQLError) {
        while let (maxRows, completion) = nextRequest() {
            var batch: [[String?]] = []
            batch.reserveCapacity(min(maxRows, 4096))
            do {
                while batch.count < maxRows, let row = try rows.next() { batch.append(convert(row)) }
            } catch {
                completion(.failure(stopped ?? mapError(error)))
                break
            }
            completion(.success(batch))
            if batch.count < maxRows { break }
        }
        end()
    }

    /// Lets go of the connection; a request that arrived meanwhile is answered.
    func end() {
        condition.lock()
        finished = true
        connection = nil
        timer?.cancel()
        let pending = request
        request = nil
        let reason = stopReason
        condition.unlock()
        pending?.completion(reason.map { .failure($0) } ?? .success([]))
    }

    private func nextRequest() -> (Int, Completion)? {
        condition.lock()
        defer { condition.unlock() }
        while request == nil, stopReason == nil { condition.wait() }
        if let reason = stopReason {
            if let pending = request {
                request = nil
                pending.completion(.failure(reason))
            }
            return nil
        }
        let next = request!
        request = nil
        return next
    }
}

/// What callers hold of a `QueryCursor`: it closes the cursor when the last reference goes, so a result that is
/// dropped unread (a connection closing with a cursor declared) still releases its reading connection.
final class QueryCursorHandle: ResultCursor {
    let cursor: QueryCursor

    init(_ cursor: QueryCursor) {
        self.cursor = cursor
    }

    deinit {
        cursor.close()
    }

    func fetch(maxRows: Int, completion: @escaping @Sendable (Result<[[String?]], SQLError>) -> Void) {
        cursor.fetch(maxRows: maxRows, completion: completion)
    }

    func cancel(_ error: SQLError) {
        cursor.cancel(error)
    }

    func close() {
        cursor.close()
    }
}
