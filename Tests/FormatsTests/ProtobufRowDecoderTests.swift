import Testing

@testable import Formats

/// `ProtobufRowDecoder` on messages the python protobuf runtime wrote (`ProtobufVectors`): every scalar type at its
/// extremes and defaults, nesting, repeated (packed and not), maps, oneof, enums (unknown numbers too), Timestamp,
/// unknown fields, merges; and every truncation, accepted exactly where python's parser accepts it.
@Suite struct ProtobufRowDecoderTests {
    static let pool = try! ProtobufDescriptorPool(serializedSet: ProtobufVectors.descriptorSet)

    static func decoder(_ message: String) throws -> ProtobufRowDecoder {
        ProtobufRowDecoder(program: try ProtobufProgram(pool: pool, message: message))
    }

    static func cells(_ bytes: [UInt8], _ message: String) throws -> [AvroCell] {
        let decoder = try decoder(message)
        return try bytes.withUnsafeBytes { raw in try decoder.decodeCells(raw) }
    }

    @Test func columnsOfEveryScalarType() throws {
        let program = try ProtobufProgram(pool: Self.pool, message: "inlet.test.Scalars")
        #expect(program.columns.map(\.name).prefix(3) == ["f_double", "f_float", "f_int64"])
        #expect(
            program.columns.map(\.type) == [
                .float8, .float4, .int8, .numeric, .int4, .numeric, .int8, .bool, .text, .bytea, .int8, .int4, .int8,
                .int4, .int8, .text, .int4,
            ])
        #expect(program.columns.map(\.nullable) == Array(repeating: false, count: 16) + [true])
    }

    @Test func extremes() throws {
        #expect(
            try Self.cells(ProtobufVectors.scalarsMax, "inlet.test.Scalars") == [
                .double(-2.5e-300), .float(3.25), .integer(.min), .text("18446744073709551615"),
                .integer(Int64(Int32.min)), .text("18446744073709551615"), .integer(4_294_967_295), .boolean(true),
                .text("héllo ✓"), .bytes([0, 1, 255]), .integer(4_294_967_295), .integer(Int64(Int32.min)),
                .integer(.min), .integer(Int64(Int32.min)), .integer(.min), .text("GREEN"), .integer(0),
            ])
    }

    @Test func absentFieldsAreProto3Defaults() throws {
        #expect(
            try Self.cells([], "inlet.test.Scalars") == [
                .double(0), .float(0), .integer(0), .text("0"), .integer(0), .text("0"), .integer(0), .boolean(false),
                .text(""), .bytes([]), .integer(0), .integer(0), .integer(0), .integer(0), .integer(0),
                .text("COLOR_UNSPECIFIED"), .null,
            ])
        #expect(
            try Self.cells(ProtobufVectors.scalarsSmall, "inlet.test.Scalars") == [
                .double(1.5), .float(0.1), .integer(42), .text("7"), .integer(-1), .text("1"), .integer(2),
                .boolean(false), .text(""), .bytes([]), .integer(3), .integer(0), .integer(0), .integer(-3),
                .integer(3), .text("RED"), .null,
            ])
    }

    @Test func aLaterValueWinsAndMessagesMerge() throws {
        let cells = try Self.cells(ProtobufVectors.scalarsMerged, "inlet.test.Scalars")
        #expect(cells[4] == .integer(6))
        #expect(cells[8] == .text("first"))
        #expect(cells[15] == .text("RED"))
        #expect(cells[16] == .integer(9))
    }

    @Test func unknownEnumNumbersAreTheirNumber() throws {
        #expect(try Self.cells([0x80, 0x01, 0x07], "inlet.test.Scalars")[15] == .text("7"))
    }

    @Test func nestedRepeatedMapsOneofAndTimestamp() throws {
        let program = try ProtobufProgram(pool: Self.pool, message: "inlet.test.Shapes")
        #expect(
            program.columns.map(\.name) == [
                "origin", "points", "packed", "unpacked", "named", "labels", "word", "number", "spot", "at", "colors",
                "ratios",
            ])
        #expect(
            program.columns.map(\.type) == [
                .jsonb, .jsonb, .jsonb, .jsonb, .jsonb, .jsonb, .text, .int8, .jsonb, .timestamptz, .jsonb, .jsonb,
            ])
        let cells = try Self.cells(ProtobufVectors.shapes, "inlet.test.Shapes")
        #expect(
            Array(cells.prefix(11)) == [
                .text(#"{"x": 1, "y": -2}"#), .text(#"[{"x": 3, "y": 0}, {"x": 0, "y": 4}]"#), .text("[1, -1, 300]"),
                .text("[5, 6]"), .text(#"{"a": {"x": 0, "y": 0}, "b": {"x": 1, "y": 0}}"#),
                .text(#"{"2": "two", "10": "ten"}"#), .null, .null, .text(#"{"x": 9, "y": 0}"#),
                .text("2024-03-01 12:30:05.123456+00"), .text(#"["RED", "GREEN"]"#),
            ])
        guard case .text(let ratios) = cells[11] else {
            Issue.record("ratios is \(cells[11])")
            return
        }
        #expect(ratios.hasPrefix("[0.5, 1"))
    }

    @Test func absentRepeatedAndMessages() throws {
        #expect(
            try Self.cells(ProtobufVectors.shapesWord, "inlet.test.Shapes") == [
                .null, .text("[]"), .text("[]"), .text("[]"), .text("{}"), .text("{}"), .text("w"), .null, .null,
                .null, .text("[]"), .text("[]"),
            ])
        let oneof = try Self.cells(ProtobufVectors.shapesOneof, "inlet.test.Shapes")
        #expect(oneof[6] == .text("last"))
        #expect(oneof[7] == .null)
    }

    @Test func unknownFieldsAreSkipped() throws {
        #expect(try Self.cells(ProtobufVectors.wide, "inlet.test.Narrow") == [.integer(1), .text("kept")])
    }

    /// Every prefix decodes exactly when python's parser accepts it; the others are errors that say truncated.
    @Test(arguments: [
        (ProtobufVectors.scalarsMax, "inlet.test.Scalars", ProtobufVectors.scalarsMaxValidPrefixes),
        (ProtobufVectors.shapes, "inlet.test.Shapes", ProtobufVectors.shapesValidPrefixes),
        (ProtobufVectors.wide, "inlet.test.Narrow", ProtobufVectors.wideValidPrefixes),
    ])
    func everyTruncation(bytes: [UInt8], message: String, valid: [Int]) throws {
        let decoder = try Self.decoder(message)
        var accepted: [Int] = []
        for length in 0..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            do {
                _ = try prefix.withUnsafeBytes { raw in try decoder.decodeCells(raw) }
                accepted.append(length)
            } catch let error as DecodeError {
                #expect(error.reason.contains("truncated") || error.reason.contains("UTF-8"), "\(length): \(error)")
            }
        }
        #expect(accepted == valid)
        #expect(throws: Never.self) { _ = try bytes.withUnsafeBytes { raw in try decoder.decodeCells(raw) } }
    }

    @Test func malformedMessages() throws {
        let decoder = try Self.decoder("inlet.test.Scalars")
        func reason(_ bytes: [UInt8]) -> String {
            do {
                _ = try bytes.withUnsafeBytes { raw in try decoder.decodeCells(raw) }
                return "decoded"
            } catch let error as DecodeError {
                return error.reason
            } catch {
                return "\(error)"
            }
        }
        #expect(reason([0x00]).contains("field number 0"))
        #expect(reason([0x0B]).contains("group"))
        #expect(reason([0x0E]).contains("invalid wire type 6"))
        #expect(reason([0x28] + Array(repeating: 0xFF, count: 10) + [0x01]).contains("longer than 10 bytes"))
        #expect(reason([0x4A, 0x01, 0x00]).contains("NUL"))
        #expect(reason([0x4A, 0x01, 0xFF]).contains("UTF-8"))
        // A varint where the field expects fixed64 is skipped as an unknown field, as Protobuf's parsers do.
        #expect(reason([0x08, 0x01]) == "decoded")
    }

    @Test func schemaErrors() throws {
        #expect(throws: DecodeError.self) { try ProtobufProgram(pool: Self.pool, message: "inlet.test.Missing") }
        #expect(throws: DecodeError.self) { try ProtobufDescriptorPool(serializedSet: [0xFF, 0xFF]) }
        #expect(Self.pool.messageName(at: [0]) == "inlet.test.Scalars")
        #expect(Self.pool.messageName(at: [2, 0]) == "inlet.test.Shapes.NamedEntry")
        #expect(Self.pool.messageName(at: [9]) == nil)
    }

    @Test func confluentFraming() throws {
        func framing(_ bytes: [UInt8]) throws -> ConfluentProtobufFraming {
            try bytes.withUnsafeBytes { raw in try ConfluentProtobufFraming(raw) }
        }
        // What confluent-kafka's ProtobufSerializer wrote for the first message and for Other.Inner ([1, 0]).
        let first = try framing([0, 0, 0, 0, 2, 0, 0x08, 0x07])
        #expect(first.schemaID == 2 && first.messageIndexes == [0] && first.bodyStart == 6)
        let nested = try framing([0, 0, 0, 0x01, 0x02, 0x04, 0x02, 0x00, 0x08, 0x01])
        #expect(nested.schemaID == 258 && nested.messageIndexes == [1, 0] && nested.bodyStart == 8)
        #expect(throws: DecodeError.self) { try framing([1, 0, 0, 0, 2, 0]) }
        #expect(throws: DecodeError.self) { try framing([0, 0, 0, 0, 2]) }
        #expect(throws: DecodeError.self) { try framing([0, 0, 0, 0, 2, 0x04, 0x02]) }
        #expect(throws: DecodeError.self) { try framing([0, 0, 0, 0, 2, 0x01]) }
    }
}
