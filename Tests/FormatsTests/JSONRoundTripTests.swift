import Testing

@testable import Formats

/// Random documents, written with random whitespace and random (but equivalent) spellings of their strings and
/// numbers, decode to the canonical text computed here without the decoder's code.
@Suite struct JSONRoundTripTests {
    indirect enum Value {
        case null
        case bool(Bool)
        case number(negative: Bool, integer: String, fraction: String, exponent: Int?)
        case string([Unicode.Scalar])
        case array([Value])
        case object([(key: [Unicode.Scalar], value: Value)])
    }

    @Test func randomDocumentsDecodeToTheirCanonicalText() throws {
        for seed in 0..<1500 {
            var random = SplitMix64(seed: UInt64(seed))
            let value = Self.value(depth: 0, using: &random)
            let document = Self.written(value, using: &random)
            let expected = Self.canonical(value)
            let decoded = try Decoding.jsonb(document)
            #expect(decoded == expected, "seed \(seed): \(document.debugDescription)")
            // jsonb's text is a fixed point: it decodes to itself.
            #expect(try Decoding.jsonb(decoded) == decoded, "seed \(seed)")
        }
    }

    // MARK: Generating

    private static let keyPool: [[Unicode.Scalar]] = ["a", "b", "aa", "ab", "B", "é", "", "key", "k\"y", "\n"].map {
        Array($0.unicodeScalars)
    }
    private static let scalarPool: [Unicode.Scalar] = [
        "a", "z", "A", "0", " ", "~", "\"", "\\", "/", "\u{8}", "\u{C}", "\n", "\r", "\t", "\u{1}", "\u{1F}", "\u{7F}",
        "é", "ÿ", "\u{800}", "中", "\u{FFFD}", "\u{FFFF}", "😀", "\u{10000}", "\u{10FFFF}",
    ]

    private static func value(depth: Int, using random: inout SplitMix64) -> Value {
        switch Int.random(in: 0..<(depth < 4 ? 8 : 5), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2, 3: return number(using: &random)
        case 4: return .string(scalars(using: &random))
        case 5:
            return .array(
                (0..<Int.random(in: 0...4, using: &random)).map { _ in value(depth: depth + 1, using: &random) })
        default:
            return .object(
                (0..<Int.random(in: 0...5, using: &random)).map { _ in
                    let key =
                        Bool.random(using: &random) ? keyPool.randomElement(using: &random)! : scalars(using: &random)
                    return (key, value(depth: depth + 1, using: &random))
                })
        }
    }

    private static func number(using random: inout SplitMix64) -> Value {
        func digits(_ count: Int, nonzeroFirst: Bool) -> String {
            String(
                (0..<count).map { index in
                    Character(String(Int.random(in: (index == 0 && nonzeroFirst ? 1 : 0)...9, using: &random)))
                })
        }
        let integer =
            Bool.random(using: &random) ? "0" : digits(Int.random(in: 1...25, using: &random), nonzeroFirst: true)
        let fraction =
            Bool.random(using: &random) ? "" : digits(Int.random(in: 1...6, using: &random), nonzeroFirst: false)
        let exponent = Bool.random(using: &random) ? nil : Int.random(in: -12...12, using: &random)
        return .number(negative: Bool.random(using: &random), integer: integer, fraction: fraction, exponent: exponent)
    }

    private static func scalars(using random: inout SplitMix64) -> [Unicode.Scalar] {
        (0..<Int.random(in: 0...6, using: &random)).map { _ in scalarPool.randomElement(using: &random)! }
    }

    // MARK: Writing, with random whitespace and spellings

