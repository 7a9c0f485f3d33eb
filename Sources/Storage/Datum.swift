import NIOCore

/// One value of a relation row as the storage engine holds it.
///
/// The relation's column types (`RelationColumn`) say how a value is shown to clients: `.text` holds text and
/// jsonb and timestamps (PostgreSQL's text form), `.blob` bytea, `.integer` int4/int8.
///
/// `.textBytes` and `.blobBytes` are the record's own bytes, still in the fetch response they arrived in: a
/// TEXT value that passed validation, or a BYTES value, goes to the store without being copied into a `String`
/// or an array first (the store copies them once, when it binds them).
public enum Datum: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    /// UTF-8 text without NUL bytes (the decoder validated it).
    case textBytes(ByteBuffer)
    case blobBytes(ByteBuffer)
}
