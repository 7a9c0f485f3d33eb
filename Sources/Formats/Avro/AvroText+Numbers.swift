extension AvroText {
    /// float8's text (or real's, for a Float): the shortest digits that round-trip, in positional form when the
    /// decimal exponent is in -4..<15 (-4..<6 for real) and as `1.5e+20` otherwise, `NaN`, `Infinity`, `-0`.
    /// With `positional`, numeric's text of the same digits, as `to_jsonb` prints a float (`1e+20` is
    /// `100000000000000000000`).
    static func floatText<F: BinaryFloatingPoint & LosslessStringConvertible>(_ value: F, positional: Bool = false)
        -> String
    {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        // Swift's description already holds the shortest round-trip digits; only their layout differs.
        var description = Array(value.description.utf8)
        var negative = false
        if description.first == UInt8(ascii: "-") {
            negative = true
            description.removeFirst()
        }
        var exponent = 0
        if let e = description.firstIndex(of: UInt8(ascii: "e")) {
            exponent = Int(String(decoding: description[(e + 1)...], as: UTF8.self))!
            description.removeSubrange(e...)
        }
        var digits: [UInt8] = []
        var point = description.count
        for (index, byte) in description.enumerated() {
            if byte == UInt8(ascii: ".") {
                point = index
            } else {
                digits.append(byte)
            }
        }
        point += exponent
        while let first = digits.first, first == UInt8(ascii: "0") {
            digits.removeFirst()
            point -= 1
        }
        while let last = digits.last, last == UInt8(ascii: "0") {
            digits.removeLast()
        }
        let sign = negative ? "-" : ""
        // numeric, which jsonb's numbers are, has no negative zero.
        guard !digits.isEmpty else { return positional ? "0" : sign + "0" }
        let scientific = point - 1
        let fixedLimit = F.self == Float.self ? 6 : 15
        if positional || (scientific >= -4 && scientific < fixedLimit) {
            return sign + positionalText(digits, point: point, scale: 0)
        }
        var text = sign + String(decoding: digits[..<1], as: UTF8.self)
        if digits.count > 1 {
            text += "." + String(decoding: digits[1...], as: UTF8.self)
        }
        let magnitude = String(abs(scientific))
        return text + (scientific < 0 ? "e-" : "e+") + (magnitude.count < 2 ? "0" : "") + magnitude
    }

    /// Digits with the decimal point `point` digits in (zeros added on either side as needed), and at least
    /// `scale` digits after the point.
    static func positionalText(_ digits: [UInt8], point: Int, scale: Int) -> String {
        var text: [UInt8] = []
        if point <= 0 {
            text.append(UInt8(ascii: "0"))
        } else {
            for position in 0..<point {
                text.append(position < digits.count ? digits[position] : UInt8(ascii: "0"))
            }
        }
        let fractionDigits = max(scale, digits.count - point)
        if fractionDigits > 0 {
            text.append(UInt8(ascii: "."))
            for position in point..<point + fractionDigits {
                text.append(position >= 0 && position < digits.count ? digits[position] : UInt8(ascii: "0"))
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// numeric's text of a decimal: the unscaled two's-complement big-endian integer, with `scale` digits
    /// after the point.
    static func decimalText(_ bytes: [UInt8], _ decimal: AvroDecimal) throws(DecodeError) -> String {
        // Each byte holds at most log10(256) ≈ 2.41 digits; refuse a value far beyond its precision before the
        // quadratic conversion.
        guard decimal.fixed != nil || bytes.count <= decimal.precision / 2 + 2 else {
            throw DecodeError(
                "a decimal(\(decimal.precision), \(decimal.scale)) value of \(bytes.count) bytes exceeds its precision")
        }
        var magnitude = bytes
        let negative = (bytes.first ?? 0) & 0x80 != 0
        if negative {
            var carry = true
            for index in magnitude.indices.reversed() {
                magnitude[index] = ~magnitude[index]
                if carry {
                    let (sum, overflow) = magnitude[index].addingReportingOverflow(1)
                    magnitude[index] = sum
                    carry = overflow
                }
            }
        }
        // Base 10^9 limbs, least significant first.
        var limbs: [UInt64] = []
        for byte in magnitude {
            var carry = UInt64(byte)
            for index in limbs.indices {
                let value = limbs[index] * 256 + carry
                limbs[index] = value % 1_000_000_000
                carry = value / 1_000_000_000
            }
            while carry > 0 {
                limbs.append(carry % 1_000_000_000)
                carry /= 1_000_000_000
            }
        }
        var digits: [UInt8] = []
        for (index, limb) in limbs.reversed().enumerated() {
            let text = String(limb)
            if index > 0 {
                digits += [UInt8](repeating: UInt8(ascii: "0"), count: 9 - text.utf8.count)
            }
            digits += text.utf8
        }
        guard digits.count <= decimal.precision else {
            throw DecodeError(
                "a decimal(\(decimal.precision), \(decimal.scale)) value has \(digits.count) digits, more than its precision"
            )
        }
        let isZero = digits.isEmpty
        return (negative && !isZero ? "-" : "")
            + positionalText(digits, point: digits.count - decimal.scale, scale: decimal.scale)
    }
}
