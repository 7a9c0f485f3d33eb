/// `DECLARE`, `FETCH` and `CLOSE`: a query's result read in pieces through a named cursor, as psycopg's named
/// cursors and psql's `FETCH_COUNT` do.
public enum CursorCommand: Hashable, Sendable {
    /// `DECLARE name [NO SCROLL] CURSOR [WITH | WITHOUT HOLD] FOR query`.
    case declare(name: String, query: Query, withHold: Bool)
    /// `FETCH [FORWARD | NEXT] [count | ALL] [FROM | IN] name`; `count` nil is ALL.
    case fetch(name: String, count: Int?)
    /// `CLOSE name | ALL`; `name` nil is ALL.
    case close(name: String?)

    public var commandTag: String {
        switch self {
        case .declare: "DECLARE CURSOR"
        case .fetch: "FETCH"
        case .close: "CLOSE CURSOR"
        }
    }
}
