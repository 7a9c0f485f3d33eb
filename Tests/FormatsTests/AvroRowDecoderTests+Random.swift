import Testing

@testable import Formats

/// Random values for the differential tests: a schema with every type, its evolution, and values of it as the
/// JSON `avro_encode.py` reads, edge cases included (NUL in strings, out-of-range dates and times, bad uuids).
extension AvroRowDecoderTests {
    static let wide = #"""
        {"type": "record", "name": "Wide", "namespace": "t", "fields": [
            {"name": "l", "type": "long"}, {"name": "i", "type": "int"}, {"name": "s", "type": "string"},
            {"name": "d", "type": "double"}, {"name": "f", "type": "float"}, {"name": "b", "type": "boolean"},
            {"name": "ns", "type": ["null", "string"]},
            {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}},
            {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
            {"name": "tu", "type": {"type": "long", "logicalType": "timestamp-micros"}},
            {"name": "lt", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
            {"name": "by", "type": "bytes"}, {"name": "dt", "type": {"type": "int", "logicalType": "date"}},
            {"name": "tm", "type": {"type": "int", "logicalType": "time-millis"}},
            {"name": "tc", "type": {"type": "long", "logicalType": "time-micros"}},
            {"name": "u", "type": {"type": "string", "logicalType": "uuid"}},
            {"name": "dec", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 3}},
            {"name": "fd", "type": {"type": "fixed", "name": "FD", "size": 6, "logicalType": "decimal", "precision": 10, "scale": 2}},
            {"name": "fx", "type": {"type": "fixed", "name": "FX", "size": 3}},
            {"name": "arr", "type": {"type": "array", "items": "int"}},
            {"name": "m", "type": {"type": "map", "values": ["null", "double"]}},
            {"name": "r", "type": {"type": "record", "name": "In", "fields": [{"name": "x", "type": "string"}]}},
            {"name": "un", "type": ["null", "int", "string"]}]}
        """#

    /// `wide` read by a later reader: promotions, string and bytes swapped, an enum with a default, a dropped
    /// field, added fields with defaults, another order.
    static let evolved = #"""
        {"type": "record", "name": "Wide", "namespace": "t", "fields": [
            {"name": "r", "type": {"type": "record", "name": "In", "fields": [{"name": "x", "type": "string"}]}},
            {"name": "l", "type": "double"}, {"name": "i", "type": "long"}, {"name": "s", "type": "bytes"},
            {"name": "d", "type": "double"}, {"name": "f", "type": "double"}, {"name": "b", "type": "boolean"},
            {"name": "ns", "type": ["null", "bytes"]},
            {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["C", "A", "Z"], "default": "Z"}},
            {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
            {"name": "tu", "type": {"type": "long", "logicalType": "local-timestamp-micros"}},
            {"name": "lt", "type": "long"}, {"name": "by", "type": "string"},
            {"name": "dt", "type": {"type": "int", "logicalType": "date"}},
            {"name": "tm", "type": "long"},
            {"name": "tc", "type": {"type": "long", "logicalType": "time-micros"}},
            {"name": "u", "type": "string"},
            {"name": "dec", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 3}},
            {"name": "fd", "type": {"type": "fixed", "name": "FD", "size": 6, "logicalType": "decimal", "precision": 10, "scale": 2}},
            {"name": "arr", "type": {"type": "array", "items": "double"}},
            {"name": "m", "type": {"type": "map", "values": ["null", "double"]}},
            {"name": "un", "type": ["null", "long", "string"]},
            {"name": "added", "type": ["null", "string"], "default": null},
            {"name": "when", "type": {"type": "int", "logicalType": "date"}, "default": 19000}]}
        """#

    /// One value of `wide` as `avro_encode.py` JSON; half of them have edge cases (NULs, values out of range),
    /// which most often make the record an error.
    static func randomWide(_ random: inout SplitMix64) -> String {
        let edges = random.below(2) == 0
        func text() -> String { random.text(nul: edges && random.below(4) == 0) }
        var fields: [(String, String)] = []
        fields.append(("l", String(random.integer(bits: 64))))
        fields.append(("i", String(Int32(truncatingIfNeeded: random.integer(bits: 32)))))
        fields.append(("s", quoted(text())))
        fields.append(("d", json(random.double())))
        fields.append(("f", json(Double(Float(random.double())))))
        fields.append(("b", random.below(2) == 0 ? "true" : "false"))
        fields.append(("ns", random.below(3) == 0 ? "null" : quoted(text())))
        fields.append(("e", quoted(random.pick(["A", "B", "C"]))))
        for name in ["ts", "tu", "lt"] {
            fields.append(
                (name, String(edges ? random.instant() : Int64.random(in: 0...4_000_000_000_000, using: &random))))
        }
        fields.append(("by", quoted(codePoints: (0..<random.below(6)).map { _ in random.below(256) })))
        let day = Int64.random(in: -3_000_000...3_000_000, using: &random)
        fields.append(
            ("dt", String(edges ? random.pick([0, -719_162, -719_163, 2_932_896, 2_932_897, -2_451_545, day]) : day)))
        let millisecond = Int64.random(in: 0...86_399_999, using: &random)
        fields.append(("tm", String(edges ? random.pick([0, -1, 86_400_000, 86_400_001, millisecond]) : millisecond)))
        let microsecond = Int64.random(in: 0...86_399_999_999, using: &random)
        fields.append(
            ("tc", String(edges ? random.pick([0, -1, 86_400_000_000, 86_400_000_001, microsecond]) : microsecond)))
        fields.append(("u", quoted(random.uuid(valid: !edges))))
        fields.append(("dec", quoted(random.decimal(integerDigits: 9, scale: 3))))
        fields.append(("fd", quoted(random.decimal(integerDigits: 8, scale: 2))))
        fields.append(("fx", quoted(codePoints: (0..<3).map { _ in random.below(256) })))
        var items: [String] = []
        for _ in 0..<random.below(4) {
            items.append(String(random.below(1000) - 500))
        }
        fields.append(("arr", "[" + items.joined(separator: ", ") + "]"))
        var entries: [String] = []
        for _ in 0..<random.below(3) {
            let key = quoted(text())
            entries.append(key + ": " + (random.below(3) == 0 ? "null" : json(random.double())))
        }
        fields.append(("m", "{" + entries.joined(separator: ", ") + "}"))
        fields.append(("r", "{\"x\": " + quoted(text()) + "}"))
        let branches = [
            #"{"branch": 0, "value": null}"#, #"{"branch": 1, "value": \#(random.below(100))}"#,
            #"{"branch": 2, "value": \#(quoted(text()))}"#,
        ]
        fields.append(("un", random.pick(branches)))
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    static func quoted(_ text: String) -> String { JSONFormat.quoted(text) }

    /// A JSON string of code points 0–255, which is how `avro_encode.py` takes bytes.
    static func quoted(codePoints: [Int]) -> String {
        return "\"" + codePoints.map { "\\u00" + (($0 < 16 ? "0" : "") + String($0, radix: 16)) }.joined() + "\""
    }

    static func json(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }

    @Test func fastFloatTextIsFloatText() {
        var random = SplitMix64(seed: 5)
        for _ in 0..<200_000 {
            let value = random.double()
            #expect(AvroText.fastFloatText(value) == AvroText.floatText(value), "\(value)")
            let float = Float(bitPattern: UInt32(truncatingIfNeeded: random.next()))
            #expect(AvroText.fastFloatText(float) == AvroText.floatText(float), "\(float)")
        }
    }

    @Test func fastDateAndTimeTextsAreTheGeneralOnes() throws {
        var random = SplitMix64(seed: 9)
        func same(_ fast: () throws(DecodeError) -> String, _ general: () throws(DecodeError) -> String) {
            #expect(Result(catching: fast) == Result(catching: general))
        }
        for _ in 0..<100_000 {
            let days = random.pick([Int64.random(in: -3_000_000...3_000_000, using: &random), random.integer(bits: 40)])
            same({ () throws(DecodeError) in try AvroText.fastDateText(days: days) }) { () throws(DecodeError) in
                try AvroText.dateText(days: days)
            }
            let micros = random.instant()
            same({ () throws(DecodeError) in try AvroText.fastTimeText(microseconds: micros % 90_000_000_000) }) {
                () throws(DecodeError) in
                try AvroText.timeText(microseconds: micros % 90_000_000_000)
            }
            same({ () throws(DecodeError) in try AvroText.fastTimestampText(microseconds: micros, .timestampMicros) }) {
                () throws(DecodeError) in
                try AvroText.timestampText(microseconds: micros, .timestampMicros, separator: " ")
            }
        }
    }
}

/// Draws for the Avro values (the generator is `Decoding.swift`'s).
extension SplitMix64 {
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

    /// A signed integer of up to `bits` bits, small ones more often.
    mutating func integer(bits: Int) -> Int64 {
        let width = 1 + below(bits)
        let value = Int64(bitPattern: next())
        return width == 64 ? value : value >> (64 - width)
    }

    mutating func double() -> Double {
        switch below(4) {
        case 0:
            return pick([
                0, -0.0, 1, -1, 0.1, 1e15, 1e-5, 1e-4, 123456789012345, .nan, .infinity, -.infinity,
                .leastNonzeroMagnitude,
            ])
        case 1: return Double(integer(bits: 30)) / 100
        default: return Double(bitPattern: next())
        }
    }

    /// Microseconds (or milliseconds) from the epoch: ordinary instants, and ones beyond PostgreSQL's range.
    mutating func instant() -> Int64 {
        switch below(4) {
        case 0: return pick([0, -1, Int64.min, Int64.max, -62_135_596_800_000_000, -62_135_596_800_000_001])
        case 1: return integer(bits: 64)
        default: return Int64.random(in: -10_000_000_000_000...10_000_000_000_000_000, using: &self)
        }
    }

    /// Short text with non-ASCII letters, escapes and control characters, and a NUL when `nul`.
    mutating func text(nul: Bool = false) -> String {
        let pieces = ["a", "Z", " ", "é", "✓", "😀", "\"", "\\", "\n", "\u{1}", "0123456789abcdef"]
        let text = (0..<below(6)).map { _ in pick(pieces) }.joined()
        return nul ? text + "\u{0}" + pick(pieces) : text
    }

    /// A uuid in either form and either case, or when not `valid` often one that is not.
    mutating func uuid(valid: Bool) -> String {
        let hex = Array("0123456789abcdefABCDEF")
        var text = String((0..<32).map { _ in hex[below(hex.count)] })
        if below(2) == 0 {
            for position in [20, 16, 12, 8] {
                text.insert("-", at: text.index(text.startIndex, offsetBy: position))
            }
        }
        if !valid && below(2) == 0 { text.removeLast() }
        if !valid && below(4) == 0 { text = "not-" + text }
        return text
    }

    mutating func decimal(integerDigits: Int, scale: Int) -> String {
        let digits = "0123456789"
        let whole = String((0..<(1 + below(integerDigits))).map { _ in digits.randomElement(using: &self)! })
        let fraction = String((0..<scale).map { _ in digits.randomElement(using: &self)! })
        return (below(2) == 0 ? "-" : "") + whole + "." + fraction
    }
}
