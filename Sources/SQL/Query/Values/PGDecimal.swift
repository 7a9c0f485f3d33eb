/// PostgreSQL's `numeric`: an exact decimal with a display scale, computed digit by digit, never through binary
/// floating point. Results keep the scales PostgreSQL gives them (`1.10 + 2` is `3.10`, a product's scale is the
/// sum of its operands', a quotient's is `select_div_scale`'s), so they print as PostgreSQL prints them.
///
/// In the storage engine a numeric is its text; the engine's `pg_num_*` functions compute with this type and the
/// `pg_numeric` collation orders numeric text by value.
public struct PGDecimal: Hashable, Sendable {
    /// The magnitude's decimal digits, most significant first, without leading zeros (empty for zero).
    var digits: [UInt8]
    /// Digits after the decimal point; the value is ±digits × 10^-scale.
    public var scale: Int
    var negative: Bool

    /// The most digits a value may have here; PostgreSQL holds far more, so beyond this is refused, not rounded.
    public static let maximumDigits = 1000

    init(digits: [UInt8], scale: Int, negative: Bool) {
        var digits = digits
        let leading = digits.prefix { $0 == 0 }.count
        digits.removeFirst(leading)
        self.digits = digits
        self.scale = scale
        self.negative = negative && !digits.isEmpty
    }

    public init(_ value: Int64) {
        self.init(digits: Array(String(value.magnitude).utf8).map { $0 - 48 }, scale: 0, negative: value < 0)
    }

    public var isZero: Bool { digits.isEmpty }
    public var isNegative: Bool { negative }

