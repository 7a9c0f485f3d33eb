/// An Avro schema (specification 1.11), parsed from its JSON text: the types a writer encodes records with and a
/// reader decodes them into.
///
/// Named types are inlined where they are referenced, so a schema is a plain value; a type that refers to
/// itself (a linked list) is not supported yet and is an error at parse time.
public indirect enum AvroSchema: Sendable, Hashable {
    case null
    case boolean
    case int
    case long
    case float
    case double
    case bytes
    case string
    case record(AvroRecord)
    case enumeration(AvroEnum)
    case array(AvroSchema)
    case map(AvroSchema)
    case union([AvroSchema])
    case fixed(AvroFixed)
    /// Logical types over their underlying type; values are those of the underlying type.
    case decimal(AvroDecimal)
    /// uuid over string.
    case uuid
    /// date over int: days since 1970-01-01.
    case date
    /// time-millis over int: milliseconds after midnight.
    case timeMillis
    /// time-micros over long: microseconds after midnight.
    case timeMicros
    /// timestamp-millis over long: milliseconds since 1970-01-01 00:00:00 UTC.
    case timestampMillis
    case timestampMicros
    /// local-timestamp-millis over long: a wall-clock time without a time zone.
    case localTimestampMillis
    case localTimestampMicros

    /// Parses a schema from its JSON text (a primitive name in quotes, an object or a union's array).
    public init(parsing text: String) throws(DecodeError) {
        let json: AvroJSON
        do throws(DecodeError) {
            json = try AvroJSON(parsing: text)
        } catch {
            throw DecodeError("invalid Avro schema: \(error.reason)")
        }
        var parser = AvroSchemaParser()
        self = try parser.parse(json, namespace: nil, path: "schema")
    }

    /// The type whose encoding this schema's values have: a logical type's underlying type, others as they are.
    public var underlying: AvroSchema {
        switch self {
        case .decimal(let decimal): return decimal.fixed.map { .fixed($0) } ?? .bytes
        case .uuid: return .string
        case .date, .timeMillis: return .int
        case .timeMicros, .timestampMillis, .timestampMicros, .localTimestampMillis, .localTimestampMicros:
            return .long
        default: return self
        }
    }

    /// The name used in messages: a primitive's name, a named type's full name.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .boolean: return "boolean"
        case .int: return "int"
        case .long: return "long"
        case .float: return "float"
        case .double: return "double"
        case .bytes: return "bytes"
        case .string: return "string"
        case .record(let record): return record.name
        case .enumeration(let enumeration): return enumeration.name
        case .array(let items): return "array of \(items.typeName)"
        case .map(let values): return "map of \(values.typeName)"
        case .union(let branches): return "union [" + branches.map(\.typeName).joined(separator: ", ") + "]"
        case .fixed(let fixed): return fixed.name
        case .decimal(let decimal): return "decimal(\(decimal.precision), \(decimal.scale))"
        case .uuid: return "uuid"
        case .date: return "date"
        case .timeMillis: return "time-millis"
        case .timeMicros: return "time-micros"
        case .timestampMillis: return "timestamp-millis"
        case .timestampMicros: return "timestamp-micros"
        case .localTimestampMillis: return "local-timestamp-millis"
        case .localTimestampMicros: return "local-timestamp-micros"
        }
    }
}

/// A record type: named fields in order.
public struct AvroRecord: Sendable, Hashable {
    /// The full name, with its namespace (`com.example.User`).
    public var name: String
    public var aliases: [String]
    public var doc: String?
    public var fields: [AvroField]
}

public struct AvroField: Sendable, Hashable {
    public var name: String
    public var type: AvroSchema
    /// The default's JSON as the schema gives it; a reader uses it when the writer has no such field.
    public var defaultValue: AvroJSON?
    public var aliases: [String]
    public var doc: String?
}

public struct AvroEnum: Sendable, Hashable {
    public var name: String
    public var aliases: [String]
    public var doc: String?
    public var symbols: [String]
    /// The symbol a reader takes for a writer's symbol it does not know.
    public var defaultSymbol: String?
}

public struct AvroFixed: Sendable, Hashable {
    public var name: String
    public var aliases: [String]
    public var size: Int
}

/// decimal: an unscaled two's-complement big-endian integer in bytes or a fixed, times 10^-scale.
public struct AvroDecimal: Sendable, Hashable {
    public var precision: Int
    public var scale: Int
    /// The fixed it is encoded in, or nil for bytes.
    public var fixed: AvroFixed?
}

extension AvroSchema {
    /// The unqualified name of a named type (`User` for `com.example.User`), nil for others.
    var unqualifiedName: String? {
        let full: String
        switch self {
        case .record(let record): full = record.name
        case .enumeration(let enumeration): full = enumeration.name
        case .fixed(let fixed): full = fixed.name
        case .decimal(let decimal):
            guard let fixed = decimal.fixed else { return nil }
            full = fixed.name
        default: return nil
        }
        return AvroSchema.unqualified(full)
    }

    static func unqualified(_ name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return name }
        return String(name[name.index(after: dot)...])
    }

    var aliases: [String] {
        switch self {
        case .record(let record): return record.aliases
        case .enumeration(let enumeration): return enumeration.aliases
        case .fixed(let fixed): return fixed.aliases
        case .decimal(let decimal): return decimal.fixed?.aliases ?? []
        default: return []
        }
    }
}
