import Testing

@testable import Formats

/// jsonb stores numbers as numeric, so they print as numeric_out prints numeric_in's value: exact digits,
/// and a scale of max(0, fraction digits − exponent).
@Suite struct JSONNumberTests {
    @Test(arguments: [
        // Integers and decimals without an exponent print as written.
        ("0", "0"), ("7", "7"), ("-7", "-7"), ("1.50", "1.50"), ("0.0", "0.0"), ("0.05", "0.05"), ("-0.5", "-0.5"),
        ("10", "10"), ("123.456000", "123.456000"),
        // Big numbers stay exact: no Double on the way.
        ("123456789012345678901234567890", "123456789012345678901234567890"),
        (
            "-99999999999999999999999999999999999999.000000000000000000000001",
            "-99999999999999999999999999999999999999.000000000000000000000001"
        ),
        ("9007199254740993", "9007199254740993"),
        ("0.1000000000000000055511151231257827", "0.1000000000000000055511151231257827"),
        // Negative zero has no sign in numeric, and keeps its scale.
        ("-0", "0"), ("-0.0", "0.0"), ("-0.000", "0.000"),
        // Exponents move the point; the scale is what remains of the fraction.
        ("1e2", "100"), ("1E2", "100"), ("1e+2", "100"), ("1E-2", "0.01"), ("1e0", "1"), ("1e-0", "1"),
        ("1e00002", "100"),
        ("1.5e1", "15"), ("2.50e1", "25.0"), ("1.234e1", "12.34"), ("1.5e3", "1500"), ("123e-1", "12.3"),
        ("100e-2", "1.00"), ("-1.5e-3", "-0.0015"), ("12.5e-1", "1.25"), ("0.5e1", "5"), ("0.05e1", "0.5"),
        ("0.001e3", "1"), ("0.0010e3", "1.0"), ("5e-1", "0.5"), ("-5E-3", "-0.005"),
        ("0e5", "0"), ("0e-2", "0.00"), ("0.00e-2", "0.0000"), ("-0e3", "0"), ("-0.0e-1", "0.00"), ("0.0e1", "0"),
        ("12345678901234567890e10", "123456789012345678900000000000"),
        ("1e-20", "0.00000000000000000001"),
    ])
    func numbersPrintAsNumeric(input: String, expected: String) throws {
        #expect(try Decoding.jsonb(input) == expected)
        #expect(try Decoding.jsonb("[\(input)]") == "[\(expected)]")
        #expect(try Decoding.jsonb(#"{"n":\#(input)}"#) == #"{"n": \#(expected)}"#)
    }

    @Test func numericsLimitsAreKept() throws {
        // numeric_in takes exponents up to ±1000.
        #expect(try Decoding.jsonb("1e1000") == "1" + String(repeating: "0", count: 1000))
        #expect(try Decoding.jsonb("-1E-1000") == "-0." + String(repeating: "0", count: 999) + "1")
        #expect(try Decoding.jsonb("1e0000000000000000000001000") == "1" + String(repeating: "0", count: 1000))
        let exponent = "numeric value out of range at byte 0: the exponent is beyond ±1000"
        #expect(throws: DecodeError(exponent)) { try Decoding.jsonb("1e1001") }
        #expect(throws: DecodeError(exponent)) { try Decoding.jsonb("1e-1001") }
        #expect(throws: DecodeError(exponent)) { try Decoding.jsonb("0e99999999999999999999999999") }
        #expect(throws: DecodeError("numeric value out of range at byte 1: the exponent is beyond ±1000")) {
            try Decoding.jsonb("[1e1001]")
        }

        // The display scale is 14 bits: 16383 digits after the point.
        let scale = String(repeating: "0", count: 16383)
        #expect(try Decoding.jsonb("0.\(scale)") == "0.\(scale)")
        #expect(try Decoding.jsonb("1.\(scale)e0") == "1.\(scale)")
        let tooFine = "numeric value out of range at byte 0: more than 16383 digits after the decimal point"
        #expect(throws: DecodeError(tooFine)) { try Decoding.jsonb("0.\(scale)0") }
        #expect(throws: DecodeError(tooFine)) { try Decoding.jsonb("0.\(String(repeating: "0", count: 15384))e-1000") }

        // The weight is an int16 count of four-digit groups: 131072 digits before the point.
        let wide = "1" + String(repeating: "0", count: 131071)
        #expect(try Decoding.jsonb(wide) == wide)
        let tooWide = "numeric value out of range at byte 0: more than 131072 digits before the decimal point"
        #expect(throws: DecodeError(tooWide)) { try Decoding.jsonb(wide + "0") }
        #expect(throws: DecodeError(tooWide)) { try Decoding.jsonb(String(wide.dropLast(999)) + "e1000") }
        #expect(try Decoding.jsonb(String(wide.dropLast(1000)) + "e999") == String(wide.dropLast(1)))
    }

    @Test(arguments: [
        ("01", "invalid JSON: number at byte 0 has a leading zero"),
        ("-01", "invalid JSON: number at byte 0 has a leading zero"),
        ("[00]", "invalid JSON: number at byte 1 has a leading zero"),
        ("-", "invalid JSON: unexpected end of input at byte 1 (expected a digit)"),
        ("-a", "invalid JSON: unexpected 'a' at byte 1 (expected a digit)"),
        ("--1", "invalid JSON: unexpected '-' at byte 1 (expected a digit)"),
        ("+1", "invalid JSON: unexpected '+' at byte 0 (expected a value)"),
        (".5", "invalid JSON: unexpected '.' at byte 0 (expected a value)"),
        ("1.", "invalid JSON: unexpected end of input at byte 2 (expected a digit after '.')"),
        ("1.e5", "invalid JSON: unexpected 'e' at byte 2 (expected a digit after '.')"),
        ("1e", "invalid JSON: unexpected end of input at byte 2 (expected a digit in the exponent)"),
        ("1e+", "invalid JSON: unexpected end of input at byte 3 (expected a digit in the exponent)"),
        ("1E-x", "invalid JSON: unexpected 'x' at byte 3 (expected a digit in the exponent)"),
        ("1.5.2", "invalid JSON: unexpected '.' at byte 3 (expected the end of the input)"),
        ("0x10", "invalid JSON: unexpected 'x' at byte 1 (expected the end of the input)"),
        ("1e5e5", "invalid JSON: unexpected 'e' at byte 3 (expected the end of the input)"),
        ("[1x]", "invalid JSON: unexpected 'x' at byte 2 (expected ',' or ']')"),
        ("Infinity", "invalid JSON: unexpected 'I' at byte 0 (expected a value)"),
        ("-Infinity", "invalid JSON: unexpected 'I' at byte 1 (expected a digit)"),
    ])
    func badNumbersAreErrors(input: String, reason: String) {
        #expect(throws: DecodeError(reason)) { try Decoding.jsonb(input) }
    }
}
