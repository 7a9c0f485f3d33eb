import Testing

@testable import Formats

/// Debezium change events fastavro wrote, read by `AvroDebeziumDecoder` into upserts of the `after` row and
/// deletes, with the envelope's other fields skipped and the row resolved like a plain record.
@Suite struct AvroDebeziumDecoderTests {
    static func envelope(_ rowFields: String, extra: String = "") -> String {
        #"""
        {"type": "record", "name": "Envelope", "namespace": "db.public.t", "fields": [
          {"name": "before", "type": ["null", {"type": "record", "name": "Value", "fields": [\#(rowFields)]}],
           "default": null},
          {"name": "after", "type": ["null", "Value"], "default": null},
          {"name": "source", "type": {"type": "record", "name": "Source", "fields": [
            {"name": "db", "type": "string"}, {"name": "lsn", "type": ["null", "long"]},
            {"name": "tags", "type": {"type": "map", "values": {"type": "array", "items": "string"}}}]}},
          {"name": "op", "type": "string"},
          {"name": "ts_ms", "type": ["null", "long"], "default": null}\#(extra)]}
        """#
    }

    static let rowV1 = #"{"name": "id", "type": "long"}, {"name": "name", "type": "string"}"#
    static let rowV2 = rowV1 + #", {"name": "tier", "type": "int", "default": 4}"#
    static let source = #"{"db": "inventory", "lsn": 77, "tags": {"a": ["x", "y"]}}"#

    static func event(_ op: String, before: String = "null", after: String = "null") -> String {
        #"{"before": \#(before), "after": \#(after), "source": \#(source), "op": "\#(op)", "ts_ms": 1700000000000}"#
    }

    static func decode(_ writer: String, _ value: String, reader: String? = nil) throws -> AvroDebeziumChange {
        let bytes = try AvroPeer.encode(writer, value)
        let decoder = try AvroDebeziumDecoder(
            writer: try AvroSchema(parsing: writer), reader: try AvroSchema(parsing: reader ?? writer))
        return try bytes.withUnsafeBytes { raw in try decoder.decode(raw) }
    }

    @Test func changesBecomeUpsertsOfTheAfterRowAndDeletes() throws {
        let schema = Self.envelope(Self.rowV1)
        let row = #"{"id": 7, "name": "ann"}"#
        for op in ["c", "r"] {
            #expect(try Self.decode(schema, Self.event(op, after: row)) == .upsert([.integer(7), .text("ann")]))
        }
        #expect(
            try Self.decode(schema, Self.event("u", before: row, after: #"{"id": 7, "name": "bo"}"#))
                == .upsert([.integer(7), .text("bo")]))
        #expect(try Self.decode(schema, Self.event("d", before: row)) == .delete)
    }

    @Test func malformedEventsSayWhatIsWrong() throws {
        let schema = Self.envelope(Self.rowV1)
        let row = #"{"id": 7, "name": "ann"}"#
        let noRow = #expect(throws: DecodeError.self) { try Self.decode(schema, Self.event("c")) }
        #expect(noRow?.reason.contains("op c has no row (after is null)") == true, "\(String(describing: noRow))")
        let deleteWithRow = #expect(throws: DecodeError.self) { try Self.decode(schema, Self.event("d", after: row)) }
        #expect(deleteWithRow?.reason.contains("op d (delete) has an after row") == true)
        let truncate = #expect(throws: DecodeError.self) { try Self.decode(schema, Self.event("t")) }
        #expect(truncate?.reason.contains("op 't' is not c, r, u or d") == true)

        // Every truncation of an event is an error, never a crash or a change.
        let bytes = try AvroPeer.encode(schema, Self.event("u", before: row, after: row))
        let decoder = try AvroDebeziumDecoder(
            writer: try AvroSchema(parsing: schema), reader: try AvroSchema(parsing: schema))
        for length in 0..<bytes.count {
            #expect(throws: DecodeError.self) { try bytes[..<length].withUnsafeBytes { try decoder.decode($0) } }
        }
        #expect(throws: DecodeError.self) { try (bytes + [0]).withUnsafeBytes { try decoder.decode($0) } }
    }

    @Test func theRowEvolvesByResolution() throws {
        // A newer writer added tier: the pinned reader skips it. An older writer lacks it: the reader's default.
        let old = Self.envelope(Self.rowV1)
        let new = Self.envelope(Self.rowV2)
        #expect(
            try Self.decode(new, Self.event("c", after: #"{"id": 1, "name": "a", "tier": 9}"#), reader: old)
                == .upsert([.integer(1), .text("a")]))
        #expect(
            try Self.decode(old, Self.event("c", after: #"{"id": 1, "name": "a"}"#), reader: new)
                == .upsert([.integer(1), .text("a"), .integer(4)]))
        // A writer envelope with more fields than the reader's (transaction) is read too.
        let more = Self.envelope(
            Self.rowV1, extra: #", {"name": "transaction", "type": ["null", "string"], "default": null}"#)
        #expect(
            try Self.decode(more, Self.event("r", after: #"{"id": 2, "name": "b"}"#), reader: old)
                == .upsert([.integer(2), .text("b")]))
    }

    @Test func onlyEnvelopesAreAccepted() throws {
        let plain = try AvroSchema(parsing: #"{"type": "record", "name": "Value", "fields": [\#(Self.rowV1)]}"#)
        let error = #expect(throws: DecodeError.self) { try AvroDebezium.rowRecord(of: plain) }
        #expect(error?.reason.hasPrefix("not a Debezium envelope: record Value has no field after") == true)
        let row = try AvroDebezium.rowRecord(of: try AvroSchema(parsing: Self.envelope(Self.rowV1)))
        #expect(row.fields.map(\.name) == ["id", "name"])
    }
}
