extension JSONParser {
    /// Parses the string whose opening quote is at `index` into a `string` node, or an `escapedString` node
    /// once it meets a backslash.
    ///
    /// Strings are where JSON may hold non-ASCII bytes, so this is also where the input's UTF-8 is checked.
    mutating func parseString() throws(DecodeError) {
        let open = index
        index += 1
        let start = index
        while true {
            guard index < end else { throw unterminatedString(open) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                append(.string, start: start, count: index - start)
                index += 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                try parseEscapedString(open: open, start: start)
                return
            }
            try skipCharacter(byte)
        }
    }

    /// Goes on with a string from its first backslash, copying it unescaped into `unescaped`.
    private mutating func parseEscapedString(open: Int, start: Int) throws(DecodeError) {
        let unescapedStart = unescaped.count
        var runStart = start
        while true {
            guard index < end else { throw unterminatedString(open) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                unescaped.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<index]))
                if byte == UInt8(ascii: "\"") {
                    append(.escapedString, start: unescapedStart, count: unescaped.count - unescapedStart)
                    index += 1
                    return
                }
                try parseEscape(open: open)
                runStart = index
                continue
            }
            try skipCharacter(byte)
        }
    }

    /// Steps over one unescaped character of a string: ASCII other than a control character, or a well-formed
    /// UTF-8 sequence.
    @inline(__always)
    private mutating func skipCharacter(_ byte: UInt8) throws(DecodeError) {
        if byte < 0x20 {
            throw DecodeError(
                "invalid JSON: control character \(ByteDescription.codePoint(UInt32(byte))) at byte \(index) "
                    + "must be escaped in a string")
        }
        if byte < 0x80 {
            index += 1
            return
        }
        let length = TextValidation.sequenceLength(bytes, at: index, end: end)
        guard length > 0 else { throw .invalidUTF8(at: index) }
        index += length
    }

    /// Appends the character of the escape whose backslash is at `index`, and steps over it.
    private mutating func parseEscape(open: Int) throws(DecodeError) {
        guard index + 1 < end else { throw unterminatedString(open) }
        let simple: UInt8
        switch bytes[index + 1] {
        case UInt8(ascii: "\""): simple = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): simple = UInt8(ascii: "\\")
        case UInt8(ascii: "/"):
            // The one escape jsonb does not print back.
            simple = UInt8(ascii: "/")
            scalarGrowth -= 1
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = UInt8(ascii: "\n")
        case UInt8(ascii: "r"): simple = UInt8(ascii: "\r")
        case UInt8(ascii: "t"): simple = UInt8(ascii: "\t")
        case UInt8(ascii: "u"):
            try parseUnicodeEscape()
            return
        default:
            throw invalidEscape(at: index)
        }
        unescaped.append(simple)
        index += 2
    }

    /// Appends the code point of the `\uXXXX` escape at `index` (two of them for a surrogate pair) as UTF-8.
    private mutating func parseUnicodeEscape() throws(DecodeError) {
        let escape = index
        var scalar = try hexQuad(at: index + 2)
        index += 6
        switch scalar {
        case 0xD800...0xDBFF:
            var second: UInt32 = 0
            if index + 1 < end && bytes[index] == UInt8(ascii: "\\") && bytes[index + 1] == UInt8(ascii: "u") {
                second = try hexQuad(at: index + 2)
            }
            guard (0xDC00...0xDFFF).contains(second) else {
                throw DecodeError(
                    "invalid JSON: Unicode high surrogate \(escapeText(scalar)) at byte \(escape) "
                        + "is not followed by a low surrogate")
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (second - 0xDC00)
            index += 6
        case 0xDC00...0xDFFF:
            throw DecodeError(
                "invalid JSON: Unicode low surrogate \(escapeText(scalar)) at byte \(escape) "
                    + "does not follow a high surrogate")
        case 0:
            throw DecodeError("unsupported Unicode escape sequence \\u0000 at byte \(escape)")
        default:
            break
        }
        appendUTF8(scalar)
        scalarGrowth += Self.printedLength(of: scalar) - (index - escape)
    }

    /// The bytes jsonb prints for a character of a string: an escape or its UTF-8.
    private static func printedLength(of scalar: UInt32) -> Int {
        switch scalar {
        case 0x22, 0x5C, 0x08, 0x0C, 0x0A, 0x0D, 0x09: 2
        case 0..<0x20: 6
        case 0..<0x80: 1
        case 0x80..<0x800: 2
        case 0x800..<0x10000: 3
        default: 4
        }
    }

    private func hexQuad(at start: Int) throws(DecodeError) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<4 {
            let position = start + offset
            guard position < end, let digit = hexValue(bytes[position]) else {
                throw DecodeError(
                    "invalid JSON: \\u at byte \(start - 2) must be followed by four hexadecimal digits")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private func escapeText(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            unescaped.append(UInt8(scalar))
        case 0x80..<0x800:
            unescaped.append(UInt8(0xC0 | scalar >> 6))
            unescaped.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            unescaped.append(UInt8(0xE0 | scalar >> 12))
            unescaped.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            unescaped.append(UInt8(0x80 | scalar & 0x3F))
        default:
            unescaped.append(UInt8(0xF0 | scalar >> 18))
            unescaped.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            unescaped.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            unescaped.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// "invalid escape '\\q' at byte 4", for a backslash followed by anything but an escape letter.
    private func invalidEscape(at backslash: Int) -> DecodeError {
        let next = backslash + 1
        let byte = bytes[next]
        if byte > 0x20 && byte < 0x7F {
            return DecodeError(
                "invalid JSON: invalid escape '\\\(Character(Unicode.Scalar(byte)))' at byte \(backslash); "
                    + #"a backslash is followed by one of " \ / b f n r t u"#)
        }
        guard let character = ByteDescription.character(in: bytes, at: next, end: end) else {
            return .invalidUTF8(at: next)
        }
        return DecodeError(
            "invalid JSON: invalid escape at byte \(backslash): a backslash followed by \(character); "
                + #"a backslash is followed by one of " \ / b f n r t u"#)
    }

    private func unterminatedString(_ open: Int) -> DecodeError {
        DecodeError("invalid JSON: the string starting at byte \(open) has no closing quote")
    }
}
