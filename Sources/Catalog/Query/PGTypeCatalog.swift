import SQL

/// The types pg_type lists: every type a relation's column, a system relation or pg_catalog itself uses, with
/// PostgreSQL 15's oids, names, lengths and categories, and `format_type`'s spelling of each.
enum PGTypeCatalog {
    struct Entry {
        var oid: Int64
        var typname: String
        /// What `format_type(oid, NULL)` prints.
        var formatted: String
        var length: Int
        var byValue: Bool
        var kind: String
        var category: String
        var preferred: Bool
        var element: Int64
        var array: Int64
        var collation: Int64
        /// typinput, typoutput, typreceive, typsend.
        var functions: [String]
        var align: String
        var storage: String
        var subscriptHandler: String
    }

    /// PostgreSQL 15's rows for these types (`SELECT … FROM pg_type`), so pg_type answers as it does.
    static let entries: [Entry] = [
        Entry(
            oid: 16, typname: "bool", formatted: "boolean", length: 1, byValue: true,
            kind: "b", category: "B", preferred: true, element: 0, array: 1000, collation: 0,
            functions: ["boolin", "boolout", "boolrecv", "boolsend"], align: "c", storage: "p", subscriptHandler: "-"),
        Entry(
            oid: 17, typname: "bytea", formatted: "bytea", length: -1, byValue: false,
            kind: "b", category: "U", preferred: false, element: 0, array: 1001, collation: 0,
            functions: ["byteain", "byteaout", "bytearecv", "byteasend"], align: "i", storage: "x",
            subscriptHandler: "-"),
        Entry(
            oid: 18, typname: "char", formatted: "\"char\"", length: 1, byValue: true,
            kind: "b", category: "Z", preferred: false, element: 0, array: 1002, collation: 0,
            functions: ["charin", "charout", "charrecv", "charsend"], align: "c", storage: "p", subscriptHandler: "-"),
        Entry(
            oid: 19, typname: "name", formatted: "name", length: 64, byValue: false,
            kind: "b", category: "S", preferred: false, element: 18, array: 1003, collation: 950,
            functions: ["namein", "nameout", "namerecv", "namesend"], align: "c", storage: "p",
            subscriptHandler: "raw_array_subscript_handler"),
        Entry(
            oid: 20, typname: "int8", formatted: "bigint", length: 8, byValue: true,
            kind: "b", category: "N", preferred: false, element: 0, array: 1016, collation: 0,
            functions: ["int8in", "int8out", "int8recv", "int8send"], align: "d", storage: "p", subscriptHandler: "-"),
        Entry(
            oid: 21, typname: "int2", formatted: "smallint", length: 2, byValue: true,
            kind: "b", category: "N", preferred: false, element: 0, array: 1005, collation: 0,
            functions: ["int2in", "int2out", "int2recv", "int2send"], align: "s", storage: "p", subscriptHandler: "-"),
        Entry(
            oid: 22, typname: "int2vector", formatted: "int2vector", length: -1, byValue: false,
            kind: "b", category: "A", preferred: false, element: 21, array: 1006, collation: 0,
            functions: ["int2vectorin", "int2vectorout", "int2vectorrecv", "int2vectorsend"], align: "i", storage: "p",
            subscriptHandler: "array_subscript_handler"),
        Entry(
            oid: 23, typname: "int4", formatted: "integer", length: 4, byValue: true,
            kind: "b", category: "N", preferred: false, element: 0, array: 1007, collation: 0,
            functions: ["int4in", "int4out", "int4recv", "int4send"], align: "i", storage: "p", subscriptHandler: "-"),
        Entry(
            oid: 24, typname: "regproc", formatted: "regproc", length: 4, byValue: true,
            kind: "b", category: "N", preferred: false, element: 0, array: 1008, collation: 0,
            functions: ["regprocin", "regprocout", "regprocrecv", "regprocsend"], align: "i", storage: "p",
            subscriptHandler: "-"),
        Entry(
            oid: 25, typname: "text", formatted: "text", length: -1, byValue: false,
            kind: "b", category: "S", preferred: true, element: 0, array: 1009, collation: 100,
            functions: ["textin", "textout", "textrecv", "textsend"], align: "i", storage: "x", subscriptHandler: "-"),
        Entry(
            oid: 26, typname: "oid", formatted: "oid", length: 4, byValue: true,
            kind: "b", category: "N", preferred: true, element: 0, array: 1028, collation: 0,
            functions: ["oidin", "oidout", "oidrecv", "oidsend"], align: "i", storage: "p", subscriptHandler: "-"),
        Entry(
            oid: 28, typname: "xid", formatted: "xid", length: 4, byValue: true,
            kind: "b", category: "U", preferred: false, element: 0, array: 1011, collation: 0,
            functions: ["xidin", "xidout", "xidrecv", "xidsend"], align: "i", storage: "p", subscriptHandler: "-"),
        Entry(
            oid: 30, typname: "oidvector", formatted: "oidvector", length: -1, byValue: false,
            kind: "b", category: "A", preferred: false, element: 26, array: 1013, collation: 0,
            functions: ["oidvectorin", "oidvectorout", "oidvectorrecv", "oidvectorsend"], align: "i", storage: "p",
            subscriptHandler: "array_subscript_handler"),
        Entry(
            oid: 114, typname: "json", formatted: "json", length: -1, byValue: false,
            kind: "b", category: "U", preferred: false, element: 0, array: 199, collation: 0,
            functions: ["json_in", "json_out", "json_recv", "json_send"], align: "i", storage: "x",
            subscriptHandler: "-"),
        Entry(
            oid: 194, typname: "pg_node_tree", formatted: "pg_node_tree", length: -1, byValue: false,
            kind: "b", category: "Z", preferred: false, element: 0, array: 0, collation: 100,
            functions: ["pg_node_tree_in", "pg_node_tree_out", "pg_node_tree_recv", "pg_node_tree_send"], align: "i",
            storage: "x", subscriptHandler: "-"),
        Entry(
            oid: 700, typname: "float4", formatted: "real", length: 4, byValue: true,
            kind: "b", category: "N", preferred: false, element: 0, array: 1021, collation: 0,
            functions: ["float4in", "float4out", "float4recv", "float4send"], align: "i", storage: "p",
            subscriptHandler: "-"),
        Entry(
            oid: 701, typname: "float8", formatted: "double precision", length: 8, byValue: true,
            kind: "b", category: "N", preferred: true, element: 0, array: 1022, collation: 0,
            functions: ["float8in", "float8out", "float8recv", "float8send"], align: "d", storage: "p",
            subscriptHandler: "-"),
        Entry(
            oid: 705, typname: "unknown", formatted: "unknown", length: -2, byValue: false,
            kind: "p", category: "X", preferred: false, element: 0, array: 0, collation: 0,
            functions: ["unknownin", "unknownout", "unknownrecv", "unknownsend"], align: "c", storage: "p",
            subscriptHandler: "-"),
        Entry(
            oid: 1000, typname: "_bool", formatted: "boolean[]", length: -1, byValue: false,
            kind: "b", category: "A", preferred: false, element: 16, array: 0, collation: 0,
            functions: ["array_in", "array_out", "array_recv", "array_send"], align: "i", storage: "x",
            subscriptHandler: "array_subscript_handler"),
        Entry(
            oid: 1002, typname: "_char", formatted: "\"char\"[]", length: -1, byValue: false,
            kind: "b", category: "A", preferred: false, element: 18, array: 0, collation: 0,
            functions: ["array_in", "array_out", "array_recv", "array_send"], align: "i", storage: "x",
            subscriptHandler: "array_subscript_handler"),
        Entry(
            oid: 1003, typname: "_name", formatted: "name[]", length: -1, byValue: false,
            kind: "b", category: "A", preferred: false, element: 19, array: 0, collation: 950,
            functions: ["array_in", "array_out", "array_recv", "array_send"], align: "i", storage: "x",
            subscriptHandler: "array_subscript_handler"),
        Entry(
            oid: 1005, typname: "_int2", formatted: "smallint[]", length: -1, byValue: false,
            kind: "b", category: "A", preferred: false, element: 21, array: 0, collation: 0,
            functions: ["array_in", "array_out", "array_recv", "array_send"], align: "i", storage: "x",
            subscriptHandler: "array_subscript_handler"),
        Entry(
            oid: 1007, typname: "_int4", formatted: "integer[]", length: -1, byValue: false,
            kind: "b", category: "A", preferred: false, element: 23, array: 0, collation: 0,
            functions: ["array_in", "array_out", "array_recv", "array_send"], align: "i", storage: "x",
            subscriptHandler: "array_subscript_handler"),
        Entry(
            oid: 1009, typname: "_text", formatted: "text[]", length: -1, byValue: false,
            kind: "b", category: "A", preferred: false, element: 25, array: 0, collation: 100,
            functions: ["array_in", "array_out", "array_recv", "array_send"], align: "i", storage: "x",
            subscriptHandler: "array_subscript_handler"),
        Entry(
            oid: 1015, typname: "_varchar", formatted: "character varying[]", length: -1, byValue: false,
            kind: "b", category: "A", preferred: false, element: 1043, array: 0, collation: 100,
            functions: ["array_in", "array_out", "array_recv", "array_send"], align: "i", storage: "x",
            subscriptHandler: "array_subscript_handler"),
        Entry(
            oid: 1016, typname: "_int8", formatted: "bigint[]", length: -1, byValue: false,
            kind: "b", category: "A", preferred: false, element: 20, array: 0, collation: 0,
            functions: ["array_in", "array_out", "array_recv", "array_send"], align: "d", storage: "x",
            subscriptHandler: "array_subscript_handler"),
        Entry(
            oid: 1028, typname: "_oid", formatted: "oid[]", length: -1, byValue: false,
            kind: "b", category: "A", preferred: false, element: 26, array: 0, collation: 0,
            functions: ["array_in", "array_out", "array_recv", "array_send"], align: "i", storage: "x",
            subscriptHandler: "array_subscript_handler"),
        Entry(
            oid: 1033, typname: "aclitem", formatted: "aclitem", length: 12, byValue: false,
            kind: "b", category: "U", preferred: false, element: 0, array: 1034, collation: 0,
            functions: ["aclitemin", "aclitemout", "-", "-"], align: "i", storage: "p", subscriptHandler: "-"),
        Entry(
            oid: 1034, typname: "_aclitem", formatted: "aclitem[]", length: -1, byValue: false,
            kind: "b", category: "A", preferred: false, element: 1033, array: 0, collation: 0,
            functions: ["array_in", "array_out", "array_recv", "array_send"], align: "i", storage: "x",
            subscriptHandler: "array_subscript_handler"),
        Entry(
            oid: 1043, typname: "varchar", formatted: "character varying", length: -1, byValue: false,
            kind: "b", category: "S", preferred: false, element: 0, array: 1015, collation: 100,
            functions: ["varcharin", "varcharout", "varcharrecv", "varcharsend"], align: "i", storage: "x",
            subscriptHandler: "-"),
        Entry(
            oid: 1082, typname: "date", formatted: "date", length: 4, byValue: true,
            kind: "b", category: "D", preferred: false, element: 0, array: 1182, collation: 0,
            functions: ["date_in", "date_out", "date_recv", "date_send"], align: "i", storage: "p",
            subscriptHandler: "-"),
        Entry(
            oid: 1114, typname: "timestamp", formatted: "timestamp without time zone", length: 8, byValue: true,
            kind: "b", category: "D", preferred: false, element: 0, array: 1115, collation: 0,
            functions: ["timestamp_in", "timestamp_out", "timestamp_recv", "timestamp_send"], align: "d", storage: "p",
            subscriptHandler: "-"),
        Entry(
            oid: 1184, typname: "timestamptz", formatted: "timestamp with time zone", length: 8, byValue: true,
            kind: "b", category: "D", preferred: true, element: 0, array: 1185, collation: 0,
            functions: ["timestamptz_in", "timestamptz_out", "timestamptz_recv", "timestamptz_send"], align: "d",
            storage: "p", subscriptHandler: "-"),
        Entry(
            oid: 1700, typname: "numeric", formatted: "numeric", length: -1, byValue: false,
            kind: "b", category: "N", preferred: false, element: 0, array: 1231, collation: 0,
            functions: ["numeric_in", "numeric_out", "numeric_recv", "numeric_send"], align: "i", storage: "m",
            subscriptHandler: "-"),
        Entry(
            oid: 2205, typname: "regclass", formatted: "regclass", length: 4, byValue: true,
            kind: "b", category: "N", preferred: false, element: 0, array: 2210, collation: 0,
            functions: ["regclassin", "regclassout", "regclassrecv", "regclasssend"], align: "i", storage: "p",
            subscriptHandler: "-"),
        Entry(
            oid: 2206, typname: "regtype", formatted: "regtype", length: 4, byValue: true,
            kind: "b", category: "N", preferred: false, element: 0, array: 2211, collation: 0,
            functions: ["regtypein", "regtypeout", "regtyperecv", "regtypesend"], align: "i", storage: "p",
            subscriptHandler: "-"),
        Entry(
            oid: 2277, typname: "anyarray", formatted: "anyarray", length: -1, byValue: false,
            kind: "p", category: "P", preferred: false, element: 0, array: 0, collation: 0,
            functions: ["anyarray_in", "anyarray_out", "anyarray_recv", "anyarray_send"], align: "d", storage: "x",
            subscriptHandler: "-"),
        Entry(
            oid: 2950, typname: "uuid", formatted: "uuid", length: 16, byValue: false,
            kind: "b", category: "U", preferred: false, element: 0, array: 2951, collation: 0,
            functions: ["uuid_in", "uuid_out", "uuid_recv", "uuid_send"], align: "c", storage: "p",
            subscriptHandler: "-"),
        Entry(
            oid: 3802, typname: "jsonb", formatted: "jsonb", length: -1, byValue: false,
            kind: "b", category: "U", preferred: false, element: 0, array: 3807, collation: 0,
            functions: ["jsonb_in", "jsonb_out", "jsonb_recv", "jsonb_send"], align: "i", storage: "x",
            subscriptHandler: "jsonb_subscript_handler"),
        Entry(
            oid: 3906, typname: "numrange", formatted: "numrange", length: -1, byValue: false,
            kind: "r", category: "R", preferred: false, element: 0, array: 3907, collation: 0,
            functions: ["range_in", "range_out", "range_recv", "range_send"], align: "i", storage: "x",
            subscriptHandler: "-"),
        Entry(
            oid: 4089, typname: "regnamespace", formatted: "regnamespace", length: 4, byValue: true,
            kind: "b", category: "N", preferred: false, element: 0, array: 4090, collation: 0,
            functions: ["regnamespacein", "regnamespaceout", "regnamespacerecv", "regnamespacesend"], align: "i",
            storage: "p", subscriptHandler: "-"),
    ]

    static let byOID: [Int64: Entry] = Dictionary(uniqueKeysWithValues: entries.map { ($0.oid, $0) })

    /// `format_type(oid, typmod)`: the SQL name of the type, `???` for an oid pg_type does not list (as
    /// PostgreSQL prints it), with a `character varying` length when the modifier gives one.
    static func format(oid: Int64, typmod: Int64?) -> String {
        guard let entry = byOID[oid] else { return "???" }
        if let typmod, typmod >= 4, oid == 1043 { return "character varying(\(typmod - 4))" }
        return entry.formatted
    }

    /// The type a `format_type` spelling (as the column definitions write it) denotes.
    static func type(named name: String) -> SQLType {
        guard let entry = entries.first(where: { $0.formatted == name }) else {
            return SQLType(oid: 25, name: "text", size: -1)
        }
        return sqlType(entry)
    }

    static func sqlType(_ entry: Entry) -> SQLType {
        SQLType(oid: Int32(entry.oid), name: entry.formatted, size: Int16(entry.length))
    }

    /// The pg_type oid of a column's type.
    static func oid(of type: SQLType) -> Int64 { Int64(type.oid) }
}
