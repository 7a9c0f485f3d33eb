import Testing

@testable import Formats

/// The PostgreSQL text of Avro values fastavro wrote, for each column type they map to (the expected texts are
/// what PostgreSQL 15 prints for the same values, and `to_jsonb` for the nested ones).
@Suite struct AvroTextTests {
    static func text(_ schema: String, _ value: String) throws -> String? {
        try AvroText.column(try AvroPeer.roundTrip(schema, value), try AvroSchema(parsing: schema))
    }

    static let scalars: [(String, String, String)] = [
        (#""boolean""#, "true", "t"), (#""boolean""#, "false", "f"),
        (#""int""#, "-2147483648", "-2147483648"), (#""long""#, "9223372036854775807", "9223372036854775807"),
        (#""double""#, "0.1", "0.1"), (#""double""#, "100", "100"), (#""double""#, "-0.0", "-0"),
        (#""double""#, "1e15", "1e+15"), (#""double""#, "123456789012345", "123456789012345"),
        (#""double""#, "0.0001", "0.0001"), (#""double""#, "0.00001", "1e-05"),
        (#""double""#, "1.7976931348623157e308", "1.7976931348623157e+308"), (#""double""#, "5e-324", "5e-324"),
        (#""double""#, "NaN", "NaN"), (#""double""#, "Infinity", "Infinity"), (#""double""#, "-Infinity", "-Infinity"),
        (#""float""#, "0.1", "0.1"), (#""float""#, "1000000", "1e+06"), (#""float""#, "123456", "123456"),
        (#""float""#, "3.4028234663852886e38", "3.4028235e+38"),
        (#""string""#, #""it's ✓""#, "it's ✓"), (#""bytes""#, #""hi\u00ff""#, #"\x6869ff"#),
        (#"{"type": "fixed", "name": "F", "size": 2}"#, #""\u0000\u0001""#, #"\x0001"#),
        (#"{"type": "enum", "name": "E", "symbols": ["A", "B"]}"#, #""B""#, "B"),
        (
            #"{"type": "string", "logicalType": "uuid"}"#, #""0b5a3c5e-1f4e-4d8a-9c3e-2f4f5a6b7c8d""#,
            "0b5a3c5e-1f4e-4d8a-9c3e-2f4f5a6b7c8d"
        ),
        (
            #"{"type": "string", "logicalType": "uuid"}"#, #""0B5A3C5E1F4E4D8A9C3E2F4F5A6B7C8D""#,
            "0b5a3c5e-1f4e-4d8a-9c3e-2f4f5a6b7c8d"
        ),
        (#"{"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}"#, #""-1.23""#, "-1.23"),
        (#"{"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}"#, #""0.05""#, "0.05"),
        (#"{"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 3}"#, #""-0.005""#, "-0.005"),
        (#"{"type": "bytes", "logicalType": "decimal", "precision": 5, "scale": 0}"#, #""12345""#, "12345"),
        (#"{"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 4}"#, #""0""#, "0.0000"),
        (
            #"{"type": "bytes", "logicalType": "decimal", "precision": 38, "scale": 10}"#,
            #""-1234567890123456789012345678.0123456789""#, "-1234567890123456789012345678.0123456789"
        ),
        (
            #"{"type": "fixed", "name": "D", "size": 16, "logicalType": "decimal", "precision": 30, "scale": 3}"#,
            #""99999999999999999999999999.999""#, "99999999999999999999999999.999"
        ),
        (#"{"type": "int", "logicalType": "date"}"#, "0", "1970-01-01"),
        (#"{"type": "int", "logicalType": "date"}"#, "19782", "2024-02-29"),
        (#"{"type": "int", "logicalType": "date"}"#, "-719162", "0001-01-01"),
        (#"{"type": "int", "logicalType": "date"}"#, "-719163", "0001-12-31 BC"),
        (#"{"type": "int", "logicalType": "time-millis"}"#, "45296500", "12:34:56.5"),
        (#"{"type": "int", "logicalType": "time-millis"}"#, "0", "00:00:00"),
        (#"{"type": "long", "logicalType": "time-micros"}"#, "86399999999", "23:59:59.999999"),
        (#"{"type": "long", "logicalType": "timestamp-millis"}"#, "1709296205123", "2024-03-01 12:30:05.123"),
        (#"{"type": "long", "logicalType": "timestamp-millis"}"#, "-1", "1969-12-31 23:59:59.999"),
        (#"{"type": "long", "logicalType": "timestamp-micros"}"#, "1709296205000001", "2024-03-01 12:30:05.000001"),
        (#"{"type": "long", "logicalType": "local-timestamp-millis"}"#, "0", "1970-01-01 00:00:00"),
        (#"{"type": "long", "logicalType": "local-timestamp-micros"}"#, "-62135596800000000", "0001-01-01 00:00:00"),
        (
            #"{"type": "long", "logicalType": "timestamp-micros"}"#, "-62135596800000001",
            "0001-12-31 23:59:59.999999 BC"
        ),
        // An unknown or invalid logical type is its underlying type.
        (#"{"type": "long", "logicalType": "nanos"}"#, "5", "5"),
        (#"{"type": "string", "logicalType": "date"}"#, #""x""#, "x"),
        (#"{"type": "bytes", "logicalType": "decimal", "scale": 3}"#, #""a""#, #"\x61"#),
        (#"["null", "long"]"#, "12", "12"),
        (#"["null", {"type": "int", "logicalType": "date"}]"#, "1", "1970-01-02"),
    ]

    @Test(arguments: scalars)
    func scalar(schema: String, value: String, expected: String) throws {
        #expect(try Self.text(schema, value) == expected)
    }

    @Test func recordFieldsAreColumns() throws {
        let writer = #"""
            {"type": "record", "name": "Row", "fields": [
                {"name": "id", "type": "int"}, {"name": "name", "type": ["null", "string"]},
                {"name": "when", "type": {"type": "int", "logicalType": "time-millis"}},
                {"name": "tags", "type": {"type": "array", "items": "string"}}]}
            """#
        let reader = #"""
            {"type": "record", "name": "Row", "fields": [
                {"name": "id", "type": "long"}, {"name": "name", "type": ["null", "string"]},
                {"name": "when", "type": {"type": "int", "logicalType": "time-millis"}},
                {"name": "tags", "type": {"type": "array", "items": "string"}},
                {"name": "added", "type": ["null", "double"], "default": null}]}
            """#
        let value = try AvroPeer.roundTrip(
            writer, #"{"id": 1, "name": null, "when": 1, "tags": ["x", "y"]}"#, reader: reader)
        #expect(
            try AvroText.columns(value, try AvroSchema(parsing: reader))
                == ["1", nil, "00:00:00.001", #"["x", "y"]"#, nil])
        let late = try AvroPeer.roundTrip(
            writer, #"{"id": 1, "name": "n", "when": 86400001, "tags": []}"#, reader: reader)
        #expect(
            throws: DecodeError("column when: the time 86400001000 microseconds after midnight is not within a day")
        ) {
            try AvroText.columns(late, try AvroSchema(parsing: reader))
        }
    }

    @Test func nullUnionIsSQLNull() throws {
        #expect(try Self.text(#"["null", "string"]"#, "null") == nil)
        #expect(try Self.text(#""null""#, "null") == nil)
    }

    @Test func nestedValuesAreJSONB() throws {
        let schema = #"""
            {"type": "record", "name": "R", "fields": [
                {"name": "bb", "type": "int"}, {"name": "a", "type": {"type": "array", "items": "double"}},
                {"name": "ccc", "type": {"type": "map", "values": ["null", "string"]}},
                {"name": "Z", "type": {"type": "record", "name": "In", "fields": [
                    {"name": "t", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                    {"name": "d", "type": {"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 1}},
                    {"name": "b", "type": "bytes"}, {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["X"]}},
                    {"name": "f", "type": "boolean"}]}}]}
            """#
        let value =
            #"{"bb": 1, "a": [1.5, 1e20, NaN, -0.0], "ccc": {"é": "x", "b": null, "aa": "\"q\""}, "Z": {"t": 1000, "d": "-12.5", "b": "A", "e": "X", "f": true}}"#
        #expect(
            try Self.text(schema, value)
                == #"{"Z": {"b": "\\x41", "d": -12.5, "e": "X", "f": true, "t": "1970-01-01T00:00:01"}, "a": [1.5, 100000000000000000000, "NaN", 0], "bb": 1, "ccc": {"b": null, "aa": "\"q\"", "é": "x"}}"#
        )
    }

    static let outOfRange: [(String, String)] = [
        (#"{"type": "int", "logicalType": "time-millis"}"#, "86400001"),
        (#"{"type": "int", "logicalType": "time-millis"}"#, "-1"),
        (#"{"type": "long", "logicalType": "timestamp-millis"}"#, "-9223372036854775808"),
        (#"{"type": "long", "logicalType": "timestamp-micros"}"#, "-9223372036854775808"),
        (#"{"type": "string", "logicalType": "uuid"}"#, #""0b5a3c5e-1f4e-4d8a-9c3e-2f4f5a6b7c8""#),
        (#"{"type": "string", "logicalType": "uuid"}"#, #""0b5a3c5e-1f4e-4d8a-9c3e-2f4f5a6b7c8g""#),
        (#"{"type": "string", "logicalType": "uuid"}"#, #""0b5a3c5e1-f4e-4d8a-9c3e-2f4f5a6b7c8d""#),
        (#""string""#, #""a\u0000b""#),
        (#"{"type": "map", "values": "int"}"#, #"{"a\u0000": 1}"#),
    ]

    @Test(arguments: outOfRange)
    func outOfRangeValuesAreErrors(schema: String, value: String) throws {
        #expect(throws: DecodeError.self) { try Self.text(schema, value) }
    }
}
