import Testing

@testable import Formats

@Suite struct CSVDecoderTests {
    @Test func fieldsAreSplitAtTheDelimiter() throws {
        #expect(try Decoding.csv("a,b,c", columns: 3) == ["a", "b", "c"])
        #expect(try Decoding.csv("12345,Alice Example,98.5", columns: 3) == ["12345", "Alice Example", "98.5"])
        // Whitespace is part of a field.
        #expect(try Decoding.csv(" a , b ", columns: 2) == [" a ", " b "])
        #expect(try Decoding.csv("only", columns: 1) == ["only"])
        #expect(try Decoding.csv("é,中文,😀", columns: 3) == ["é", "中文", "😀"])
    }

    @Test func emptyFieldsAreEmptyStrings() throws {
        #expect(try Decoding.csv("a,,c", columns: 3) == ["a", "", "c"])
        #expect(try Decoding.csv(",,", columns: 3) == ["", "", ""])
        #expect(try Decoding.csv("a,", columns: 2) == ["a", ""])
        #expect(try Decoding.csv(",a", columns: 2) == ["", "a"])
        #expect(try Decoding.csv("", columns: 1) == [""])
        #expect(try Decoding.csv("\n", columns: 1) == [""])
        #expect(try Decoding.csv(#""""#, columns: 1) == [""])
    }

