/// The types of pg_catalog's columns beyond the value types sources produce: `"char"`, the object-identifier
/// aliases (`regclass`, …), the catalog's own (`pg_node_tree`, `xid`, `aclitem`) and one-dimensional arrays.
///
/// Arrays are kept in PostgreSQL's text form (`{1,2}`) in the storage engine, so they print as PostgreSQL prints
/// them; the engine's `pg_array_*` functions read that form.
extension SQLType {
    public static let json = SQLType(oid: 114, name: "json", size: -1)
    public static let char = SQLType(oid: 18, name: "\"char\"", size: 1)
    public static let regproc = SQLType(oid: 24, name: "regproc", size: 4)
    public static let xid = SQLType(oid: 28, name: "xid", size: 4)
    public static let pgNodeTree = SQLType(oid: 194, name: "pg_node_tree", size: -1)
    public static let regclass = SQLType(oid: 2205, name: "regclass", size: 4)
    public static let regtype = SQLType(oid: 2206, name: "regtype", size: 4)
    public static let regnamespace = SQLType(oid: 4089, name: "regnamespace", size: 4)
    /// PostgreSQL's `"any"`: a parameter that takes a value of every type.
    public static let anyValue = SQLType(oid: 2276, name: "\"any\"", size: 4)
    public static let anyarray = SQLType(oid: 2277, name: "anyarray", size: -1)
    public static let int2vector = SQLType(oid: 22, name: "int2vector", size: -1)
    public static let oidvector = SQLType(oid: 30, name: "oidvector", size: -1)
    public static let boolArray = SQLType(oid: 1000, name: "boolean[]", size: -1)
    public static let charArray = SQLType(oid: 1002, name: "\"char\"[]", size: -1)
    public static let nameArray = SQLType(oid: 1003, name: "name[]", size: -1)
    public static let int2Array = SQLType(oid: 1005, name: "smallint[]", size: -1)
    public static let int4Array = SQLType(oid: 1007, name: "integer[]", size: -1)
    public static let int8Array = SQLType(oid: 1016, name: "bigint[]", size: -1)
    public static let oidArray = SQLType(oid: 1028, name: "oid[]", size: -1)
    public static let varcharArray = SQLType(oid: 1015, name: "character varying[]", size: -1)
    public static let aclitemArray = SQLType(oid: 1034, name: "aclitem[]", size: -1)
    public static let regtypeArray = SQLType(oid: 2211, name: "regtype[]", size: -1)

    /// The record `information_schema._pg_expandarray` returns: `(x, n)`, kept as a JSON object.
    public static let expandedArrayRecord = SQLType(oid: 2249, name: "record", size: -1)

    /// The element type of an array type (`int2vector` and `oidvector` are arrays of int2 and oid), else nil.
    public var elementType: SQLType? {
        Self.elements[oid]
    }

    /// The array type whose elements are of this type, when the planner knows one.
    public var arrayType: SQLType? {
        Self.elements.first { $0.value == self && $0.key != Self.int2vector.oid && $0.key != Self.oidvector.oid }
            .flatMap { key, _ in Self.arrays[key] }
    }

    private static let arrays: [Int32: SQLType] = Dictionary(
        uniqueKeysWithValues: [
            boolArray, charArray, nameArray, int2Array, int4Array, int8Array, oidArray, aclitemArray, .textArray,
            varcharArray, regtypeArray,
            int2vector, oidvector,
        ].map { ($0.oid, $0) })

    private static let elements: [Int32: SQLType] = [
        1000: .bool, 1002: .char, 1003: .name, 1005: .int2, 1007: .int4, 1016: .int8, 1028: .oid, 1009: .text,
        1034: SQLType(oid: 1033, name: "aclitem", size: 12), 22: .int2, 30: .oid, 1015: .varchar, 2211: .regtype,
    ]

    /// The object-identifier types: integers that print as the name of what they identify.
    public var isObjectIdentifier: Bool {
        self == .regclass || self == .regtype || self == .regnamespace || self == .regproc
    }
}