    private static func written(_ value: Value, using random: inout SplitMix64) -> String {
        func space() -> String {
            String(
                (0..<Int.random(in: 0...2, using: &random)).map { _ in
                    [" ", "\t", "\n", "\r"].randomElement(using: &random)!
                })
        }
        var text = space()
        switch value {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .number(let negative, let integer, let fraction, let exponent):
            text += (negative ? "-" : "") + integer + (fraction.isEmpty ? "" : "." + fraction)
            if let exponent {
                let sign = exponent < 0 ? "-" : (Bool.random(using: &random) ? "+" : "")
                let zeros = String(repeating: "0", count: Int.random(in: 0...2, using: &random))
                text += (Bool.random(using: &random) ? "e" : "E") + sign + zeros + String(abs(exponent))
            }
        case .string(let scalars): text += written(scalars, using: &random)
        case .array(let elements):
            text +=
                "[" + elements.map { written($0, using: &random) }.joined(separator: ",")
                + (elements.isEmpty ? space() : "") + "]"
        case .object(let members):
            let printed = members.map { member in
                space() + written(member.key, using: &random) + space() + ":" + written(member.value, using: &random)
            }
            text += "{" + printed.joined(separator: ",") + (members.isEmpty ? space() : "") + "}"
        }
        return text + space()
    }

    private static func written(_ scalars: [Unicode.Scalar], using random: inout SplitMix64) -> String {
        func unicodeEscape(_ unit: UInt32) -> String {
            let digits = String(unit, radix: 16, uppercase: Bool.random(using: &random))
            return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
        }
        var text = "\""
        for scalar in scalars {
            let short: String? =
                switch scalar {
                case "\"": "\\\""
                case "\\": "\\\\"
                case "/": "\\/"
                case "\u{8}": "\\b"
                case "\u{C}": "\\f"
                case "\n": "\\n"
                case "\r": "\\r"
                case "\t": "\\t"
                default: nil
                }
            let mustEscape = scalar == "\"" || scalar == "\\" || scalar.value < 0x20
            switch Int.random(in: 0..<3, using: &random) {
            case 0 where !mustEscape:
                text.unicodeScalars.append(scalar)
            case 1 where short != nil:
                text += short!
            default:
                if scalar.value > 0xFFFF {
                    let offset = scalar.value - 0x10000
                    text += unicodeEscape(0xD800 + offset >> 10) + unicodeEscape(0xDC00 + offset & 0x3FF)
                } else {
                    text += unicodeEscape(scalar.value)
                }
            }
        }
        return text + "\""
    }

    // MARK: The canonical text, computed independently

    private static func canonical(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let negative, let integer, let fraction, let exponent):
            return numeric(negative: negative, integer: integer, fraction: fraction, exponent: exponent ?? 0)
        case .string(let scalars): return canonical(scalars)
        case .array(let elements): return "[" + elements.map(canonical).joined(separator: ", ") + "]"
        case .object(let members):
            var last: [String: Value] = [:]
            for member in members {
                last[String(String.UnicodeScalarView(member.key))] = member.value
            }
            let printed = last.keys.sorted(by: jsonbKeyPrecedes).map { key in
                canonical(Array(key.unicodeScalars)) + ": " + canonical(last[key]!)
            }
            return "{" + printed.joined(separator: ", ") + "}"
        }
    }

    /// The value is digits × 10^-shift; numeric prints it with max(0, shift) digits after the point.
    private static func numeric(negative: Bool, integer: String, fraction: String, exponent: Int) -> String {
        var digits = integer + fraction
        let shift = fraction.count - exponent
        let isZero = digits.allSatisfy { $0 == "0" }
        var text: String
        if shift <= 0 {
            text = trimmingLeadingZeros(digits + String(repeating: "0", count: -shift))
        } else {
            digits = String(repeating: "0", count: max(0, shift + 1 - digits.count)) + digits
            text = trimmingLeadingZeros(String(digits.dropLast(shift))) + "." + String(digits.suffix(shift))
        }
        return (negative && !isZero ? "-" : "") + text
    }

    private static func trimmingLeadingZeros(_ digits: String) -> String {
        let trimmed = digits.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }

    private static func canonical(_ scalars: [Unicode.Scalar]) -> String {
        var text = "\""
        for scalar in scalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\u{8}": text += "\\b"
            case "\u{C}": text += "\\f"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let digits = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }
}
