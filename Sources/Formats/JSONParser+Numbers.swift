extension JSONParser {
    /// Parses the number token at `index` and checks that PostgreSQL's numeric can hold it, as jsonb stores
    /// numbers as numeric.
    ///
    /// A token without an exponent is numeric's own text unless it is a negative zero; the others are
    /// rewritten when printed (`JSONWriter.writeExponentNumber`).
    mutating func parseNumber() throws(DecodeError) {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative {
            index += 1
        }
        guard index < end, isDigit(bytes[index]) else { throw unexpected("a digit") }
        let integerStart = index
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < end && isDigit(bytes[index]) {
                throw DecodeError("invalid JSON: number at byte \(start) has a leading zero")
            }
        } else {
            skipDigits()
        }
        let integerDigits = index - integerStart
        let integerIsZero = bytes[integerStart] == UInt8(ascii: "0")

        var fractionDigits = 0
        var firstNonzeroFractionDigit: Int?
        if index < end && bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < end && isDigit(bytes[index]) {
                if firstNonzeroFractionDigit == nil && bytes[index] != UInt8(ascii: "0") {
                    firstNonzeroFractionDigit = index - fractionStart
                }
                index += 1
            }
            fractionDigits = index - fractionStart
            guard fractionDigits > 0 else { throw unexpected("a digit after '.'") }
        }

        var exponent = 0
        var hasExponent = false
        if index < end && (bytes[index] | 0x20) == UInt8(ascii: "e") {
            hasExponent = true
            index += 1
            var exponentNegative = false
            if index < end && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let exponentStart = index
            while index < end && isDigit(bytes[index]) {
                // Past the limit the exact value no longer matters, only that it is past it.
                if exponent <= Self.maximumExponent {
                    exponent = exponent * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                }
                index += 1
            }
            guard index > exponentStart else { throw unexpected("a digit in the exponent") }
            guard exponent <= Self.maximumExponent else {
                throw DecodeError(
                    "numeric value out of range at byte \(start): the exponent is beyond ±\(Self.maximumExponent)")
            }
            if exponentNegative {
                exponent = -exponent
            }
        }

        // numeric keeps the digits after the point that the token shows, less those the exponent moves.
        guard fractionDigits - exponent <= Self.maximumScale else {
            throw DecodeError(
                "numeric value out of range at byte \(start): "
                    + "more than \(Self.maximumScale) digits after the decimal point")
        }
        // The power of ten of the first nonzero digit (none for zero); numeric's weight counts groups of four.
        let power: Int? =
            if !integerIsZero {
                integerDigits - 1 + exponent
            } else if let firstNonzeroFractionDigit {
                exponent - firstNonzeroFractionDigit - 1
            } else {
                nil
            }
        if let power, power >= Self.maximumPower {
            throw DecodeError(
                "numeric value out of range at byte \(start): "
                    + "more than \(Self.maximumPower) digits before the decimal point")
        }
        let isZero = power == nil
        guard hasExponent || (negative && isZero) else {
            append(.number, start: start, count: index - start)
            return
        }
        // numeric's text: a sign unless zero, the integer part from the first nonzero digit (or `0`), the scale.
        let scale = max(0, fractionDigits - exponent)
        let printed = (negative && !isZero ? 1 : 0) + max(1, (power ?? -1) + 1) + (scale > 0 ? 1 + scale : 0)
        scalarGrowth += printed - (index - start)
        append(.exponentNumber, start: start, count: index - start)
    }

    /// numeric_in rejects exponents beyond ±NUMERIC_MAX_PRECISION.
    static let maximumExponent = 1000
    /// numeric's display scale is 14 bits (NUMERIC_DSCALE_MAX).
    static let maximumScale = 0x3FFF
    /// numeric's weight is an int16 count of base-10000 digits, so 32768 × 4 decimal digits before the point.
    static let maximumPower = 32768 * 4

    @inline(__always)
    private mutating func skipDigits() {
        while index < end && isDigit(bytes[index]) {
            index += 1
        }
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}
