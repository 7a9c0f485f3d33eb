import Testing

@testable import Formats

/// Records written by fastavro, read back with the writer's own schema: every type, nesting, and malformed input.
@Suite struct AvroDecoderTests {
    static let scalars: [(String, String, AvroValue)] = [
        (#""null""#, "null", AvroValue.null),
        (#""boolean""#, "true", .boolean(true)),
        (#""boolean""#, "false", .boolean(false)),
        (#""int""#, "0", .int(0)),
        (#""int""#, "-1", .int(-1)),
        (#""int""#, "2147483647", .int(.max)),
        (#""int""#, "-2147483648", .int(.min)),
        (#""long""#, "9223372036854775807", .long(.max)),
        (#""long""#, "-9223372036854775808", .long(.min)),
        (#""long""#, "300", .long(300)),
        (#""float""#, "1.5", .float(1.5)),
        (#""float""#, "-0.0", .float(-0.0)),
        (#""double""#, "0.1", .double(0.1)),
        (#""double""#, "1e308", .double(1e308)),
        (#""double""#, "Infinity", .double(.infinity)),
        (#""double""#, "-Infinity", .double(-.infinity)),
        (#""bytes""#, #""\u0000\u00ffab""#, .bytes([0, 255, 97, 98])),
        (#""bytes""#, #""""#, .bytes([])),
        (#""string""#, #""héllo ✓""#, .string("héllo ✓")),
        (#""string""#, #""""#, .string("")),
        (#"{"type": "fixed", "name": "F", "size": 3}"#, #""abc""#, .fixed([97, 98, 99])),
        (#"{"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}"#, #""C""#, .enumeration(2)),
        (#"{"type": "array", "items": "int"}"#, "[1, -2, 3]", .array([.int(1), .int(-2), .int(3)])),
        (#"{"type": "array", "items": "int"}"#, "[]", .array([])),
        (
            #"{"type": "map", "values": "long"}"#, #"{"a": 1, "b": 2}"#,
            .map([AvroMapEntry(key: "a", value: .long(1)), AvroMapEntry(key: "b", value: .long(2))])
        ),
        (#"["null", "string"]"#, "null", .union(branch: 0, .null)),
        (#"["null", "string"]"#, #""x""#, .union(branch: 1, .string("x"))),
        (#"["int", "string"]"#, #"{"branch": 1, "value": "7"}"#, .union(branch: 1, .string("7"))),
        (#"{"type": "int", "logicalType": "date"}"#, "19000", .int(19000)),
        (#"{"type": "long", "logicalType": "timestamp-micros"}"#, "-1", .long(-1)),
        (
            #"{"type": "string", "logicalType": "uuid"}"#, #""0b5a3c5e-1f4e-4d8a-9c3e-2f4f5a6b7c8d""#,
            .string("0b5a3c5e-1f4e-4d8a-9c3e-2f4f5a6b7c8d")
        ),
        (#"{"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}"#, #""-1.23""#, .bytes([0x85])),
    ]

    @Test(arguments: scalars)
    func scalar(schema: String, value: String, expected: AvroValue) throws {
        #expect(try AvroPeer.roundTrip(schema, value) == expected)
    }

    static let nested = #"""
        {"type": "record", "name": "Order", "namespace": "shop", "fields": [
            {"name": "id", "type": "long"},
            {"name": "customer", "type": {"type": "record", "name": "Customer", "fields": [
                {"name": "name", "type": "string"},
                {"name": "tags", "type": {"type": "array", "items": "string"}}]}},
            {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "Line", "fields": [
                {"name": "sku", "type": "string"}, {"name": "qty", "type": "int"}]}}},
            {"name": "attributes", "type": {"type": "map", "values": {"type": "map", "values": "double"}}},
            {"name": "shipTo", "type": ["null", "Customer"]},
            {"name": "other", "type": ["null", "shop.Line"]}
        ]}
        """#

    @Test func nestedRecordsArraysAndMaps() throws {
        let value = try AvroPeer.roundTrip(
            Self.nested,
            #"""
            {"id": 7, "customer": {"name": "Ada", "tags": ["a", "b"]},
             "lines": [{"sku": "x", "qty": 2}, {"sku": "y", "qty": -3}],
             "attributes": {"m": {"k": 1.5}}, "shipTo": {"name": "Bob", "tags": []}, "other": null}
            """#.split(separator: "\n").joined())
        #expect(
            value
                == .record([
                    .long(7), .record([.string("Ada"), .array([.string("a"), .string("b")])]),
                    .array([.record([.string("x"), .int(2)]), .record([.string("y"), .int(-3)])]),
                    .map([AvroMapEntry(key: "m", value: .map([AvroMapEntry(key: "k", value: .double(1.5))]))]),
                    .union(branch: 1, .record([.string("Bob"), .array([])])), .union(branch: 0, .null),
                ]))
    }

    @Test func negativeBlockCountsWithSizes() throws {
        // Two blocks of an array of ints, the first with a negative count and its byte size: [1, 2], [3].
        let bytes: [UInt8] = [0x03, 0x04, 0x02, 0x04, 0x02, 0x06, 0x00]
        let decoder = AvroDecoder(schema: try AvroSchema(parsing: #"{"type": "array", "items": "int"}"#))
        #expect(try bytes.withUnsafeBytes { try decoder.decode($0) } == .array([.int(1), .int(2), .int(3)]))
        // The same block skipped as a writer field the reader drops.
        let writer =
            #"{"type": "record", "name": "R", "fields": [{"name": "a", "type": {"type": "array", "items": "int"}}, {"name": "b", "type": "int"}]}"#
        let reader = #"{"type": "record", "name": "R", "fields": [{"name": "b", "type": "int"}]}"#
        let skipping = try AvroDecoder(writer: try AvroSchema(parsing: writer), reader: try AvroSchema(parsing: reader))
        #expect(try (bytes + [0x54]).withUnsafeBytes { try skipping.decode($0) } == .record([.int(42)]))
    }

    @Test func truncatedRecordsAreErrors() throws {
        let bytes = try AvroPeer.encode(
            Self.nested,
            #"{"id": 300, "customer": {"name": "Ada", "tags": ["a"]}, "lines": [{"sku": "x", "qty": 2}], "attributes": {"m": {"k": 1.5}}, "shipTo": null, "other": null}"#
        )
        let decoder = AvroDecoder(schema: try AvroSchema(parsing: Self.nested))
        #expect(throws: Never.self) { try bytes.withUnsafeBytes { try decoder.decode($0) } }
        for length in 0..<bytes.count {
            #expect(throws: DecodeError.self) { try bytes[..<length].withUnsafeBytes { try decoder.decode($0) } }
        }
        #expect(throws: DecodeError("invalid Avro record: 1 bytes left over after the value, at byte \(bytes.count)")) {
            try (bytes + [0]).withUnsafeBytes { try decoder.decode($0) }
        }
    }

    /// Every single-byte corruption of a record decodes or is a DecodeError (typed throws: never a crash).
    @Test func corruptedRecordsNeverCrash() throws {
        let bytes = try AvroPeer.encode(
            Self.nested,
            #"{"id": -5, "customer": {"name": "Ada", "tags": ["a", "bc"]}, "lines": [{"sku": "x", "qty": 2}], "attributes": {"m": {"k": 1.5}, "n": {}}, "shipTo": {"name": "B", "tags": []}, "other": {"sku": "s", "qty": 1}}"#
        )
        let decoder = AvroDecoder(schema: try AvroSchema(parsing: Self.nested))
        var decoded = 0
        for position in bytes.indices {
            for replacement: UInt8 in [0x00, 0x01, 0x7F, 0x80, 0xFF, bytes[position] ^ 0x40] {
                var corrupted = bytes
                corrupted[position] = replacement
                if (try? corrupted.withUnsafeBytes { try decoder.decode($0) }) != nil {
                    decoded += 1
                }
            }
        }
        #expect(decoded > 0)
    }

    static let malformed: [(String, [UInt8])] = [
        // A string claiming 2^62 bytes, an array claiming 2^62 items, an overlong varint, a bad union index.
        (#""string""#, [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F] as [UInt8]),
        (#"{"type": "array", "items": "null"}"#, [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]),
        (#"{"type": "array", "items": "long"}"#, [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]),
        (#""int""#, [0x80, 0x80, 0x80, 0x80, 0x10]),
        (#"["null", "int"]"#, [0x04]),
        (#""boolean""#, [0x02]),
        (#""string""#, [0x02, 0xFF]),
        (#"{"type": "enum", "name": "E", "symbols": ["A"]}"#, [0x02]),
        (#"{"type": "map", "values": "int"}"#, [0x01, 0x02]),
    ]

    @Test(arguments: malformed)
    func malformedRecordsAreErrors(schema: String, bytes: [UInt8]) throws {
        let decoder = AvroDecoder(schema: try AvroSchema(parsing: schema))
        #expect(throws: DecodeError.self) { try bytes.withUnsafeBytes { try decoder.decode($0) } }
    }
}
