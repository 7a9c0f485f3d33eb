import Formats

/// A jsonb value read from the text PostgreSQL prints for it, for the operators that take documents apart and
/// build new ones (`#>`, `@>`, `||`, `-`, …). Printed back as PostgreSQL prints jsonb: object keys shorter first,
/// then in byte order, each once; `", "` between members and `": "` after a key.
indirect enum JSONBValue: Equatable {
    case null
    case bool(Bool)
    /// A number's token, as numeric prints it.
    case number(String)
    case string(String)
    case array([JSONBValue])
    /// Members in jsonb's key order, keys unique.
    case object([Member])

    struct Member: Equatable {
        var key: String
        var value: JSONBValue
    }

    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    var isContainer: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }

    /// An object of `members` in jsonb's order, a later member replacing an earlier one of the same key.
    static func object(sorting members: [Member]) -> JSONBValue {
        var byKey: [String: Int] = [:]
        var unique: [Member] = []
        for member in members {
            if let index = byKey[member.key] {
                unique[index] = member
            } else {
                byKey[member.key] = unique.count
                unique.append(member)
            }
        }
        unique.sort { a, b in
            a.key.utf8.count != b.key.utf8.count
                ? a.key.utf8.count < b.key.utf8.count : a.key.utf8.lexicographicallyPrecedes(b.key.utf8)
        }
        return .object(unique)
    }

    /// jsonb's text.
    var text: String {
        var output = ""
        write(to: &output)
        return output
    }

    func write(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let token): output += token
        case .string(let text): output += JSONFormat.quoted(text)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += ", " }
                element.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += ", " }
                output += JSONFormat.quoted(member.key) + ": "
                member.value.write(to: &output)
            }
            output += "}"
        }
    }

    /// What `->>` and `#>>` give: a string's text, a container's or other scalar's jsonb text, NULL for null.
    var textValue: String? {
        switch self {
        case .null: return nil
        case .string(let text): return text
        default: return text
        }
    }

    /// Reads jsonb text (any RFC 8259 JSON; jsonb's canonical form is what the engine holds).
    init(parsing text: String) throws(JSONBError) {
        var parser = Parser(bytes: Array(text.utf8))
        parser.skipSpace()
        self = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == parser.bytes.count else { throw JSONBError("invalid input syntax for type json") }
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count,
                bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D
                    || bytes[index] == 0x09
            {
                index += 1
            }
        }

        mutating func value(depth: Int) throws(JSONBError) -> JSONBValue {
            guard depth < 1000, index < bytes.count else { throw JSONBError("invalid input syntax for type json") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members: [Member] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(members)
                }
                while true {
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                        throw JSONBError("invalid input syntax for type json")
                    }
                    let key = try string()
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                        throw JSONBError("invalid input syntax for type json")
                    }
                    index += 1
                    skipSpace()
                    members.append(Member(key: key, value: try value(depth: depth + 1)))
                    skipSpace()
                    guard index < bytes.count else { throw JSONBError("invalid input syntax for type json") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    guard bytes[index] == UInt8(ascii: "}") else {
                        throw JSONBError("invalid input syntax for type json")
                    }
                    index += 1
                    return JSONBValue.object(sorting: members)
                }
            case UInt8(ascii: "["):
                index += 1
                var elements: [JSONBValue] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(elements)
                }
                while true {
                    skipSpace()
                    elements.append(try value(depth: depth + 1))
                    skipSpace()
                    guard index < bytes.count else { throw JSONBError("invalid input syntax for type json") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    guard bytes[index] == UInt8(ascii: "]") else {
                        throw JSONBError("invalid input syntax for type json")
                    }
                    index += 1
                    return .array(elements)
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"):
                try word("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try word("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try word("null")
                return .null
            default:
                let start = index
                while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
                guard index > start else { throw JSONBError("invalid input syntax for type json") }
                return .number(String(decoding: bytes[start..<index], as: UTF8.self))
            }
        }

        static func isNumberByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
                || byte == UInt8(ascii: "E")
        }

        mutating func word(_ text: String) throws(JSONBError) {
            let expected = Array(text.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected
            else { throw JSONBError("invalid input syntax for type json") }
            index += expected.count
        }

        mutating func string() throws(JSONBError) -> String {
            index += 1
            var output: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return String(decoding: output, as: UTF8.self)
                }
                guard byte == UInt8(ascii: "\\") else {
                    output.append(byte)
                    index += 1
                    continue
                }
                guard index + 1 < bytes.count else { break }
                let escaped = bytes[index + 1]
                index += 2
                switch escaped {
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "b"): output.append(0x08)
                case UInt8(ascii: "f"): output.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else {
                        throw JSONBError("invalid input syntax for type json")
                    }
                    output.append(contentsOf: Array(String(Character(unicode)).utf8))
                default: output.append(escaped)
                }
            }
            throw JSONBError("invalid input syntax for type json")
        }

        mutating func hex4() throws(JSONBError) -> UInt32 {
            guard index + 4 <= bytes.count,
                let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
            else { throw JSONBError("invalid input syntax for type json") }
            index += 4
            return value
        }
    }
}

/// An error of a jsonb operation, with PostgreSQL's message (its SQLSTATE follows from the message).
struct JSONBError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
