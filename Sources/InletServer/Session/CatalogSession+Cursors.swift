import Catalog
import SQL

/// A cursor of DECLARE: the query's columns, the rows read ahead with its first batch, and the engine's cursor for
/// the rest (nil once exhausted).
struct DeclaredCursor {
    var columns: [ResultColumn]
    var buffered: ArraySlice<[String?]>
    var cursor: (any ResultCursor)?
    var withHold: Bool
    /// For `DECLARE … CURSOR FOR SUBSCRIBE`: the subscription (also `cursor`, so closing the cursor stops it).
    var subscription: Subscription?
}

extension CatalogSession {
    /// DECLARE opens the query (its first batch is read); FETCH reads on from where the last one stopped, in
    /// O(rows fetched); CLOSE, COMMIT and ROLLBACK end it (WITH HOLD cursors survive the transaction's end).
    func runCursor(_ command: CursorCommand) async throws(SQLError) -> StatementResult {
        switch command {
        case .declareSubscribe(let name, let subscribe):
            try checkDeclare(name, withHold: false)
            let subscription = try await openSubscription(subscribe)
            let declared = DeclaredCursor(
                columns: subscription.columns, buffered: [], cursor: subscription, withHold: false,
                subscription: subscription)
            lock.withLock { cursors[name] = declared }
            return .command("DECLARE CURSOR")
        case .declare(let name, let query, let withHold):
            try checkDeclare(name, withHold: withHold)
            // statement_timeout is for each FETCH in PostgreSQL, not for the life of the cursor.
            let result = try await engine.catalog.openQuery(query, context: queryContext)
            let declared = DeclaredCursor(
                columns: result.columns ?? [], buffered: result.rows[...], cursor: result.cursor, withHold: withHold)
            lock.withLock { cursors[name] = declared }
            return .command("DECLARE CURSOR")
        case .fetch(let name, let count, let timeout):
            return try await fetch(name, count: count, timeout: timeout)
        case .close(let name?):
            let removed = lock.withLock { cursors.removeValue(forKey: name) }
            guard let removed else { throw Self.missingCursor(name) }
            removed.cursor?.close()
            return .command("CLOSE CURSOR")
        case .close(nil):
            closeCursors(keepingHeld: false)
            return .command("CLOSE CURSOR")
        }
    }

    private func checkDeclare(_ name: String, withHold: Bool) throws(SQLError) {
        let (exists, inTransaction) = lock.withLock { (cursors[name] != nil, self.inTransaction) }
        guard withHold || inTransaction else {
            throw SQLError(
                sqlState: "25P01", message: "DECLARE CURSOR can only be used in transaction blocks",
                hint: "run BEGIN first, or declare the cursor WITH HOLD")
        }
        guard !exists else {
            throw SQLError(sqlState: "42P03", message: "cursor \"\(name)\" already exists", hint: "CLOSE it first")
        }
    }

    func cursorColumns(_ name: String) throws(SQLError) -> [ResultColumn] {
        guard let columns = lock.withLock({ cursors[name]?.columns }) else { throw Self.missingCursor(name) }
        return columns
    }

    /// Ends the cursors (at COMMIT or ROLLBACK, those declared WITH HOLD stay when `keepingHeld`).
    func closeCursors(keepingHeld: Bool) {
        let closed = lock.withLock {
            let closing = cursors.filter { !keepingHeld || !$0.value.withHold }
            for name in closing.keys { cursors[name] = nil }
            return closing.values
        }
        for cursor in closed { cursor.cursor?.close() }
    }

    private func fetch(_ name: String, count: Int?, timeout: Duration?) async throws(SQLError) -> StatementResult {
        // Taken out while it is read, so a FETCH of another cursor meanwhile cannot see it half-read.
        guard var declared = lock.withLock({ cursors.removeValue(forKey: name) }) else {
            throw Self.missingCursor(name)
        }
        let wanted = count ?? Int.max
        if let subscription = declared.subscription {
            return try await fetch(subscription, declared, name: name, count: wanted, timeout: timeout)
        }
        var rows = Array(declared.buffered.prefix(wanted))
        declared.buffered = declared.buffered.dropFirst(rows.count)
        do throws(SQLError) {
            while rows.count < wanted, let cursor = declared.cursor {
                let ask = min(wanted - rows.count, 4096)
                let more = try await cursor.next(maxRows: ask)
                rows += more
                if more.count < ask {
                    cursor.close()
                    declared.cursor = nil
                }
            }
        } catch {
            declared.cursor?.close()
            throw error
        }
        lock.withLock { cursors[name] = declared }
        return StatementResult(columns: declared.columns, rows: rows, commandTag: "FETCH \(rows.count)")
    }

    static func missingCursor(_ name: String) -> SQLError {
        SQLError(sqlState: "34000", message: "cursor \"\(name)\" does not exist", hint: "DECLARE it first")
    }
}
