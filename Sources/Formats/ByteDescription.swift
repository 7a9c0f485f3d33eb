/// How error messages name the byte a decoder stopped at.
enum ByteDescription {
    /// `'x'` for printable ASCII, `U+000A` for other ASCII, `'é' (U+00E9)` for a well-formed multi-byte
    /// character, or nil when the bytes at `index` are not UTF-8 (the caller then reports that instead).
    static func character(in bytes: UnsafeRawBufferPointer, at index: Int, end: Int) -> String? {
        let byte = bytes[index]
        if byte > 0x20 && byte < 0x7F {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        if byte < 0x80 {
            return codePoint(UInt32(byte))
        }
        let length = TextValidation.sequenceLength(bytes, at: index, end: end)
        guard length > 0 else { return nil }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[index..<index + length]), as: UTF8.self)
        guard let scalar = text.unicodeScalars.first else { return nil }
        return "'\(text)' (\(codePoint(scalar.value)))"
    }

    /// `U+00E9`: the code point in upper-case hex, at least four digits, as Unicode writes it.
    static func codePoint(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
