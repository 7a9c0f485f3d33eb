/// One value of a relation row as the storage engine holds it.
///
/// The relation's column types (`RelationColumn`) say how a value is shown to clients: `.text` holds text and
/// jsonb and timestamps (PostgreSQL's text form), `.blob` bytea, `.integer` int4/int8.
public enum Datum: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}
