/// UTF-8 validation on raw bytes, shared by the decoders that produce PostgreSQL text.
///
/// PostgreSQL text is UTF-8 without U+0000, so both an ill-formed sequence and a NUL byte are errors that name
/// their offset; the stdlib's validating initializers only say that something somewhere was wrong.
enum TextValidation {
    /// Throws at the first NUL byte or ill-formed UTF-8 sequence in `bytes[start..<end]`.
    static func validate(_ bytes: UnsafeRawBufferPointer, from start: Int = 0, to end: Int) throws(DecodeError) {
        var index = start
        while index < end {
            if end - index >= 8 {
                let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if word & highBits == 0 && (word &- lowBits) & ~word & highBits == 0 {
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            if byte >= 0x80 {
                let length = sequenceLength(bytes, at: index, end: end)
                guard length > 0 else { throw .invalidUTF8(at: index) }
                index += length
            } else {
                guard byte != 0 else { throw .nul(at: index) }
                index += 1
            }
        }
    }

    /// The length of the well-formed multi-byte sequence whose lead byte is at `index`, or 0 when it is
    /// ill-formed: a stray continuation byte, an overlong form, a surrogate, a value above U+10FFFF or a
    /// sequence cut short by `end` (Unicode 15, table 3-7).
    @inline(__always)
    static func sequenceLength(_ bytes: UnsafeRawBufferPointer, at index: Int, end: Int) -> Int {
        let lead = bytes[index]
        let available = end - index
        switch lead {
        case 0xC2...0xDF:
            guard available >= 2, isContinuation(bytes[index + 1]) else { return 0 }
            return 2
        case 0xE0...0xEF:
            guard available >= 3 else { return 0 }
            let second = bytes[index + 1]
            let secondRange: ClosedRange<UInt8> =
                switch lead {
                case 0xE0: 0xA0...0xBF
                case 0xED: 0x80...0x9F
                default: 0x80...0xBF
                }
            guard secondRange.contains(second), isContinuation(bytes[index + 2]) else { return 0 }
            return 3
        case 0xF0...0xF4:
            guard available >= 4 else { return 0 }
            let second = bytes[index + 1]
            let secondRange: ClosedRange<UInt8> =
                switch lead {
                case 0xF0: 0x90...0xBF
                case 0xF4: 0x80...0x8F
                default: 0x80...0xBF
                }
            guard secondRange.contains(second), isContinuation(bytes[index + 2]), isContinuation(bytes[index + 3])
            else { return 0 }
            return 4
        default:
            return 0
        }
    }

    @inline(__always)
    static func isContinuation(_ byte: UInt8) -> Bool {
        byte & 0xC0 == 0x80
    }

    private static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowBits: UInt64 = 0x0101_0101_0101_0101
}
