import Testing

@testable import Formats

/// Schema evolution: records fastavro wrote with an older or newer schema, read with the reader's.
@Suite struct AvroResolutionTests {
    static func record(_ fields: String, name: String = "User") -> String {
        #"{"type": "record", "name": "\#(name)", "namespace": "app", "fields": [\#(fields)]}"#
    }

    @Test func addedFieldTakesItsDefault() throws {
        let writer = Self.record(#"{"name": "id", "type": "int"}"#)
        let reader = Self.record(
            #"""
            {"name": "id", "type": "int"}, {"name": "email", "type": ["null", "string"], "default": null},
            {"name": "score", "type": "double", "default": 1.5}, {"name": "raw", "type": "bytes", "default": "\u00ff"},
            {"name": "tags", "type": {"type": "array", "items": "string"}, "default": ["a"]},
            {"name": "home", "type": {"type": "record", "name": "Address", "fields": [
                {"name": "city", "type": "string", "default": "Oslo"}]}, "default": {}}
            """#)
        #expect(
            try AvroPeer.roundTrip(writer, #"{"id": 5}"#, reader: reader)
                == .record([
                    .int(5), .union(branch: 0, .null), .double(1.5), .bytes([0xFF]), .array([.string("a")]),
                    .record([.string("Oslo")]),
                ]))
    }

    @Test func removedAndReorderedFields() throws {
        let writer = Self.record(
            #"{"name": "a", "type": "string"}, {"name": "gone", "type": {"type": "map", "values": {"type": "array", "items": "long"}}}, {"name": "b", "type": "long"}"#
        )
        let reader = Self.record(#"{"name": "b", "type": "long"}, {"name": "a", "type": "string"}"#)
        #expect(
            try AvroPeer.roundTrip(writer, #"{"a": "x", "gone": {"k": [1, 2, 3]}, "b": 9}"#, reader: reader)
                == .record([.long(9), .string("x")]))
    }

    @Test func renamedFieldByAlias() throws {
        let writer = Self.record(#"{"name": "old", "type": "int"}"#, name: "Before")
        let reader = #"""
            {"type": "record", "name": "User", "aliases": ["Before"], "fields": [
                {"name": "new", "aliases": ["old"], "type": "int"}]}
            """#
        #expect(try AvroPeer.roundTrip(writer, #"{"old": 3}"#, reader: reader) == .record([.int(3)]))
    }

    static let promotions: [(String, String, String, AvroValue)] = [
        (#""int""#, #""long""#, "-7", AvroValue.long(-7)),
        (#""int""#, #""float""#, "16777217", .float(16_777_216)),
        (#""int""#, #""double""#, "7", .double(7)),
        (#""long""#, #""float""#, "3", .float(3)),
        (#""long""#, #""double""#, "9007199254740993", .double(9_007_199_254_740_992)),
        (#""float""#, #""double""#, "0.1", .double(Double(Float(0.1)))),
        (#""string""#, #""bytes""#, #""hé""#, .bytes([0x68, 0xC3, 0xA9])),
        (#""bytes""#, #""string""#, #""hi""#, .string("hi")),
        (#""int""#, #"["null", "long"]"#, "1", .union(branch: 1, .long(1))),
        (#""string""#, #"["null", "int", "string"]"#, #""s""#, .union(branch: 2, .string("s"))),
        (#"["null", "int"]"#, #""long""#, "4", .long(4)),
        (#"["null", "int"]"#, #"["string", "long", "null"]"#, "null", .union(branch: 2, .null)),
        (#"["null", "int"]"#, #"["string", "long", "null"]"#, "4", .union(branch: 1, .long(4))),
    ]

    @Test(arguments: promotions)
    func promotionsAndUnions(writer: String, reader: String, value: String, expected: AvroValue) throws {
        #expect(try AvroPeer.roundTrip(writer, value, reader: reader) == expected)
    }

    @Test func enumWithNewSymbolTakesTheReaderDefault() throws {
        let writer = #"{"type": "enum", "name": "Color", "symbols": ["RED", "GREEN", "PURPLE"]}"#
        let reader = #"{"type": "enum", "name": "Color", "symbols": ["UNKNOWN", "GREEN", "RED"], "default": "UNKNOWN"}"#
        #expect(try AvroPeer.roundTrip(writer, #""RED""#, reader: reader) == .enumeration(2))
        #expect(try AvroPeer.roundTrip(writer, #""PURPLE""#, reader: reader) == .enumeration(0))
        let strict = #"{"type": "enum", "name": "Color", "symbols": ["GREEN", "RED"]}"#
        #expect(try AvroPeer.roundTrip(writer, #""GREEN""#, reader: strict) == .enumeration(0))
        #expect(throws: DecodeError.self) { try AvroPeer.roundTrip(writer, #""PURPLE""#, reader: strict) }
    }

    @Test func writerUnionBranchTheReaderCannotRead() throws {
        #expect(try AvroPeer.roundTrip(#"["null", "string"]"#, #""x""#, reader: #""string""#) == .string("x"))
        #expect(throws: DecodeError.self) {
            try AvroPeer.roundTrip(#"["null", "string"]"#, "null", reader: #""string""#)
        }
    }

    static let incompatible: [(String, String, String)] = [
        (
            record(#"{"name": "id", "type": "int"}"#),
            record(#"{"name": "id", "type": "int"}, {"name": "x", "type": "int"}"#),
            "incompatible Avro schemas at User.x: the writer's app.User has no field x and the reader's field has no default; add a \"default\" to the reader's field"
        ),
        (
            record(#"{"name": "id", "type": "long"}"#), record(#"{"name": "id", "type": "int"}"#),
            "incompatible Avro schemas at User.id: the writer's long cannot be read as the reader's int"
        ),
        (
            record(
                #"{"name": "n", "type": {"type": "record", "name": "In", "fields": [{"name": "v", "type": "string"}]}}"#
            ),
            record(
                #"{"name": "n", "type": {"type": "record", "name": "In", "fields": [{"name": "v", "type": "double"}]}}"#
            ),
            "incompatible Avro schemas at User.n.v: the writer's string cannot be read as the reader's double"
        ),
        (
            record(#"{"name": "id", "type": "int"}"#, name: "A"), record(#"{"name": "id", "type": "int"}"#, name: "B"),
            "incompatible Avro schemas at B: the writer's app.A cannot be read as the reader's app.B"
        ),
        (
            #"{"type": "fixed", "name": "F", "size": 4}"#, #"{"type": "fixed", "name": "F", "size": 8}"#,
            "incompatible Avro schemas at F: the writer's F cannot be read as the reader's F"
        ),
        (
            #"{"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}"#,
            #"{"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 3}"#,
            "incompatible Avro schemas at value: the writer's decimal(9, 2) cannot be read as the reader's decimal(9, 3)"
        ),
        (
            #"["string", "null"]"#, #"["int", "long"]"#,
            "incompatible Avro schemas at value: the writer's string cannot be read as the reader's union [int, long]"
        ),
    ]

    @Test(arguments: incompatible)
    func incompatibleSchemasAreErrorsAtPlanTime(writer: String, reader: String, message: String) throws {
        #expect(throws: DecodeError(message)) {
            try AvroDecoder(writer: try AvroSchema(parsing: writer), reader: try AvroSchema(parsing: reader))
        }
    }
}
