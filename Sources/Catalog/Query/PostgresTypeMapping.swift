import SQL

/// Maps SQLite's declared column types (which the catalog writes as PostgreSQL type names) and, failing that,
/// the values' storage classes to PostgreSQL types, and formats values in PostgreSQL's text format.
enum PostgresTypeMapping {
    static func type(declared: String) -> SQLType? {
        switch declared.uppercased() {
        case "BOOL", "BOOLEAN": return .bool
        case "SMALLINT", "INT2": return .int2
        case "INT", "INT4": return .int4
        case "INTEGER", "BIGINT", "INT8": return .int8
        case "OID": return .oid
        case "TEXT", "VARCHAR", "CHAR", "CLOB", "NAME": return .text
        case "REAL", "DOUBLE", "FLOAT", "FLOAT8", "DOUBLE PRECISION": return .float8
        case "NUMERIC", "DECIMAL": return .numeric
        case "BLOB", "BYTEA": return .bytea
        case "TIMESTAMP": return .timestamp
        case "TIMESTAMPTZ": return .timestamptz
        case "JSONB", "JSON": return .jsonb
        case "NUMRANGE": return ColumnType.numrange.sqlType
        case "TEXT_ARRAY", "TEXT[]": return .textArray
        default: return nil
        }
    }

    /// The type of a column without a declared type, from the values it holds: integers that fit 32 bits are
    /// `integer` (as PostgreSQL types `SELECT 1`), larger ones `bigint`, reals `double precision`, blobs `bytea`,
    /// everything else (and no rows) `text`.
    static func inferredType(values: [CatalogValue]) -> SQLType {
        var sawInteger = false
        var sawLargeInteger = false
        var sawReal = false
        var sawText = false
        var sawBlob = false
        for value in values {
            switch value {
            case .null: continue
            case .integer(let number):
                sawInteger = true
                if number < Int64(Int32.min) || number > Int64(Int32.max) { sawLargeInteger = true }
            case .real: sawReal = true
            case .text: sawText = true
            case .blob: sawBlob = true
            }
        }
        if sawText || (sawBlob && (sawInteger || sawReal)) { return .text }
        if sawBlob { return .bytea }
        if sawReal { return .float8 }
        if sawInteger { return sawLargeInteger ? .int8 : .int4 }
        return .text
    }

    /// The PostgreSQL text form of a value in a column of `type`.
    static func text(_ value: CatalogValue, as type: SQLType) -> String? {
        switch value {
        case .null:
            return nil
        case .integer(let number):
            if type == .bool { return number != 0 ? "t" : "f" }
            return String(number)
        case .real(let number):
            if number.isNaN { return "NaN" }
            if number.isInfinite { return number > 0 ? "Infinity" : "-Infinity" }
            if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
            return String(number)
        case .text(let text):
            if type == .bool { return ["1", "t", "true"].contains(text.lowercased()) ? "t" : "f" }
            return text
        case .blob(let bytes):
            if type == .bytea {
                let digits = Array("0123456789abcdef")
                return "\\x" + String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
