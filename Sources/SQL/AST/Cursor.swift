/// `DECLARE`, `FETCH` and `CLOSE`: a query's result read in pieces through a named cursor, as psycopg's named
/// cursors and psql's `FETCH_COUNT` do.
public enum CursorCommand: Hashable, Sendable {
    /// `DECLARE name [NO SCROLL] CURSOR [WITH | WITHOUT HOLD] FOR query`.
    case declare(name: String, query: Query, withHold: Bool)
    /// `DECLARE name CURSOR FOR SUBSCRIBE …`: FETCH waits for the subscription's next updates.
    case declareSubscribe(name: String, subscribe: Subscribe)
    /// `FETCH [FORWARD | NEXT] [count | ALL] [FROM | IN] name [WITH (timeout = 'interval')]`; `count` nil is ALL.
    /// `timeout` (Materialize's option) bounds how long a FETCH of a subscription waits for rows; nil waits for one.
    case fetch(name: String, count: Int?, timeout: Duration? = nil)
    /// `CLOSE name | ALL`; `name` nil is ALL.
    case close(name: String?)

    public var commandTag: String {
        switch self {
        case .declare, .declareSubscribe: "DECLARE CURSOR"
        case .fetch: "FETCH"
        case .close: "CLOSE CURSOR"
        }
    }
}
