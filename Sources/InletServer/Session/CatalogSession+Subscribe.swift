import Catalog
import SQL

extension CatalogSession {
    /// What Materialize tells a client that runs SUBSCRIBE outside COPY and FETCH.
    static let subscribeNotice = StatementNotice(
        .notice,
        "streaming SUBSCRIBE rows directly requires a client that does not buffer output; "
            + "in psql, wrap it: COPY (SUBSCRIBE …) TO STDOUT")

    /// Plain `SUBSCRIBE`: the update rows stream as DataRows, as Materialize sends them, until the client cancels
    /// or disconnects.
    func runSubscribe(_ subscribe: Subscribe) async throws(SQLError) -> StatementResult {
        let subscription = try await openSubscription(subscribe)
        var result = StatementResult(
            columns: subscription.columns, commandTag: "SUBSCRIBE", notices: [Self.subscribeNotice])
        result.cursor = subscription
        return result
    }

    /// `COPY (SUBSCRIBE …) TO STDOUT`: the update rows stream as CopyData until the client cancels or disconnects.
    func runCopySubscribe(_ copy: CopyTo) async throws(SQLError) -> StatementResult {
        guard let subscribe = copy.subscribe else { throw SQLError.internal("COPY without a subscription") }
        let subscription = try await openSubscription(subscribe)
        var result = StatementResult(columns: subscription.columns, commandTag: "COPY 0", copy: copy)
        result.cursor = subscription
        return result
    }

    /// The columns of a SUBSCRIBE for Describe: Materialize's leading columns, then the query's.
    func describeSubscribe(_ subscribe: Subscribe) async throws(SQLError) -> StatementDescription {
        let query = try await engine.catalog.describeQuery(subscribe.query, context: queryContext)
        let columns = query.columns ?? []
        lock.withLock { describedTypes[subscribe.query.text] = columns.map(\.type) }
        return StatementDescription(
            parameterTypes: [], columns: Subscription.leadingColumns(progress: subscribe.progress) + columns)
    }

    func openSubscription(_ subscribe: Subscribe) async throws(SQLError) -> Subscription {
        if engine.postgreSQLStorage.withLockedValue({ $0 }) != nil,
            try await !engine.catalog.sourceRelations(namedIn: subscribe.query.text).isEmpty
        {
            throw SQLError.featureNotSupported(
                "SUBSCRIBE to relations stored in PostgreSQL is not supported yet",
                hint: "query them with SELECT, or run Inlet with its embedded storage for SUBSCRIBE")
        }
        let types = lock.withLock { describedTypes[subscribe.query.text] }
        return try await engine.catalog.openSubscription(
            subscribe, context: queryContext, commits: engine.commits, columnTypes: types)
    }

    /// FETCH of a subscription's cursor, as Materialize answers it: up to `count` rows; without a timeout it waits
    /// for at least one, with one it waits until `count` rows are there or the timeout passes (`0s`: what is ready).
    func fetch(
        _ subscription: Subscription, _ declared: DeclaredCursor, name: String, count: Int, timeout: Duration?
    ) async throws(SQLError) -> StatementResult {
        let wait: Subscription.Wait = timeout.map { .until(.now + $0) } ?? .forOne
        let rows: [[String?]]
        do throws(SQLError) {
            rows = try await subscription.next(maxRows: count, wait: wait)
        } catch {
            subscription.close()
            throw error
        }
        lock.withLock { cursors[name] = declared }
        return StatementResult(columns: declared.columns, rows: rows, commandTag: "FETCH \(rows.count)")
    }
}
