/// The PostgreSQL type of a result column or parameter, by its type OID.
///
/// An open struct so that new types need no breaking change; the pgwire layer sends `oid` in RowDescription.
public struct SQLType: Hashable, Sendable, CustomStringConvertible {
    public var oid: Int32
    public var name: String
    /// The fixed size in bytes, or -1 for variable length (RowDescription's typlen).
    public var size: Int16

    public init(oid: Int32, name: String, size: Int16) {
        self.oid = oid
        self.name = name
        self.size = size
    }

    public static let bool = SQLType(oid: 16, name: "boolean", size: 1)
    public static let bytea = SQLType(oid: 17, name: "bytea", size: -1)
    public static let int8 = SQLType(oid: 20, name: "bigint", size: 8)
    public static let int2 = SQLType(oid: 21, name: "smallint", size: 2)
    public static let int4 = SQLType(oid: 23, name: "integer", size: 4)
    public static let text = SQLType(oid: 25, name: "text", size: -1)
    public static let oid = SQLType(oid: 26, name: "oid", size: 4)
    public static let float8 = SQLType(oid: 701, name: "double precision", size: 8)
    public static let unknown = SQLType(oid: 705, name: "unknown", size: -2)
    public static let textArray = SQLType(oid: 1009, name: "text[]", size: -1)
    public static let timestamp = SQLType(oid: 1114, name: "timestamp", size: 8)
    public static let timestamptz = SQLType(oid: 1184, name: "timestamp with time zone", size: 8)
    public static let numeric = SQLType(oid: 1700, name: "numeric", size: -1)
    public static let jsonb = SQLType(oid: 3802, name: "jsonb", size: -1)

    public var description: String { name }
}
