/// A JSON value as a tree, for the texts Avro keeps in JSON: schemas and field defaults.
///
/// Records' bytes never pass through here; schemas are parsed once per writer, so a tree is simpler than the tape.
public indirect enum AvroJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number as its token, so that a long default keeps all its digits.
    case number(String)
    case string(String)
    case array([AvroJSON])
    case object([String: AvroJSON])

    /// Parses RFC 8259 JSON text; a later duplicate key replaces an earlier one.
    public init(parsing text: String) throws(DecodeError) {
        var text = text
        let result: Result<AvroJSON, DecodeError> = text.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            var parser = JSONParser(bytes)
            do throws(DecodeError) {
                try parser.parse()
            } catch {
                return .failure(error)
            }
            return parser.unescaped.withUnsafeBytes { unescaped in
                var index = 0
                return .success(Self.tree(parser.nodes, &index, bytes, unescaped))
            }
        }
        self = try result.get()
    }

    private static func tree(
        _ nodes: [JSONNode], _ index: inout Int, _ input: UnsafeRawBufferPointer, _ unescaped: UnsafeRawBufferPointer
    ) -> AvroJSON {
        let node = nodes[index]
        index += 1
        func text(_ node: JSONNode, _ bytes: UnsafeRawBufferPointer) -> String {
            String(decoding: bytes[Int(node.start)..<Int(node.start + node.count)], as: UTF8.self)
        }
        switch node.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .number, .exponentNumber: return .number(text(node, input))
        case .string: return .string(text(node, input))
        case .escapedString: return .string(text(node, unescaped))
        case .array:
            var elements: [AvroJSON] = []
            for _ in 0..<node.count {
                elements.append(tree(nodes, &index, input, unescaped))
            }
            return .array(elements)
        case .object:
            var members: [String: AvroJSON] = [:]
            for _ in 0..<node.count {
                guard case .string(let key) = tree(nodes, &index, input, unescaped) else { continue }
                members[key] = tree(nodes, &index, input, unescaped)
            }
            return .object(members)
        }
    }

    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    subscript(key: String) -> AvroJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}
