/// `FORMAT JSON`: a record's bytes as one `jsonb` column, in the text PostgreSQL 15 prints for it.
///
/// Clients compare what they read with PostgreSQL, so the text is jsonb's canonical form rather than the
/// producer's: keys sorted and unique, one space after `,` and `:`, numbers as numeric prints them.
public enum JSONFormat {
    /// Parses RFC 8259 JSON and returns the text PostgreSQL 15 prints for the value cast to jsonb.
    ///
    /// Whitespace may surround the value, and a scalar may stand alone. Invalid UTF-8, `\u0000` (text cannot
    /// hold it), lone surrogates, numbers numeric cannot hold and nesting deeper than 1000 are errors.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> String {
        var parser = JSONParser(bytes)
        try parser.parse()
        return jsonb(of: 0, parsed: parser, from: bytes)
    }

    /// jsonb's text of the value at node `root` of a parsed document (the whole document when 0).
    static func jsonb(of root: Int, parsed parser: JSONParser, from bytes: UnsafeRawBufferPointer) -> String {
        parser.unescaped.withUnsafeBytes { unescaped in
            parser.nodes.withUnsafeBufferPointer { nodes in
                // The writer's stacks are bounded by the document, so they live on the call stack when small.
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: nodes.count) { members in
                    withUnsafeTemporaryAllocation(of: JSONWriter.Frame.self, capacity: parser.deepest) { frames in
                        // A value's text is never longer than the whole document's.
                        String(unsafeUninitializedCapacity: parser.outputLength) { output in
                            var writer = JSONWriter(
                                input: bytes, unescaped: unescaped, nodes: nodes, output: output, members: members,
                                frames: frames)
                            writer.write(from: root)
                            assert(root != 0 || writer.output.count == parser.outputLength || writer.leftOutDuplicates)
                            return writer.output.count
                        }
                    }
                }
            }
        }
    }

    /// A JSON string literal for `text` as jsonb prints it (quotes and escapes), for building jsonb values.
    ///
    /// A U+0000 in `text` comes out as `\u0000`, which PostgreSQL would not accept back as jsonb.
    public static func quoted(_ text: String) -> String {
        var text = text
        return text.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            return String(unsafeUninitializedCapacity: OutputBuffer.quotedCount(bytes)) { memory in
                var output = OutputBuffer(memory)
                output.appendQuoted(bytes)
                return output.count
            }
        }
    }

    /// Appends a jsonb object of `members` (key, value already as jsonb text) as PostgreSQL prints one: keys shorter
    /// first, then in byte order, `", "` between members and `": "` after each key.
    static func appendObject(_ members: [(String, String)], to text: inout String) {
        let sorted = members.sorted { a, b in
            a.0.utf8.count != b.0.utf8.count
                ? a.0.utf8.count < b.0.utf8.count : a.0.utf8.lexicographicallyPrecedes(b.0.utf8)
        }
        text += "{"
        for (index, member) in sorted.enumerated() {
            if index > 0 { text += ", " }
            text += quoted(member.0) + ": " + member.1
        }
        text += "}"
    }
}