    /// Reads numeric's input: `[+-]digits[.digits][e[+-]n]`, spaces around; nil for anything else (`NaN`,
    /// `Infinity` and other spellings are not read here).
    public init?(parsing text: String) {
        var bytes = Array(text.utf8)[...]
        while bytes.first == 0x20 { bytes = bytes.dropFirst() }
        while bytes.last == 0x20 { bytes = bytes.dropLast() }
        var negative = false
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") {
            negative = bytes.first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var digits: [UInt8] = []
        var scale = 0
        var seenPoint = false
        var seenDigit = false
        while let byte = bytes.first {
            if byte >= 48, byte <= 57 {
                digits.append(byte - 48)
                if seenPoint { scale += 1 }
                seenDigit = true
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                break
            }
            bytes = bytes.dropFirst()
        }
        guard seenDigit else { return nil }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            guard let exponent = Int(String(decoding: bytes, as: UTF8.self)), abs(exponent) <= Self.maximumDigits
            else { return nil }
            bytes = []
            if exponent > scale {
                digits += [UInt8](repeating: 0, count: exponent - scale)
                scale = 0
            } else {
                scale -= exponent
            }
        }
        guard bytes.isEmpty else { return nil }
        self.init(digits: digits, scale: scale, negative: negative)
    }

    /// The text PostgreSQL prints: every digit of the scale, no exponent.
    public var text: String {
        var magnitude = digits
        if magnitude.count <= scale {
            magnitude = [UInt8](repeating: 0, count: scale - magnitude.count + 1) + magnitude
        }
        var output = negative ? "-" : ""
        output.reserveCapacity(magnitude.count + 2)
        let integerCount = magnitude.count - scale
        for (index, digit) in magnitude.enumerated() {
            if index == integerCount { output += "." }
            output.unicodeScalars.append(Unicode.Scalar(digit + 48))
        }
        return output
    }

    /// Too many digits for this implementation.
    public var isTooLarge: Bool { digits.count > Self.maximumDigits || scale > Self.maximumDigits }

    /// The digits scaled to `scale` (which must not be less than the value's).
    private func magnitude(atScale target: Int) -> [UInt8] {
        digits.isEmpty ? [] : digits + [UInt8](repeating: 0, count: target - scale)
    }

    public static func compare(_ a: PGDecimal, _ b: PGDecimal) -> Int {
        if a.negative != b.negative { return a.negative ? -1 : 1 }
        let common = max(a.scale, b.scale)
        let order = compareMagnitudes(a.magnitude(atScale: common), b.magnitude(atScale: common))
        return a.negative ? -order : order
    }

    static func compareMagnitudes(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return 0
    }

    static func addMagnitudes(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: max(a.count, b.count) + 1)
        var carry: UInt8 = 0
        var i = a.count - 1
        var j = b.count - 1
        var k = result.count - 1
        while k >= 0 {
            var sum = carry
            if i >= 0 { sum += a[i] }
            if j >= 0 { sum += b[j] }
            result[k] = sum % 10
            carry = sum / 10
            i -= 1
            j -= 1
            k -= 1
        }
        return result
    }

    /// a - b for magnitudes with a ≥ b.
    static func subtractMagnitudes(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var result = a
        var borrow: Int = 0
        var j = b.count - 1
        var k = a.count - 1
        while k >= 0 {
            var value = Int(result[k]) - borrow - (j >= 0 ? Int(b[j]) : 0)
            borrow = 0
            if value < 0 {
                value += 10
                borrow = 1
            }
            result[k] = UInt8(value)
            j -= 1
            k -= 1
        }
        return result
    }

    static func multiplyMagnitudes(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        guard !a.isEmpty, !b.isEmpty else { return [] }
        var result = [Int](repeating: 0, count: a.count + b.count)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                result[i + j + 1] += Int(a[i]) * Int(b[j])
            }
        }
        for k in stride(from: result.count - 1, to: 0, by: -1) {
            result[k - 1] += result[k] / 10
            result[k] %= 10
        }
        return result.map { UInt8($0) }
    }

    public static func + (a: PGDecimal, b: PGDecimal) -> PGDecimal {
        let common = max(a.scale, b.scale)
        let x = a.magnitude(atScale: common)
        let y = b.magnitude(atScale: common)
        if a.negative == b.negative {
            return PGDecimal(digits: addMagnitudes(x, y), scale: common, negative: a.negative)
        }
        let order = compareMagnitudes(x, y)
        if order == 0 { return PGDecimal(digits: [], scale: common, negative: false) }
        return order > 0
            ? PGDecimal(digits: subtractMagnitudes(x, y), scale: common, negative: a.negative)
            : PGDecimal(digits: subtractMagnitudes(y, x), scale: common, negative: b.negative)
    }

    public static prefix func - (a: PGDecimal) -> PGDecimal {
        PGDecimal(digits: a.digits, scale: a.scale, negative: !a.negative)
    }

    public static func - (a: PGDecimal, b: PGDecimal) -> PGDecimal { a + -b }

    public static func * (a: PGDecimal, b: PGDecimal) -> PGDecimal {
        PGDecimal(
            digits: multiplyMagnitudes(a.digits, b.digits), scale: a.scale + b.scale, negative: a.negative != b.negative
        )
    }

    /// The value rounded half away from zero to `target` digits after the point (before it when negative);
    /// the result's scale is `max(target, 0)`.
    public func rounded(toScale target: Int) -> PGDecimal {
        if target >= scale {
            return PGDecimal(digits: magnitude(atScale: target), scale: target, negative: negative)
        }
        let drop = scale - target
        var kept = digits.count > drop ? Array(digits[..<(digits.count - drop)]) : []
        let firstDropped = digits.count >= drop ? digits[digits.count - drop] : 0
        if firstDropped >= 5 { kept = Self.addMagnitudes(kept, [1]) }
        if target >= 0 { return PGDecimal(digits: kept, scale: target, negative: negative) }
        return PGDecimal(digits: kept + [UInt8](repeating: 0, count: -target), scale: 0, negative: negative)
    }

    /// The value truncated toward zero to `target` digits after the point.
    public func truncated(toScale target: Int) -> PGDecimal {
        if target >= scale { return PGDecimal(digits: magnitude(atScale: target), scale: target, negative: negative) }
        let drop = scale - target
        let kept = digits.count > drop ? Array(digits[..<(digits.count - drop)]) : []
        if target >= 0 { return PGDecimal(digits: kept, scale: target, negative: negative) }
        return PGDecimal(digits: kept + [UInt8](repeating: 0, count: -target), scale: 0, negative: negative)
    }

    /// PostgreSQL's `select_div_scale`: at least 16 significant digits, and no less than either operand's scale.
    static func divisionScale(_ a: PGDecimal, _ b: PGDecimal) -> Int {
        let (weight1, first1) = a.leadingGroup
        let (weight2, first2) = b.leadingGroup
        var quotientWeight = weight1 - weight2
        if first1 <= first2 { quotientWeight -= 1 }
        var scale = 16 - quotientWeight * 4
        scale = max(scale, a.scale, b.scale, 0)
        return min(scale, 1000)
    }

    /// The weight and value of the first nonzero base-10000 digit, as PostgreSQL stores numeric (0, 0 for zero).
    var leadingGroup: (weight: Int, value: Int) {
        guard !digits.isEmpty else { return (0, 0) }
        let topPower = digits.count - scale - 1
        let weight = topPower >= 0 ? topPower / 4 : -((-topPower + 3) / 4)
        var value = 0
        for power in stride(from: weight * 4 + 3, through: weight * 4, by: -1) {
            let index = digits.count - scale - 1 - power
            value = value * 10 + (index >= 0 && index < digits.count ? Int(digits[index]) : 0)
        }
        return (weight, value)
    }

    /// `a / b` as PostgreSQL's numeric division gives it: rounded at `divisionScale`; nil when b is zero.
    public static func / (a: PGDecimal, b: PGDecimal) -> PGDecimal? {
        divide(a, b, scale: divisionScale(a, b))
    }

    /// `a / b` rounded half away from zero at `scale` digits after the point; nil when b is zero.
    public static func divide(_ a: PGDecimal, _ b: PGDecimal, scale target: Int) -> PGDecimal? {
        guard !b.isZero else { return nil }
        // q = a × 10^(target + 1 + b.scale - a.scale) / b, in integers, then round off the extra digit.
        let shift = target + 1 + b.scale - a.scale
        var numerator = a.digits
        var denominator = b.digits
        if shift >= 0 {
            numerator += [UInt8](repeating: 0, count: shift)
        } else {
            denominator += [UInt8](repeating: 0, count: -shift)
        }
        let quotient = divideMagnitudes(numerator, denominator)
        let raw = PGDecimal(digits: quotient, scale: target + 1, negative: a.negative != b.negative)
        return raw.rounded(toScale: target)
    }

    /// The integer quotient of two magnitudes (long division, one decimal digit at a time).
    static func divideMagnitudes(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var quotient: [UInt8] = []
        var remainder: [UInt8] = []
        for digit in a {
            remainder.append(digit)
            remainder = PGDecimal(digits: remainder, scale: 0, negative: false).digits
            var count: UInt8 = 0
            while compareMagnitudes(remainder, b) >= 0 {
                remainder = PGDecimal(digits: subtractMagnitudes(remainder, b), scale: 0, negative: false).digits
                count += 1
            }
            quotient.append(count)
        }
        return quotient
    }

    /// `a % b`: the remainder of the division truncated toward zero, with the larger scale; nil when b is zero.
    public static func % (a: PGDecimal, b: PGDecimal) -> PGDecimal? {
        guard !b.isZero else { return nil }
        let common = max(a.scale, b.scale)
        let quotient = PGDecimal(
            digits: divideMagnitudes(a.magnitude(atScale: common), b.magnitude(atScale: common)), scale: 0,
            negative: a.negative != b.negative)
        return a - quotient * b
    }

    /// The value as PostgreSQL's `numeric(precision, scale)` holds it: rounded to `scale`; nil when the integer
    /// digits do not fit `precision - scale`.
    public func fitted(precision: Int, scale target: Int) -> PGDecimal? {
        let value = rounded(toScale: target)
        let integerDigits = max(value.digits.count - value.scale, 0)
        guard integerDigits <= precision - target else { return nil }
        return value
    }
}
