/// A Protobuf scalar type, as a field descriptor names it.
public enum ProtobufScalar: Sendable, Hashable {
    case double, float, int64, uint64, int32, fixed64, fixed32, bool, string, bytes, uint32, sfixed32, sfixed64
    case sint32, sint64

    /// The wire type an element of this type is written with (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
    var wireType: UInt8 {
        switch self {
        case .double, .fixed64, .sfixed64: return 1
        case .float, .fixed32, .sfixed32: return 5
        case .string, .bytes: return 2
        default: return 0
        }
    }

    /// Whether a repeated field of this type may be packed (every numeric type).
    var isPackable: Bool { self != .string && self != .bytes }
}

/// An enum's value names by number, for the text an enum field prints (`ACTIVE`; an unknown number as `7`).
public struct ProtobufEnumTable: Sendable {
    public let fullName: String
    let names: [Int32: String]
    /// The first value's name: proto3's default (its number must be 0), and proto2's without a declared default.
    let first: String

    func text(_ number: Int32) -> String { names[number] ?? String(number) }
}

/// One field of a compiled message: where its number leads and what its bytes become.
struct ProtobufField: Sendable {
    indirect enum Kind: Sendable {
        case scalar(ProtobufScalar)
        case enumeration(ProtobufEnumTable)
        /// A nested message: the index of its layout in the program.
        case message(Int)
        /// `google.protobuf.Timestamp`, read as an instant (timestamptz).
        case timestamp
        /// `map<K, V>`: the index of its entry message (key 1, value 2) in the program.
        case map(entry: Int)
    }

    var name: String
    var number: Int32
    var kind: Kind
    var repeated: Bool
    /// Whether absence is visible (proto3 `optional`, a oneof member, a message, a proto2 `optional`): an absent
    /// field is NULL rather than its type's default.
    var hasPresence: Bool
    /// The oneof the field belongs to (its index in the message), or -1.
    var oneof: Int
    /// The value of an absent field without presence: proto3's zero, or proto2's declared default.
    var defaultValue: ProtobufValue
}

/// The fields of one message, found by number through a direct table for small numbers.
struct ProtobufMessageLayout: Sendable {
    var fullName: String
    var fields: [ProtobufField]
    /// `direct[n]` is the index in `fields` of number n (below `direct.count`), or -1.
    var direct: [Int]
    var others: [Int32: Int]

    init(fullName: String, fields: [ProtobufField]) {
        self.fullName = fullName
        self.fields = fields
        let small = fields.map(\.number).filter { $0 < 256 }.max().map { Int($0) + 1 } ?? 0
        var direct = [Int](repeating: -1, count: small)
        var others: [Int32: Int] = [:]
        for (index, field) in fields.enumerated() {
            if field.number < 256 { direct[Int(field.number)] = index } else { others[field.number] = index }
        }
        self.direct = direct
        self.others = others
    }

    @inline(__always)
    func fieldIndex(_ number: UInt64) -> Int? {
        if number < UInt64(direct.count) {
            let index = direct[Int(number)]
            return index >= 0 ? index : nil
        }
        guard number <= UInt64(Int32.max) else { return nil }
        return others[Int32(number)]
    }
}

/// A value read from the wire, shaped by its field: nested messages, lists and maps are kept until they are printed
/// as jsonb; a top-level scalar becomes its cell at once.
indirect enum ProtobufValue: Sendable {
    case int(Int64)
    case uint(UInt64)
    case float(Float)
    case double(Double)
    case bool(Bool)
    case string(String)
    case bytes([UInt8])
    case enumeration(Int32)
    /// A message's fields in declaration order; nil for one that was absent.
    case message([ProtobufValue?])
    case list([ProtobufValue])
    /// Entries in wire order (a later duplicate key wins when printed).
    case map([(key: ProtobufValue, value: ProtobufValue)])
    /// Microseconds since 1970-01-01 00:00:00 UTC.
    case timestamp(Int64)
}
