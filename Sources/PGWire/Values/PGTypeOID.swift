/// Type OIDs the wire layer converts between text and binary format.
///
/// The SQL layer speaks text; these are the types whose binary representation the server reads (parameters) and
/// writes (results) when a driver asks for binary, as PostgresNIO does.
public enum PGTypeOID {
    public static let bool: Int32 = 16
    public static let bytea: Int32 = 17
    public static let char: Int32 = 18
    public static let name: Int32 = 19
    public static let int8: Int32 = 20
    public static let int2: Int32 = 21
    public static let int4: Int32 = 23
    public static let text: Int32 = 25
    public static let oid: Int32 = 26
    public static let json: Int32 = 114
    public static let float4: Int32 = 700
    public static let float8: Int32 = 701
    public static let unknown: Int32 = 705
    public static let nameArray: Int32 = 1003
    public static let int2Array: Int32 = 1005
    public static let int4Array: Int32 = 1007
    public static let textArray: Int32 = 1009
    public static let varcharArray: Int32 = 1015
    public static let int8Array: Int32 = 1016
    public static let bpchar: Int32 = 1042
    public static let varchar: Int32 = 1043
    public static let date: Int32 = 1082
    public static let timestamp: Int32 = 1114
    public static let timestamptz: Int32 = 1184
    public static let numeric: Int32 = 1700
    public static let uuid: Int32 = 2950
    public static let jsonb: Int32 = 3802

    /// The element type of an array type this layer knows, or nil.
    static func element(ofArray oid: Int32) -> Int32? {
        switch oid {
        case nameArray: name
        case int2Array: int2
        case int4Array: int4
        case textArray: text
        case varcharArray: varchar
        case int8Array: int8
        default: nil
        }
    }

    static func isTextLike(_ oid: Int32) -> Bool {
        [text, varchar, bpchar, name, unknown, json, char, 0].contains(oid)
    }
}
