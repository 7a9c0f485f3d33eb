import Testing

@testable import Formats

/// `AvroRowDecoder` (its texts and its cells) against the tree path (`AvroDecoder` then `AvroText.columns`): the
/// same columns and the same errors for every type, every evolution case the other Avro tests use, random records fastavro wrote, and
/// truncated, corrupted and random bytes.
@Suite struct AvroRowDecoderTests {
    /// Both paths' answers for `bytes`, which must be equal, messages included.
    static func expectSame(
        _ bytes: [UInt8], writer: String, reader: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let writerSchema = try AvroSchema(parsing: writer)
        let readerSchema = try AvroSchema(parsing: reader ?? writer)
        let tree = try AvroDecoder(writer: writerSchema, reader: readerSchema)
        let rows = try AvroRowDecoder(writer: writerSchema, reader: readerSchema)
        try expectSame(bytes, tree, rows, sourceLocation: sourceLocation)
    }

    /// Whether the record decoded (on both paths, when they agree).
    @discardableResult
    static func expectSame(
        _ bytes: [UInt8], _ tree: AvroDecoder, _ rows: AvroRowDecoder, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Bool {
        let expected = bytes.withUnsafeBytes { raw in
            Result { () throws(DecodeError) in try AvroText.columns(try tree.decode(raw), tree.reader) }
        }
        let actual = bytes.withUnsafeBytes { raw in Result { () throws(DecodeError) in try rows.decode(raw) } }
        #expect(actual == expected, "bytes \(bytes)", sourceLocation: sourceLocation)
        let cells = bytes.withUnsafeBytes { raw in Result { () throws(DecodeError) in try rows.decodeCells(raw) } }
        #expect(cells.map { $0.map(\.columnText) } == expected, "cells of \(bytes)", sourceLocation: sourceLocation)
        let sunk = bytes.withUnsafeBytes { raw in
            Result { () throws(DecodeError) in
                var sink = CollectingSink()
                try rows.decode(raw, into: &sink)
                return sink.columns.map { $0.cell(in: raw) }
            }
        }
        // By description, so that a NaN matches a NaN of the same type and payload.
        #expect("\(sunk)" == "\(cells)", "sink of \(bytes)", sourceLocation: sourceLocation)
        return (try? actual.get()) != nil
    }

    /// The columns `decode(_:into:)` gives, in order.
    struct CollectingSink: AvroRowSink {
        var columns: [AvroSinkCell] = []
        mutating func append(_ column: AvroSinkCell) { columns.append(column) }
    }

    /// A record around a field of `schema`, so each type is also checked as one of several columns.
    static func wrapped(_ schema: String) -> String {
        #"{"type": "record", "name": "Wrap", "fields": [{"name": "a", "type": "long"}, {"name": "x", "type": \#(schema)}, {"name": "b", "type": "string"}]}"#
    }

    static func wrapped(value: String) -> String { #"{"a": -3, "x": \#(value), "b": "end"}"# }

    static let scalars: [(String, String)] =
        AvroDecoderTests.scalars.map { ($0.0, $0.1) } + AvroTextTests.scalars.map { ($0.0, $0.1) }
        + AvroTextTests.outOfRange

    @Test(arguments: scalars)
    func everyScalarAloneAndInARecord(schema: String, value: String) throws {
        try Self.expectSame(try AvroPeer.encode(schema, value), writer: schema)
        try Self.expectSame(
            try AvroPeer.encode(Self.wrapped(schema), Self.wrapped(value: value)), writer: Self.wrapped(schema))
    }

    @Test(arguments: AvroResolutionTests.promotions)
    func promotionsAndUnions(writer: String, reader: String, value: String, _: AvroValue) throws {
        try Self.expectSame(try AvroPeer.encode(writer, value), writer: writer, reader: reader)
        try Self.expectSame(
            try AvroPeer.encode(Self.wrapped(writer), Self.wrapped(value: value)), writer: Self.wrapped(writer),
            reader: Self.wrapped(reader))
    }

    @Test(arguments: AvroResolutionTests.incompatible)
    func incompatibleSchemasAreTheSameErrors(writer: String, reader: String, message: String) throws {
        #expect(throws: DecodeError(message)) {
            try AvroRowDecoder(writer: try AvroSchema(parsing: writer), reader: try AvroSchema(parsing: reader))
        }
    }

    @Test func evolution() throws {
        func user(_ fields: String, name: String = "User") -> String { AvroResolutionTests.record(fields, name: name) }
        // Added fields with defaults, of every kind.
        try Self.expectSame(
            try AvroPeer.encode(user(#"{"name": "id", "type": "int"}"#), #"{"id": 5}"#),
            writer: user(#"{"name": "id", "type": "int"}"#),
            reader: user(
                #"""
                {"name": "id", "type": "int"}, {"name": "email", "type": ["null", "string"], "default": null},
                {"name": "score", "type": "double", "default": 1.5}, {"name": "raw", "type": "bytes", "default": "\u00ff"},
                {"name": "tags", "type": {"type": "array", "items": "string"}, "default": ["a"]},
                {"name": "when", "type": {"type": "long", "logicalType": "timestamp-millis"}, "default": 1000},
                {"name": "home", "type": {"type": "record", "name": "Address", "fields": [
                    {"name": "city", "type": "string", "default": "Oslo"}]}, "default": {}}
                """#))
        // A default without PostgreSQL text is the error of every record, after the record's own errors.
        let badDefault = user(
            #"{"name": "id", "type": "int"}, {"name": "t", "type": {"type": "int", "logicalType": "time-millis"}, "default": -1}"#
        )
        try Self.expectSame([0x0A], writer: user(#"{"name": "id", "type": "int"}"#), reader: badDefault)
        try Self.expectSame([0x0A, 0x00], writer: user(#"{"name": "id", "type": "int"}"#), reader: badDefault)
        // Removed and reordered fields, renamed by alias.
        let removed = user(
            #"{"name": "a", "type": "string"}, {"name": "gone", "type": {"type": "map", "values": {"type": "array", "items": "long"}}}, {"name": "b", "type": "long"}"#
        )
        try Self.expectSame(
            try AvroPeer.encode(removed, #"{"a": "x", "gone": {"k": [1, 2, 3]}, "b": 9}"#), writer: removed,
            reader: user(#"{"name": "b", "type": "long"}, {"name": "a", "type": "string"}"#))
        try Self.expectSame(
            try AvroPeer.encode(user(#"{"name": "old", "type": "int"}"#, name: "Before"), #"{"old": 3}"#),
            writer: user(#"{"name": "old", "type": "int"}"#, name: "Before"),
            reader: #"""
                {"type": "record", "name": "User", "aliases": ["Before"], "fields": [
                    {"name": "new", "aliases": ["old"], "type": "int"}]}
                """#)
        // Enums with a reader default, and without one.
        let color = #"{"type": "enum", "name": "Color", "symbols": ["RED", "GREEN", "PURPLE"]}"#
        for reader in [
            #"{"type": "enum", "name": "Color", "symbols": ["UNKNOWN", "GREEN", "RED"], "default": "UNKNOWN"}"#,
            #"{"type": "enum", "name": "Color", "symbols": ["GREEN", "RED"]}"#,
        ] {
            for symbol in ["RED", "GREEN", "PURPLE"] {
                let value = "\"\(symbol)\""
                try Self.expectSame(try AvroPeer.encode(color, value), writer: color, reader: reader)
                try Self.expectSame(
                    try AvroPeer.encode(Self.wrapped(color), Self.wrapped(value: value)), writer: Self.wrapped(color),
                    reader: Self.wrapped(reader))
            }
        }
        // A writer's union branch the reader cannot read.
        for value in ["null", #""x""#] {
            try Self.expectSame(
                try AvroPeer.encode(#"["null", "string"]"#, value), writer: #"["null", "string"]"#,
                reader: #""string""#)
            try Self.expectSame(
                try AvroPeer.encode(Self.wrapped(#"["null", "string"]"#), Self.wrapped(value: value)),
                writer: Self.wrapped(#"["null", "string"]"#), reader: Self.wrapped(#""string""#))
        }
        // A writer's union of records into a reader's record takes the tree path.
        let inner = #"{"type": "record", "name": "R", "fields": [{"name": "v", "type": "int"}]}"#
        for value in ["null", #"{"v": 4}"#] {
            try Self.expectSame(
                try AvroPeer.encode("[\"null\", \(inner)]", value), writer: "[\"null\", \(inner)]", reader: inner)
        }
    }

    @Test func cellsKeepNumbersAndBytes() throws {
        let schema = Self.wrapped(#"["null", "bytes"]"#)
        let bytes = try AvroPeer.encode(schema, Self.wrapped(value: #""\u00ff""#))
        let rows = AvroRowDecoder(schema: try AvroSchema(parsing: schema))
        #expect(try bytes.withUnsafeBytes { try rows.decodeCells($0) } == [.integer(-3), .bytes([0xFF]), .text("end")])
    }

    /// A sink gets strings (ASCII or not, empty too) and bytes as their place in the record, and text that is not
    /// kept as it is (a uuid, an enum symbol) and numbers as cells.
    @Test func sinkGetsStringsAndBytesInPlace() throws {
        let schema =
            #"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"}, {"name": "b", "type": ["null", "bytes"]}, {"name": "s", "type": "string"}, {"name": "u", "type": {"type": "string", "logicalType": "uuid"}}, {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["X", "Y"]}}, {"name": "n", "type": "string"}]}"#
        let bytes = try AvroPeer.encode(
            schema,
            #"{"a": -3, "b": "\u00ff\u0001", "s": "h\u00e9", "u": "123e4567-e89b-12d3-a456-426614174000", "e": "Y", "n": ""}"#
        )
        let rows = AvroRowDecoder(schema: try AvroSchema(parsing: schema))
        var sink = CollectingSink()
        try bytes.withUnsafeBytes { try rows.decode($0, into: &sink) }
        #expect(
            sink.columns == [
                .cell(.integer(-3)), .bytesRange(3..<5), .textRange(6..<9),
                .cell(.text("123e4567-e89b-12d3-a456-426614174000")), .cell(.text("Y")), .textRange(48..<48),
            ])
    }

    @Test func nestedRecordsArraysAndMaps() throws {
        let value =
            #"{"id": 7, "customer": {"name": "Ada", "tags": ["a", "b"]}, "lines": [{"sku": "x", "qty": 2}, {"sku": "y", "qty": -3}], "attributes": {"m": {"k": 1.5}}, "shipTo": {"name": "Bob", "tags": []}, "other": null}"#
        try Self.expectSame(try AvroPeer.encode(AvroDecoderTests.nested, value), writer: AvroDecoderTests.nested)
    }

    @Test(arguments: AvroDecoderTests.malformed)
    func malformedRecords(schema: String, bytes: [UInt8]) throws {
        try Self.expectSame(bytes, writer: schema)
        try Self.expectSame([0x02] + bytes + [0x02, 0x41], writer: Self.wrapped(schema))
    }

    @Test func truncatedAndCorruptedRecords() throws {
        let tree = AvroDecoder(schema: try AvroSchema(parsing: Self.wide))
        let rows = AvroRowDecoder(schema: try AvroSchema(parsing: Self.wide))
        var random = SplitMix64(seed: 7)
        for _ in 0..<4 {
            let bytes = try AvroPeer.encode(Self.wide, Self.randomWide(&random))
            try Self.expectSame(bytes + [0], tree, rows)
            for length in 0...bytes.count {
                try Self.expectSame(Array(bytes[..<length]), tree, rows)
            }
            for position in bytes.indices {
                for replacement: UInt8 in [0x00, 0x01, 0x7F, 0x80, 0xFF, bytes[position] ^ 0x40] {
                    var corrupted = bytes
                    corrupted[position] = replacement
                    try Self.expectSame(corrupted, tree, rows)
                }
            }
        }
    }

    @Test func randomBytes() throws {
        var random = SplitMix64(seed: 11)
        for schema in [Self.wide, AvroDecoderTests.nested] {
            let tree = AvroDecoder(schema: try AvroSchema(parsing: schema))
            let rows = AvroRowDecoder(schema: try AvroSchema(parsing: schema))
            for _ in 0..<3000 {
                let bytes = (0..<random.below(80)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                try Self.expectSame(bytes, tree, rows)
            }
        }
    }

    /// Random records of every type fastavro wrote, read with the writer's schema and with an evolved reader.
    @Test func randomRecordsFromFastavro() throws {
        var random = SplitMix64(seed: 3)
        let values = (0..<300).map { _ in Self.randomWide(&random) }
        let writer = try AvroSchema(parsing: Self.wide)
        let pairs = try [Self.wide, Self.evolved].map { reader in
            let reader = try AvroSchema(parsing: reader)
            return (try AvroDecoder(writer: writer, reader: reader), try AvroRowDecoder(writer: writer, reader: reader))
        }
        var decoded = 0
        for bytes in try AvroPeer.encode(Self.wide, values) {
            for (tree, rows) in pairs where try Self.expectSame(bytes, tree, rows) {
                decoded += 1
            }
        }
        // Both outcomes are well represented: clean records decode, most with edge cases do not.
        #expect(decoded > values.count / 2 && decoded < 2 * values.count)
    }
}
