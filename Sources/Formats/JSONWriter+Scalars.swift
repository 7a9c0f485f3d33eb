extension JSONWriter {
    /// Appends numeric's text for a number token that has an exponent or is a negative zero.
    ///
    /// numeric_in keeps every digit and a display scale of max(0, fraction digits − exponent), and
    /// numeric_out prints the integer part without leading zeros (at least `0`), then exactly that many
    /// digits after the point; zero has no sign. So `1e2` is `100`, `2.50e1` is `25.0` and `1E-2` is `0.01`.
    mutating func writeExponentNumber(_ token: UnsafeRawBufferPointer) {
        var index = 0
        let negative = token[0] == UInt8(ascii: "-")
        if negative {
            index += 1
        }
        let integerStart = index
        while index < token.count && isDigit(token[index]) {
            index += 1
        }
        let integerDigits = index - integerStart
        var fractionStart = index
        var fractionDigits = 0
        if index < token.count && token[index] == UInt8(ascii: ".") {
            index += 1
            fractionStart = index
            while index < token.count && isDigit(token[index]) {
                index += 1
            }
            fractionDigits = index - fractionStart
        }
        var exponent = 0
        if index < token.count {
            // The parser has checked the exponent: within ±1000, perhaps with leading zeros.
            index += 1
            let exponentNegative = token[index] == UInt8(ascii: "-")
            if !isDigit(token[index]) {
                index += 1
            }
            while index < token.count {
                exponent = exponent * 10 + Int(token[index] - UInt8(ascii: "0"))
                index += 1
            }
            if exponentNegative {
                exponent = -exponent
            }
        }

        // The digits as one run, integer part then fraction, with the point `point` digits in.
        let digitCount = integerDigits + fractionDigits
        func digit(_ position: Int) -> UInt8 {
            if position < 0 || position >= digitCount {
                return UInt8(ascii: "0")
            }
            return position < integerDigits
                ? token[integerStart + position] : token[fractionStart + position - integerDigits]
        }
        let point = integerDigits + exponent
        let scale = max(0, fractionDigits - exponent)

        if negative && (0..<digitCount).contains(where: { digit($0) != UInt8(ascii: "0") }) {
            output.append(UInt8(ascii: "-"))
        }
        if point <= 0 {
            output.append(UInt8(ascii: "0"))
        } else {
            var position = 0
            while position < point - 1 && digit(position) == UInt8(ascii: "0") {
                position += 1
            }
            while position < point {
                output.append(digit(position))
                position += 1
            }
        }
        guard scale > 0 else { return }
        output.append(UInt8(ascii: "."))
        for position in point..<point + scale {
            output.append(digit(position))
        }
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}