    @Test func oneTrailingLineBreakIsNotPartOfTheRow() throws {
        #expect(try Decoding.csv("a,b\n", columns: 2) == ["a", "b"])
        #expect(try Decoding.csv("a,b\r\n", columns: 2) == ["a", "b"])
        #expect(try Decoding.csv("a,\n", columns: 2) == ["a", ""])
        #expect(try Decoding.csv("a,\"b\"\r\n", columns: 2) == ["a", "b"])
        let twoRows =
            "line break outside quotes at byte 3; a record holds one CSV row, so a field with a line break must be quoted"
        #expect(throws: DecodeError(twoRows)) { try Decoding.csv("a,b\n\n", columns: 2) }
        #expect(throws: DecodeError(twoRows)) { try Decoding.csv("a,b\r", columns: 2) }
        #expect(throws: DecodeError(twoRows)) { try Decoding.csv("a,b\n\r\n", columns: 2) }
        #expect(throws: DecodeError(twoRows.replacing("byte 3", with: "byte 1"))) {
            try Decoding.csv("a\nb,c", columns: 2)
        }
    }

    @Test func quotedFieldsHoldDelimitersQuotesAndLineBreaks() throws {
        #expect(try Decoding.csv(#""a,b",c"#, columns: 2) == ["a,b", "c"])
        #expect(try Decoding.csv(#""he said ""hi""",x"#, columns: 2) == [#"he said "hi""#, "x"])
        #expect(try Decoding.csv(#""""""#, columns: 1) == [#"""#])
        #expect(try Decoding.csv(#""""""""#, columns: 1) == [#""""#])
        #expect(try Decoding.csv("x,\"\"\"a\"\"\"", columns: 2) == ["x", #""a""#])
        #expect(try Decoding.csv("\"a\nb\",\"c\r\nd\"", columns: 2) == ["a\nb", "c\r\nd"])
        #expect(try Decoding.csv("\"multi\nline\"\n", columns: 1) == ["multi\nline"])
        #expect(try Decoding.csv("\",\"", columns: 1) == [","])
        #expect(try Decoding.csv(#""é ""中"" 😀""#, columns: 1) == [#"é "中" 😀"#])
    }

    @Test func aQuoteInsideAnUnquotedFieldIsKept() throws {
        #expect(try Decoding.csv(#"5'10",x"#, columns: 2) == [#"5'10""#, "x"])
        #expect(try Decoding.csv(#"a"b"c"#, columns: 1) == [#"a"b"c"#])
    }

    @Test func malformedQuotingIsAnError() {
        #expect(throws: DecodeError("quoted field starting at byte 0 has no closing quote")) {
            try Decoding.csv(#""abc,d"#, columns: 2)
        }
        #expect(throws: DecodeError("quoted field starting at byte 2 has no closing quote")) {
            try Decoding.csv("a,\"b\n", columns: 2)
        }
        #expect(throws: DecodeError("quoted field starting at byte 0 has no closing quote")) {
            try Decoding.csv(#"""""#, columns: 1)
        }
        let after =
            "after the closing quote at byte 3; a quoted field must be followed by the delimiter or the end of the row"
        #expect(throws: DecodeError("unexpected 'b' \(after)")) { try Decoding.csv(#""a"b,c"#, columns: 2) }
        #expect(throws: DecodeError("unexpected U+0020 \(after)")) { try Decoding.csv(#""a" ,c"#, columns: 2) }
        #expect(throws: DecodeError("unexpected 'é' (U+00E9) \(after)")) { try Decoding.csv(#""a"é"#, columns: 1) }
    }

    @Test(arguments: [("a;b;c", ";"), ("a|b|c", "|"), ("a\tb\tc", "\t"), ("a b c", " "), ("a\u{1F}b\u{1F}c", "\u{1F}")])
    func otherDelimiters(row: String, delimiter: Character) throws {
        #expect(try Decoding.csv(row, columns: 3, delimiter: delimiter) == ["a", "b", "c"])
    }

    @Test func withAnotherDelimiterCommasAreText() throws {
        #expect(try Decoding.csv(#"a,b;"c;d";"#, columns: 3, delimiter: ";") == ["a,b", "c;d", ""])
        #expect(try Decoding.csv("\"x\ty\"\tz\n", columns: 2, delimiter: "\t") == ["x\ty", "z"])
        #expect(try Decoding.csv("1|2||", columns: 4, delimiter: "|") == ["1", "2", "", ""])
    }

    @Test func theColumnCountMustMatch() {
        #expect(throws: DecodeError("expected 3 columns, found 2")) { try Decoding.csv("a,b", columns: 3) }
        #expect(throws: DecodeError("expected 3 columns, found 4")) { try Decoding.csv("a,b,c,d", columns: 3) }
        #expect(throws: DecodeError("expected 3 columns, found 4")) { try Decoding.csv("a,b,c,\n", columns: 3) }
        #expect(throws: DecodeError("expected 1 column, found 2")) { try Decoding.csv("a,b", columns: 1) }
        #expect(throws: DecodeError("expected 2 columns, found 1")) { try Decoding.csv("", columns: 2) }
        #expect(throws: DecodeError("expected 2 columns, found 1")) { try Decoding.csv(#""a,b""#, columns: 2) }
        #expect(throws: DecodeError("expected 2 columns, found 3")) {
            try Decoding.csv("a;b;c", columns: 2, delimiter: ";")
        }
    }

    @Test func fieldsAreUTF8TextWithoutNUL() {
        #expect(throws: DecodeError("invalid UTF-8 at byte 2")) { try Decoding.csv([0x61, 0x2C, 0xFF], columns: 2) }
        #expect(throws: DecodeError("invalid UTF-8 at byte 1")) { try Decoding.csv([0x22, 0xC3, 0x22], columns: 1) }
        #expect(throws: DecodeError("invalid UTF-8 at byte 0")) { try Decoding.csv([0xE2, 0x82, 0x0A], columns: 1) }
        #expect(throws: DecodeError("text cannot contain NUL (byte 2)")) {
            try Decoding.csv([0x61, 0x2C, 0x00], columns: 2)
        }
    }

    @Test func randomRowsRoundTrip() throws {
        var random = SplitMix64(seed: 0xC5F)
        let pieces = ["a", "bc", "12.5", " ", ",", ";", "\"", "\"\"", "\n", "\r\n", "é", "中", "😀", "\t", "|"]
        for _ in 0..<2000 {
            let delimiter = [",", ";", "|", "\t"].randomElement(using: &random)!
            let fields = (0..<Int.random(in: 1...6, using: &random)).map { _ in
                (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            }
            let row =
                fields.map { field in
                    let special =
                        field.contains(where: { $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                        || field.contains(Character(delimiter)) || field.isEmpty
                    let quote = special || Bool.random(using: &random)
                    return quote ? "\"" + field.replacing("\"", with: "\"\"") + "\"" : field
                }.joined(separator: delimiter) + ["", "\n", "\r\n"].randomElement(using: &random)!
            let decoded = try Decoding.csv(row, columns: fields.count, delimiter: Character(delimiter))
            #expect(decoded == fields, "row \(row.debugDescription)")
        }
    }
}
