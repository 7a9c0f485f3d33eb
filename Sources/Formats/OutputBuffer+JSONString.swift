extension OutputBuffer {
    /// Appends `text` as a JSON string literal the way PostgreSQL's escape_json writes it: `\"`, `\\`, the
    /// short escapes for backspace, form feed, newline, carriage return and tab, `\u00XX` in lower-case hex
    /// for the other control characters, and every other byte (`/`, non-ASCII UTF-8) as it is.
    mutating func appendQuoted(_ text: UnsafeRawBufferPointer) {
        append(UInt8(ascii: "\""))
        var runStart = 0
        for index in 0..<text.count {
            let byte = text[index]
            let escape: UInt8
            switch byte {
            case UInt8(ascii: "\""): escape = UInt8(ascii: "\"")
            case UInt8(ascii: "\\"): escape = UInt8(ascii: "\\")
            case 0x08: escape = UInt8(ascii: "b")
            case 0x0C: escape = UInt8(ascii: "f")
            case UInt8(ascii: "\n"): escape = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): escape = UInt8(ascii: "r")
            case UInt8(ascii: "\t"): escape = UInt8(ascii: "t")
            case 0..<0x20: escape = UInt8(ascii: "u")
            default: continue
            }
            append(UnsafeRawBufferPointer(rebasing: text[runStart..<index]))
            append(UInt8(ascii: "\\"), escape)
            if escape == UInt8(ascii: "u") {
                append(UInt8(ascii: "0"), UInt8(ascii: "0"))
                append(ByteaText.hexDigit(byte >> 4), ByteaText.hexDigit(byte & 0x0F))
            }
            runStart = index + 1
        }
        append(UnsafeRawBufferPointer(rebasing: text[runStart...]))
        append(UInt8(ascii: "\""))
    }

    /// The number of bytes `appendQuoted` writes for `text`.
    static func quotedCount(_ text: UnsafeRawBufferPointer) -> Int {
        var count = 2
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x08, 0x0C, UInt8(ascii: "\n"), UInt8(ascii: "\r"),
                UInt8(ascii: "\t"):
                count += 2
            case 0..<0x20:
                count += 6
            default:
                count += 1
            }
        }
        return count
    }
}
