import Testing

@testable import Formats

/// Schemas parsed from their JSON text: names and namespaces, references, logical types and the errors' paths.
@Suite struct AvroSchemaTests {
    @Test func namespacesAndReferences() throws {
        let schema = try AvroSchema(
            parsing: #"""
                {"type": "record", "name": "Outer", "namespace": "a.b", "doc": "d", "aliases": ["Old"], "fields": [
                    {"name": "inner", "type": {"type": "record", "name": "Inner", "fields": [
                        {"name": "x", "type": "int", "aliases": ["y"], "doc": "the x"}]}},
                    {"name": "again", "type": "Inner"},
                    {"name": "full", "type": "a.b.Inner"},
                    {"name": "other", "type": {"type": "enum", "name": "c.E", "symbols": ["S"], "default": "S"}},
                    {"name": "e2", "type": "c.E"},
                    {"name": "f", "type": {"type": "fixed", "name": "F", "namespace": "", "size": 2}},
                    {"name": "f2", "type": "F"}
                ]}
                """#)
        guard case .record(let outer) = schema else {
            Issue.record("not a record")
            return
        }
        #expect(outer.name == "a.b.Outer")
        #expect(outer.aliases == ["a.b.Old"])
        #expect(outer.doc == "d")
        let inner = AvroSchema.record(
            AvroRecord(
                name: "a.b.Inner", aliases: [], doc: nil,
                fields: [AvroField(name: "x", type: .int, defaultValue: nil, aliases: ["y"], doc: "the x")]))
        #expect(outer.fields.map(\.type)[0..<3] == [inner, inner, inner])
        let enumeration = AvroSchema.enumeration(
            AvroEnum(name: "c.E", aliases: [], doc: nil, symbols: ["S"], defaultSymbol: "S"))
        #expect(outer.fields[3].type == enumeration && outer.fields[4].type == enumeration)
        #expect(outer.fields[5].type == .fixed(AvroFixed(name: "F", aliases: [], size: 2)))
        #expect(outer.fields[6].type == outer.fields[5].type)
    }

    @Test(arguments: [
        (
            #"{"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}"#,
            AvroSchema.decimal(AvroDecimal(precision: 10, scale: 2, fixed: nil))
        ),
        (
            #"{"type": "fixed", "name": "D", "size": 4, "logicalType": "decimal", "precision": 9}"#,
            .decimal(AvroDecimal(precision: 9, scale: 0, fixed: AvroFixed(name: "D", aliases: [], size: 4)))
        ),
        (#"{"type": "string", "logicalType": "uuid"}"#, .uuid),
        (#"{"type": "int", "logicalType": "date"}"#, .date),
        (#"{"type": "int", "logicalType": "time-millis"}"#, .timeMillis),
        (#"{"type": "long", "logicalType": "time-micros"}"#, .timeMicros),
        (#"{"type": "long", "logicalType": "timestamp-millis"}"#, .timestampMillis),
        (#"{"type": "long", "logicalType": "timestamp-micros"}"#, .timestampMicros),
        (#"{"type": "long", "logicalType": "local-timestamp-millis"}"#, .localTimestampMillis),
        (#"{"type": "long", "logicalType": "local-timestamp-micros"}"#, .localTimestampMicros),
        // Unknown or invalid: the underlying type.
        (#"{"type": "long", "logicalType": "date"}"#, .long),
        (#"{"type": "int", "logicalType": "something"}"#, .int),
        (#"{"type": "bytes", "logicalType": "decimal", "precision": 2, "scale": 3}"#, .bytes),
        (#"{"type": "bytes", "logicalType": "decimal", "precision": 0}"#, .bytes),
        (
            #"{"type": "fixed", "name": "D", "size": 2, "logicalType": "decimal", "precision": 5}"#,
            .fixed(AvroFixed(name: "D", aliases: [], size: 2))
        ),
        (
            #"{"type": "fixed", "name": "U", "size": 16, "logicalType": "uuid"}"#,
            .fixed(AvroFixed(name: "U", aliases: [], size: 16))
        ),
    ])
    func logicalTypes(text: String, expected: AvroSchema) throws {
        #expect(try AvroSchema(parsing: text) == expected)
    }

    @Test(arguments: [
        ("{", "invalid Avro schema: invalid JSON: unexpected end of input at byte 1 (expected a string key)"),
        (
            #""integer""#,
            #"invalid Avro schema at schema: unknown type "integer" (named types must be defined before use)"#
        ),
        (
            #"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "Later"}]}"#,
            #"invalid Avro schema at R.a: unknown type "Later" (named types must be defined before use)"#
        ),
        (
            #"{"type": "record", "name": "R", "fields": [{"name": "next", "type": ["null", "R"]}]}"#,
            "unsupported Avro schema at R.next[1]: R refers to itself (recursive types are not supported)"
        ),
        (
            #"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "a", "type": "int"}]}"#,
            "invalid Avro schema at R.a: the field is defined twice"
        ),
        (
            #"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "default": "x"}]}"#,
            #"invalid Avro schema at R.a: the default "x" is not a value of type int"#
        ),
        (
            #"{"type": "record", "name": "R", "fields": [{"name": "u", "type": ["null", "int"], "default": 1}]}"#,
            "invalid Avro schema at R.u: the default 1 is not a value of type null"
        ),
        (
            #"{"type": "record", "name": "1R", "fields": []}"#,
            #"invalid Avro schema at schema: "1R" is not a valid name"#
        ),
        (#"{"type": "record", "name": "R"}"#, #"invalid Avro schema at schema (R): a record needs a "fields" array"#),
        (
            #"{"type": "enum", "name": "E", "symbols": ["A", "A"]}"#,
            "invalid Avro schema at schema (E): symbols must be unique valid names"
        ),
        (
            #"{"type": "enum", "name": "E", "symbols": ["A"], "default": "B"}"#,
            #"invalid Avro schema at schema (E): the default "B" is not a symbol"#
        ),
        (
            #"{"type": "fixed", "name": "F"}"#,
            #"invalid Avro schema at schema (F): a fixed needs a non-negative "size""#
        ),
        (#"{"type": "array"}"#, #"invalid Avro schema at schema: an array needs "items""#),
        (
            #"{"type": "map", "values": {"type": "array", "items": "nope"}}"#,
            #"invalid Avro schema at schema.values.items: unknown type "nope" (named types must be defined before use)"#
        ),
        (#"["null", ["int"]]"#, "invalid Avro schema at schema[1]: a union cannot contain a union"),
        (#"["int", "string", "int"]"#, "invalid Avro schema at schema[2]: the union already has a branch of type int"),
        (
            #"[{"type": "fixed", "name": "F", "size": 1}, {"type": "fixed", "name": "F", "size": 1}]"#,
            "invalid Avro schema at schema[1]: F is defined twice"
        ),
        ("3", "invalid Avro schema at schema: expected a type name, an object or a union's array"),
    ])
    func invalidSchemasNameThePath(text: String, message: String) {
        #expect(throws: DecodeError(message)) { try AvroSchema(parsing: text) }
    }
}
