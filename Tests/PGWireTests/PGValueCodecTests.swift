import NIOCore
import Testing

@testable import PGWire

@Suite struct PGValueCodecTests {
    /// text → binary → text gives the canonical text back.
    @Test(arguments: [
        (PGTypeOID.int2, "-12", "-12"),
        (PGTypeOID.int4, "2147483647", "2147483647"),
        (PGTypeOID.int8, "-9223372036854775808", "-9223372036854775808"),
        (PGTypeOID.bool, "t", "true"),
        (PGTypeOID.bool, "f", "false"),
        (PGTypeOID.float8, "1.5", "1.5"),
        (PGTypeOID.float8, "3", "3"),
        (PGTypeOID.float8, "Infinity", "Infinity"),
        (PGTypeOID.float4, "0.25", "0.25"),
        (PGTypeOID.text, "héllo", "héllo"),
        (PGTypeOID.bytea, "\\x00ff10", "\\x00ff10"),
        (PGTypeOID.timestamptz, "2024-02-29 13:14:15.25+00", "2024-02-29 13:14:15.25+00"),
        (PGTypeOID.timestamptz, "1999-12-31 23:00:00-01", "2000-01-01 00:00:00+00"),
        (PGTypeOID.timestamp, "1970-01-01 00:00:00", "1970-01-01 00:00:00"),
        (PGTypeOID.date, "2026-11-21", "2026-11-21"),
        (PGTypeOID.uuid, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
        (PGTypeOID.numeric, "-123.4500", "-123.4500"),
        (PGTypeOID.numeric, "0.0001", "0.0001"),
        (PGTypeOID.numeric, "100000000", "100000000"),
        (PGTypeOID.numeric, "0", "0"),
        (PGTypeOID.jsonb, "{\"a\": 1}", "{\"a\": 1}"),
        (PGTypeOID.textArray, "{b-1:9092,\"with space\",NULL}", "{b-1:9092,\"with space\",NULL}"),
        (PGTypeOID.textArray, "{}", "{}"),
        (PGTypeOID.int8Array, "{1,2,3}", "{1,2,3}"),
    ])
    func roundTrip(type: Int32, text: String, canonical: String) throws {
        let binary = try PGValueCodec.binary(fromText: text, type: type)
        #expect(try PGValueCodec.text(fromBinary: binary, type: type) == canonical)
    }

    @Test func knownBinaryLayouts() throws {
        #expect(Array(try PGValueCodec.binary(fromText: "1", type: PGTypeOID.int4).readableBytesView) == [0, 0, 0, 1])
        // 2000-01-01 00:00:01 UTC is one million microseconds.
        #expect(
            Array(
                try PGValueCodec.binary(fromText: "2000-01-01 00:00:01+00", type: PGTypeOID.timestamptz)
                    .readableBytesView)
                == [0, 0, 0, 0, 0, 0x0F, 0x42, 0x40])
        // numeric 12.5: 2 digits, weight 0, positive, dscale 1, digits 12 and 5000.
        #expect(
            Array(try PGValueCodec.binary(fromText: "12.5", type: PGTypeOID.numeric).readableBytesView)
                == [0, 2, 0, 0, 0, 0, 0, 1, 0, 12, 0x13, 0x88])
        #expect(
            Array(try PGValueCodec.binary(fromText: "{\"a\":1}", type: PGTypeOID.jsonb).readableBytesView).first == 1)
    }

    @Test func badValuesAreErrorsWithSQLState() {
        #expect(throws: PGErrorFields.self) { try PGValueCodec.binary(fromText: "abc", type: PGTypeOID.int4) }
        #expect(throws: PGErrorFields.self) {
            try PGValueCodec.text(fromBinary: ByteBuffer(bytes: [1, 2]), type: PGTypeOID.int4)
        }
        do {
            _ = try PGValueCodec.binary(fromText: "x", type: 600)
            Issue.record("point in binary must fail")
        } catch let error as PGErrorFields {
            #expect(error.sqlState == "0A000")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func floatsPrintLikePostgreSQL() {
        #expect(PGValueCodec.formatFloat(1) == "1")
        #expect(PGValueCodec.formatFloat(0.1) == "0.1")
        #expect(PGValueCodec.formatFloat(-2.5) == "-2.5")
        #expect(PGValueCodec.formatFloat(.nan) == "NaN")
        #expect(PGValueCodec.formatFloat(-.infinity) == "-Infinity")
    }
}
