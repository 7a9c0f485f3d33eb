/// Debezium's change events as its JSON converter writes them, for `FORMAT JSON ENVELOPE DEBEZIUM`: with schemas off
/// `{"before": …, "after": …, "op": "c"|"r"|"u"|"d", …}`, with schemas on the same envelope as the `payload` of
/// `{"schema": …, "payload": …}`.
///
/// The relation keeps the `after` row as one jsonb value, in the text PostgreSQL prints (`JSONFormat`); keys are read
/// the same way, unwrapped from their `payload` when the converter wrote schemas.
public enum JSONDebezium {
    /// What one event does to the relation.
    public enum Change: Sendable, Hashable {
        /// `c`, `r` (snapshot) or `u`: the `after` row's jsonb text.
        case upsert(String)
        /// `d`, or a schemas-on event whose payload is null.
        case delete
    }

    static let shape =
        "ENVELOPE DEBEZIUM over FORMAT JSON reads Debezium's JSON converter: {\"before\": …, \"after\": …, "
        + "\"op\": \"c\"|\"r\"|\"u\"|\"d\"} or, with schemas on, {\"schema\": …, \"payload\": {…}}"

    /// The change a record's value makes; a value that is no such envelope is an error saying what is expected.
    public static func change(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> Change {
        var parser = JSONParser(bytes)
        do {
            try parser.parse()
        } catch {
            throw DecodeError("not a Debezium change event: \(error.reason)")
        }
        let tape = Tape(parser: parser, bytes: bytes)
        guard tape.kind(0) == .object else {
            throw DecodeError("not a Debezium change event: the value is \(tape.kindName(0)); \(shape)")
        }
        var envelope = 0
        if tape.member("op", of: 0) == nil, let payload = tape.member("payload", of: 0),
            tape.member("schema", of: 0) != nil
        {
            switch tape.kind(payload) {
            case .null: return .delete
            case .object: envelope = payload
            default:
                throw DecodeError(
                    "not a Debezium change event: the payload is \(tape.kindName(payload)), not an object; \(shape)")
            }
        }
        guard let opNode = tape.member("op", of: envelope) else {
            throw DecodeError("not a Debezium change event: it has no \"op\" member; \(shape)")
        }
        guard let op = tape.string(opNode) else {
            throw DecodeError("malformed Debezium event: op is \(tape.kindName(opNode)), not a string such as \"c\"")
        }
        let after = tape.member("after", of: envelope)
        let row = after.flatMap { tape.kind($0) == .null ? nil : $0 }
        switch op {
        case "c", "r", "u":
            guard let row else {
                let missing = after == nil ? "there is no after member" : "after is null"
                throw DecodeError("malformed Debezium event: op \(op) has no row (\(missing)); only op d deletes")
            }
            guard tape.kind(row) == .object else {
                throw DecodeError(
                    "malformed Debezium event: after is \(tape.kindName(row)), not the row's object of columns")
            }
            return .upsert(JSONFormat.jsonb(of: row, parsed: parser, from: bytes))
        case "d":
            guard row == nil else {
                throw DecodeError("malformed Debezium event: op d (delete) has an after row; a delete's after is null")
            }
            return .delete
        default:
            throw DecodeError(
                "Debezium op '\(op)' is not c, r, u or d: truncate (t) and message (m) events change no row here")
        }
    }

    /// A record key's jsonb text: the whole key, or its `payload` when the converter wrote
    /// `{"schema": …, "payload": …}`.
    public static func key(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> String {
        var parser = JSONParser(bytes)
        try parser.parse()
        let tape = Tape(parser: parser, bytes: bytes)
        var root = 0
        if tape.kind(0) == .object, parser.nodes[0].count == 2, let payload = tape.member("payload", of: 0),
            tape.member("schema", of: 0) != nil
        {
            root = payload
        }
        return JSONFormat.jsonb(of: root, parsed: parser, from: bytes)
    }
}

/// Reading a parsed document's nodes: kinds, object members by key, strings.
private struct Tape {
    let parser: JSONParser
    let bytes: UnsafeRawBufferPointer

    func kind(_ node: Int) -> JSONNode.Kind { parser.nodes[node].kind }

    func kindName(_ node: Int) -> String {
        switch kind(node) {
        case .null: return "null"
        case .true, .false: return "a boolean"
        case .number, .exponentNumber: return "a number"
        case .string, .escapedString: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The value node of `object`'s member `key` (the last one, as jsonb keeps), or nil.
    func member(_ key: String, of object: Int) -> Int? {
        let nodes = parser.nodes
        guard nodes[object].kind == .object else { return nil }
        var found: Int?
        var keyNode = object + 1
        for _ in 0..<nodes[object].count {
            if string(keyNode) == key { found = keyNode + 1 }
            keyNode = Int(nodes[keyNode + 1].next)
        }
        return found
    }

    /// A string node's text, or nil for another kind.
    func string(_ node: Int) -> String? {
        let value = parser.nodes[node]
        let range = Int(value.start)..<Int(value.start) + Int(value.count)
        switch value.kind {
        case .string:
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        case .escapedString:
            return String(decoding: parser.unescaped[range], as: UTF8.self)
        default:
            return nil
        }
    }
}
