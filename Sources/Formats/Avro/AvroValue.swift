/// One decoded Avro value, shaped by the reader's schema: a record's fields are in the reader's order, an enum
/// is the reader's symbol index, a union names the reader's branch.
///
/// Logical types keep their underlying value (a date is its `.int` of days); rendering reads the schema.
public indirect enum AvroValue: Sendable, Hashable {
    case null
    case boolean(Bool)
    case int(Int32)
    case long(Int64)
    case float(Float)
    case double(Double)
    case bytes([UInt8])
    case string(String)
    case record([AvroValue])
    case enumeration(Int)
    case array([AvroValue])
    /// Entries in the order they were written; a later duplicate key wins when rendered.
    case map([AvroMapEntry])
    case union(branch: Int, AvroValue)
    case fixed([UInt8])
}

public struct AvroMapEntry: Sendable, Hashable {
    public var key: String
    public var value: AvroValue

    public init(key: String, value: AvroValue) {
        self.key = key
        self.value = value
    }
}

/// Field defaults: the JSON of a `"default"` read as a value of the field's type, as the specification encodes
/// them (bytes and fixed as strings of code points 0–255, a union's default for its first branch).
enum AvroDefault {
    static func value(_ json: AvroJSON, _ schema: AvroSchema) throws(DecodeError) -> AvroValue {
        switch (schema.underlying, json) {
        case (.null, .null): return .null
        case (.boolean, .bool(let value)): return .boolean(value)
        case (.int, .number(let text)):
            guard let value = Int32(text) else { throw mismatch(json, schema) }
            return .int(value)
        case (.long, .number(let text)):
            guard let value = Int64(text) else { throw mismatch(json, schema) }
            return .long(value)
        case (.float, .number(let text)):
            guard let value = Float(text) else { throw mismatch(json, schema) }
            return .float(value)
        case (.double, .number(let text)):
            guard let value = Double(text) else { throw mismatch(json, schema) }
            return .double(value)
        case (.string, .string(let text)): return .string(text)
        case (.bytes, .string(let text)): return .bytes(try codePoints(text, json, schema))
        case (.fixed(let fixed), .string(let text)):
            let bytes = try codePoints(text, json, schema)
            guard bytes.count == fixed.size else { throw mismatch(json, schema) }
            return .fixed(bytes)
        case (.enumeration(let enumeration), .string(let symbol)):
            guard let index = enumeration.symbols.firstIndex(of: symbol) else { throw mismatch(json, schema) }
            return .enumeration(index)
        case (.array(let items), .array(let elements)):
            var values: [AvroValue] = []
            for element in elements {
                values.append(try value(element, items))
            }
            return .array(values)
        case (.map(let valueSchema), .object(let members)):
            var entries: [AvroMapEntry] = []
            for key in members.keys.sorted() {
                entries.append(AvroMapEntry(key: key, value: try value(members[key]!, valueSchema)))
            }
            return .map(entries)
        case (.record(let record), .object(let members)):
            var values: [AvroValue] = []
            for field in record.fields {
                guard let member = members[field.name] ?? field.defaultValue else {
                    throw DecodeError("\(describe(json)) has no value for the field \(field.name)")
                }
                values.append(try value(member, field.type))
            }
            return .record(values)
        case (.union(let branches), _):
            guard let first = branches.first else { throw mismatch(json, schema) }
            return .union(branch: 0, try value(json, first))
        default:
            throw mismatch(json, schema)
        }
    }

    private static func codePoints(_ text: String, _ json: AvroJSON, _ schema: AvroSchema) throws(DecodeError)
        -> [UInt8]
    {
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            guard scalar.value <= 0xFF else { throw mismatch(json, schema) }
            bytes.append(UInt8(scalar.value))
        }
        return bytes
    }

    private static func mismatch(_ json: AvroJSON, _ schema: AvroSchema) -> DecodeError {
        DecodeError("\(describe(json)) is not a value of type \(schema.typeName)")
    }

    private static func describe(_ json: AvroJSON) -> String {
        switch json {
        case .null: return "null"
        case .bool(let value): return "\(value)"
        case .number(let text): return text
        case .string(let text): return JSONFormat.quoted(text)
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
