/// Parses RFC 8259 JSON, as PostgreSQL 15 accepts it for jsonb, into a tape of `JSONNode`s.
///
/// The parser keeps its own stack in the tape (an open container remembers its parent), so a deep document
/// costs heap, not call stack, and the depth limit is a rule rather than a guard against a crash.
struct JSONParser {
    /// Containers may nest this deep; a deeper document is an error naming where it went too deep.
    static let maximumDepth = 1000

    let bytes: UnsafeRawBufferPointer
    let end: Int
    var index = 0
    var nodes: [JSONNode] = []
    /// The text of strings with escapes, unescaped; an `escapedString` node points here.
    var unescaped: [UInt8] = []
    /// The deepest nesting of arrays and objects in the document.
    private(set) var deepest = 0
    /// The whitespace between tokens, which jsonb's text drops.
    private var whitespace = 0
    /// The `,` and `:` between items, each of which jsonb's text follows with a space.
    private var separators = 0
    /// How many bytes longer (or, when negative, shorter) than their tokens strings and numbers print.
    var scalarGrowth = 0

    /// The length of jsonb's text for the document, unless duplicate keys leave members out (then it is less).
    var outputLength: Int { end - whitespace + separators + scalarGrowth }

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.end = bytes.count
        nodes.reserveCapacity(min(bytes.count / 4 + 2, 4096))
    }

    /// Parses the whole input as one JSON value with optional whitespace around it.
    mutating func parse() throws(DecodeError) {
        guard end < Int(Int32.max) else {
            throw DecodeError("invalid JSON: a document of \(end) bytes is larger than 2 GiB")
        }
        var open: Int32 = -1
        var depth = 0
        skipWhitespace()
        value: while true {
            guard index < end else { throw unexpected("a value") }
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = bytes[index] == UInt8(ascii: "{")
                depth += 1
                deepest = max(deepest, depth)
                guard depth <= Self.maximumDepth else {
                    throw DecodeError(
                        "invalid JSON: arrays and objects nest deeper than \(Self.maximumDepth) levels at byte \(index)"
                    )
                }
                let container = Int32(nodes.count)
                nodes.append(JSONNode(start: Int32(index), count: 0, next: open, kind: isObject ? .object : .array))
                open = container
                index += 1
                skipWhitespace()
                if index < end && bytes[index] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                    close(&open)
                    depth -= 1
                } else {
                    try startMember(of: open)
                    continue value
                }
            case UInt8(ascii: "\""):
                try parseString()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try parseNumber()
            case UInt8(ascii: "t"):
                try parseLiteral("true", .true)
            case UInt8(ascii: "f"):
                try parseLiteral("false", .false)
            case UInt8(ascii: "n"):
                try parseLiteral("null", .null)
            default:
                throw unexpected("a value")
            }

            // A value is complete: go on in the innermost open container, closing those that end here.
            while true {
                skipWhitespace()
                guard open >= 0 else { break value }
                let isObject = nodes[Int(open)].kind == .object
                let closer = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                guard index < end else { throw unexpected(isObject ? "',' or '}'" : "',' or ']'") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    separators += 1
                    skipWhitespace()
                    try startMember(of: open)
                    continue value
                }
                guard bytes[index] == closer else { throw unexpected(isObject ? "',' or '}'" : "',' or ']'") }
                index += 1
                close(&open)
                depth -= 1
            }
        }
        guard index == end else { throw unexpected("the end of the input") }
    }

    /// Counts one more element of an open array, or parses the key and colon of one more object member, so
    /// that the next thing to parse is a value.
    @inline(__always)
    private mutating func startMember(of container: Int32) throws(DecodeError) {
        nodes[Int(container)].count += 1
        guard nodes[Int(container)].kind == .object else { return }
        guard index < end && bytes[index] == UInt8(ascii: "\"") else { throw unexpected("a string key") }
        try parseString()
        skipWhitespace()
        guard index < end && bytes[index] == UInt8(ascii: ":") else { throw unexpected("':'") }
        index += 1
        separators += 1
        skipWhitespace()
    }

    /// Ends the open container: its `next` becomes the index after its last child, and its parent is open.
    private mutating func close(_ open: inout Int32) {
        let container = Int(open)
        open = nodes[container].next
        nodes[container].next = Int32(nodes.count)
    }

    @inline(__always)
    mutating func append(_ kind: JSONNode.Kind, start: Int, count: Int) {
        nodes.append(JSONNode(start: Int32(start), count: Int32(count), next: Int32(nodes.count + 1), kind: kind))
    }

    private mutating func parseLiteral(_ literal: StaticString, _ kind: JSONNode.Kind) throws(DecodeError) {
        let start = index
        for offset in 0..<literal.utf8CodeUnitCount {
            guard index < end && bytes[index] == literal.utf8Start[offset] else {
                throw unexpected("\(literal)")
            }
            index += 1
        }
        append(kind, start: start, count: literal.utf8CodeUnitCount)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        let start = index
        scan: while index < end {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                index += 1
            default:
                break scan
            }
        }
        whitespace += index - start
    }

    /// "invalid JSON: unexpected 'x' at byte 7 (expected ',' or '}')", or the UTF-8 error when the byte at
    /// `index` does not start a character.
    func unexpected(_ expected: String) -> DecodeError {
        guard index < end else {
            return DecodeError("invalid JSON: unexpected end of input at byte \(index) (expected \(expected))")
        }
        guard let character = ByteDescription.character(in: bytes, at: index, end: end) else {
            return .invalidUTF8(at: index)
        }
        return DecodeError("invalid JSON: unexpected \(character) at byte \(index) (expected \(expected))")
    }
}
