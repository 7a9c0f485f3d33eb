import Testing

@testable import Formats

@Suite struct TextFormatTests {
    @Test func asciiAndMultiByteTextIsTakenAsItIs() throws {
        #expect(try Decoding.text([]) == "")
        #expect(try Decoding.text(Array("hello, world".utf8)) == "hello, world")
        let mixed = "naïve café — 中文 😀 \u{10FFFF}\u{7F}\t\r\n"
        #expect(try Decoding.text(Array(mixed.utf8)) == mixed)
        // Long enough to go through the eight-byte fast path and its tail.
        let long = String(repeating: "0123456789abcdef", count: 20) + "é"
        #expect(try Decoding.text(Array(long.utf8)) == long)
    }

    @Test func theBoundariesOfEachSequenceLengthAreValid() throws {
        let boundaries: [[UInt8]] = [
            [0x7F],
            [0xC2, 0x80], [0xDF, 0xBF],  // U+0080, U+07FF
            [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF],  // U+0800, U+D7FF
            [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBF],  // U+E000, U+FFFF
            [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],  // U+10000, U+10FFFF
        ]
        for bytes in boundaries {
            #expect(try Decoding.text(bytes) == String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test(
        arguments: [
            // Stray continuation bytes and bytes that never appear in UTF-8.
            ([0x80], 0), ([0x61, 0xBF], 1), ([0xC0, 0x80], 0), ([0xC1, 0xBF], 0), ([0xF5, 0x80, 0x80, 0x80], 0),
            ([0xFF], 0), ([0xFE], 0),
            // Overlong forms.
            ([0xE0, 0x80, 0xAF], 0), ([0xE0, 0x9F, 0xBF], 0), ([0xF0, 0x80, 0x80, 0xAF], 0),
            ([0xF0, 0x8F, 0xBF, 0xBF], 0),
            // UTF-16 surrogates encoded as UTF-8 (CESU-8), alone and paired.
            ([0x61, 0x62, 0x63, 0xED, 0xA0, 0x80], 3), ([0xED, 0xBF, 0xBF], 0),
            ([0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80], 0),
            // Above U+10FFFF.
            ([0xF4, 0x90, 0x80, 0x80], 0),
            // Cut short at the end, and interrupted by ASCII.
            ([0x61, 0xC3], 1), ([0xE2, 0x82], 0), ([0xF0, 0x9F, 0x98], 0), ([0xE2, 0x82, 0x41], 0), ([0xC3, 0x20], 0),
            // After the eight-byte fast path.
            (Array("abcdefghijklmnop".utf8) + [0xC3, 0x28], 16),
            (Array("abcdefghi".utf8) + [0x80] + Array("xyzxyzxyz".utf8), 9),
        ] as [([UInt8], Int)])
    func invalidUTF8NamesTheOffsetOfTheBadSequence(bytes: [UInt8], offset: Int) {
        #expect(throws: DecodeError("invalid UTF-8 at byte \(offset)")) { try Decoding.text(bytes) }
    }

    @Test func nulCannotBeText() {
        #expect(throws: DecodeError("text cannot contain NUL (byte 0)")) { try Decoding.text([0]) }
        #expect(throws: DecodeError("text cannot contain NUL (byte 3)")) {
            try Decoding.text([0x61, 0x62, 0x63, 0, 0x64])
        }
        let long = Array("0123456789abcdef".utf8)
        #expect(throws: DecodeError("text cannot contain NUL (byte 21)")) {
            try Decoding.text(long + [1, 2, 3, 4, 5, 0])
        }
    }

    @Test func validationAgreesWithTheStandardLibraryOnRandomBytes() throws {
        var random = SplitMix64(seed: 0x7E57)
        // Bytes biased toward UTF-8's interesting values, so that most inputs have several sequences.
        let pool: [UInt8] = [
            0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5,
        ]
        for _ in 0..<5000 {
            let bytes = (0..<Int.random(in: 0...12, using: &random)).map { _ in pool.randomElement(using: &random)! }
            let expected = String(validating: bytes, as: UTF8.self)
            let decoded = try? Decoding.text(bytes)
            #expect(decoded == expected, "bytes \(bytes)")
        }
    }
}

@Suite struct ByteaTextTests {
    @Test func hexIsBackslashXAndLowerCaseDigits() {
        #expect(Decoding.hex([]) == #"\x"#)
        #expect(Decoding.hex(Array("hi".utf8)) == #"\x6869"#)
        #expect(Decoding.hex([0x00, 0x0F, 0x10, 0x7F, 0x80, 0xAB, 0xFF]) == #"\x000f107f80abff"#)
        let all = (0...255).map { UInt8($0) }
        let expected = #"\x"# + all.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        #expect(Decoding.hex(all) == expected)
    }
}
