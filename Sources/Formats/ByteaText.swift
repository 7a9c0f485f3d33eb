/// PostgreSQL's text form of `bytea`, for columns of raw record bytes such as those of `FORMAT BYTES`.
///
/// PostgreSQL prints bytea in hex by default (`bytea_output = 'hex'`), so a client sees the same text it
/// would see from PostgreSQL.
public enum ByteaText {
    /// `\x` followed by two lower-case hex digits per byte: the string `\x6869` for "hi".
    public static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: 2 + 2 * bytes.count) { text in
            let digits = hexDigits.utf8Start
            text[0] = UInt8(ascii: "\\")
            text[1] = UInt8(ascii: "x")
            var index = 2
            for byte in bytes {
                text[index] = digits[Int(byte >> 4)]
                text[index + 1] = digits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }

    @inline(__always)
    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        hexDigits.utf8Start[Int(nibble)]
    }

    private static let hexDigits: StaticString = "0123456789abcdef"
}
