/// The rest of a query's result, still in the storage engine: rows are read when the client is ready for them.
///
/// A cursor keeps its query open between fetches, so a result of any size goes to the socket in batches, a
/// portal suspended by a row limit resumes where it stopped, and a slow client stalls the query instead of
/// filling the server's memory. Every fetch completes exactly once; `close` releases the engine's connection.
public protocol ResultCursor: AnyObject, Sendable {
    /// Reads up to `maxRows` more rows in PostgreSQL text format and calls `completion` once, on any thread.
    /// Fewer rows than asked for (possibly none) means the result is exhausted.
    func fetch(maxRows: Int, completion: @escaping @Sendable (Result<[[String?]], SQLError>) -> Void)

    /// Stops the query (SQLite is interrupted): the fetch in flight, if any, and every later one fail with `error`.
    func cancel(_ error: SQLError)

    /// Ends the cursor without reading further; the same as cancelling it, for a result nobody reads any more.
    func close()

    /// A continual cursor (a subscription) never runs out by itself: each fetch waits until it has at least one row,
    /// and only an empty fetch means the end. A query's cursor is not continual: fewer rows than asked is the end.
    var isContinual: Bool { get }
}

extension ResultCursor {
    public var isContinual: Bool { false }

    /// Reads up to `maxRows` more rows; fewer than asked for means the result is exhausted.
    public func next(maxRows: Int) async throws(SQLError) -> [[String?]] {
        let result = await withCheckedContinuation { continuation in
            fetch(maxRows: maxRows) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }
}

extension StatementResult {
    /// The result with every row of its cursor read into `rows`: for callers that want it whole (tests, Describe's
    /// type inference); the wire path streams instead.
    public func collected(batch: Int = 4096) async throws(SQLError) -> StatementResult {
        guard let cursor else { return self }
        var result = self
        result.cursor = nil
        while true {
            let rows = try await cursor.next(maxRows: batch)
            result.rows += rows
            if rows.count < batch { break }
        }
        cursor.close()
        if result.commandTag.hasPrefix("SELECT") { result.commandTag = "SELECT \(result.rows.count)" }
        if result.commandTag.hasPrefix("COPY") { result.commandTag = "COPY \(result.rows.count)" }
        return result
    }
}
