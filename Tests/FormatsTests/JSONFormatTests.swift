import Testing

@testable import Formats

/// jsonb's text for documents: key order, duplicates, separators, whitespace and the grammar's errors.
@Suite struct JSONFormatTests {
    @Test(arguments: [
        (#"{"a":1,"bb":[1,2,{"c":null}]}"#, #"{"a": 1, "bb": [1, 2, {"c": null}]}"#),
        (#"{"bb":[1,2,{"c":null}],"a":1}"#, #"{"a": 1, "bb": [1, 2, {"c": null}]}"#),
        ("{}", "{}"), ("[]", "[]"), ("[{}, [], [[]], {\"a\": {}}]", #"[{}, [], [[]], {"a": {}}]"#),
        ("[true,false,null]", "[true, false, null]"),
        // Shorter keys first, then bytewise (so "b" before "aa", and "Z" before "a").
        (#"{"aaa":1,"b":2,"aa":3,"c":4}"#, #"{"b": 2, "c": 4, "aa": 3, "aaa": 1}"#),
        (#"{"a":1,"Z":2,"_":3,"0":4}"#, #"{"0": 4, "Z": 2, "_": 3, "a": 1}"#),
        // Bytewise is UTF-8 byte order, and length is in bytes: "é" is two bytes.
        (#"{"é":1,"z":2,"ab":3}"#, #"{"z": 2, "ab": 3, "é": 1}"#),
        (#"{"":1,"a":2}"#, #"{"": 1, "a": 2}"#),
        // Nested objects are sorted too.
        (#"{"b":{"y":1,"x":2},"a":[{"d":1,"c":2}]}"#, #"{"a": [{"c": 2, "d": 1}], "b": {"x": 2, "y": 1}}"#),
    ])
    func objectsSortTheirKeysByLengthAndThenBytes(input: String, expected: String) throws {
        #expect(try Decoding.jsonb(input) == expected)
    }

    @Test func duplicateKeysKeepTheLastValue() throws {
        #expect(try Decoding.jsonb(#"{"a":1,"a":2}"#) == #"{"a": 2}"#)
        #expect(try Decoding.jsonb(#"{"a":1,"b":0,"a":{"x":1},"a":[3]}"#) == #"{"a": [3], "b": 0}"#)
        #expect(try Decoding.jsonb(#"{"x":{"k":1,"k":2},"x":{"k":3,"j":4,"k":5}}"#) == #"{"x": {"j": 4, "k": 5}}"#)
        // Escaped and literal spellings of one key are one key.
        #expect(try Decoding.jsonb(#"{"a":1,"\u0061":2}"#) == #"{"a": 2}"#)
        #expect(try Decoding.jsonb(#"{"\u0061":1,"a":2}"#) == #"{"a": 2}"#)
    }

    @Test func largeObjectsAreSortedAndUniqued() throws {
        // More members than the insertion sort handles, in reverse order, each key twice.
        let keys = (0..<40).map { "k\(String(repeating: "x", count: $0 % 7))\($0)" }
        let members = (keys.reversed() + keys).enumerated().map { #""\#($0.element)": \#($0.offset)"# }
        let input = "{" + members.joined(separator: ",") + "}"
        let expected = keys.enumerated()
            .sorted { jsonbKeyPrecedes($0.element, $1.element) }
            .map { #""\#($0.element)": \#(40 + $0.offset)"# }
        #expect(try Decoding.jsonb(input) == "{" + expected.joined(separator: ", ") + "}")
    }

    @Test func topLevelScalarsAndSurroundingWhitespace() throws {
        #expect(try Decoding.jsonb("1") == "1")
        #expect(try Decoding.jsonb(#""text""#) == #""text""#)
        #expect(try Decoding.jsonb("true") == "true")
        #expect(try Decoding.jsonb("false") == "false")
        #expect(try Decoding.jsonb("null") == "null")
        #expect(try Decoding.jsonb(" \t\r\n 42 \n") == "42")
        #expect(try Decoding.jsonb("\n{ \"a\" :\t[ 1 ,\r\n2 ] }\r\n") == #"{"a": [1, 2]}"#)
    }

    @Test(arguments: [
        ("", "invalid JSON: unexpected end of input at byte 0 (expected a value)"),
        ("   ", "invalid JSON: unexpected end of input at byte 3 (expected a value)"),
        ("[1] x", "invalid JSON: unexpected 'x' at byte 4 (expected the end of the input)"),
        ("1 2", "invalid JSON: unexpected '2' at byte 2 (expected the end of the input)"),
        ("{}{}", "invalid JSON: unexpected '{' at byte 2 (expected the end of the input)"),
        ("null,", "invalid JSON: unexpected ',' at byte 4 (expected the end of the input)"),
        ("[1,]", "invalid JSON: unexpected ']' at byte 3 (expected a value)"),
        ("[1 2]", "invalid JSON: unexpected '2' at byte 3 (expected ',' or ']')"),
        ("[1", "invalid JSON: unexpected end of input at byte 2 (expected ',' or ']')"),
        (#"{"a":1,}"#, "invalid JSON: unexpected '}' at byte 7 (expected a string key)"),
        (#"{"a" 1}"#, "invalid JSON: unexpected '1' at byte 5 (expected ':')"),
        (#"{"a":1 "b":2}"#, "invalid JSON: unexpected '\"' at byte 7 (expected ',' or '}')"),
        ("{1:2}", "invalid JSON: unexpected '1' at byte 1 (expected a string key)"),
        (#"{"a":}"#, "invalid JSON: unexpected '}' at byte 5 (expected a value)"),
        ("[1}", "invalid JSON: unexpected '}' at byte 2 (expected ',' or ']')"),
        (#"{"a":1]"#, "invalid JSON: unexpected ']' at byte 6 (expected ',' or '}')"),
        ("tru", "invalid JSON: unexpected end of input at byte 3 (expected true)"),
        ("nul", "invalid JSON: unexpected end of input at byte 3 (expected null)"),
        ("fals3", "invalid JSON: unexpected '3' at byte 4 (expected false)"),
        ("True", "invalid JSON: unexpected 'T' at byte 0 (expected a value)"),
        ("truex", "invalid JSON: unexpected 'x' at byte 4 (expected the end of the input)"),
        ("NaN", "invalid JSON: unexpected 'N' at byte 0 (expected a value)"),
        ("'a'", "invalid JSON: unexpected ''' at byte 0 (expected a value)"),
        ("[\u{1}]", "invalid JSON: unexpected U+0001 at byte 1 (expected a value)"),
        ("\u{FEFF}1", "invalid JSON: unexpected '\u{FEFF}' (U+FEFF) at byte 0 (expected a value)"),
        ("[é]", "invalid JSON: unexpected 'é' (U+00E9) at byte 1 (expected a value)"),
        ("\u{A0}1", "invalid JSON: unexpected '\u{A0}' (U+00A0) at byte 0 (expected a value)"),
        ("\u{C}1", "invalid JSON: unexpected U+000C at byte 0 (expected a value)"),
    ])
    func grammarErrorsNameWhatWasFoundAndWhere(input: String, reason: String) {
        #expect(throws: DecodeError(reason)) { try Decoding.jsonb(input) }
    }

    @Test func invalidUTF8IsAnErrorInsideAndOutsideStrings() {
        #expect(throws: DecodeError("invalid UTF-8 at byte 2")) { try Decoding.jsonb([0x22, 0x61, 0xFF, 0x22]) }
        #expect(throws: DecodeError("invalid UTF-8 at byte 1")) { try Decoding.jsonb([0x22, 0xC0, 0xAF, 0x22]) }
        #expect(throws: DecodeError("invalid UTF-8 at byte 1")) { try Decoding.jsonb([0x22, 0xED, 0xA0, 0x80, 0x22]) }
        #expect(throws: DecodeError("invalid UTF-8 at byte 1")) { try Decoding.jsonb([0x22, 0xE2, 0x82]) }
        #expect(throws: DecodeError("invalid UTF-8 at byte 1")) { try Decoding.jsonb([0x5B, 0x80, 0x5D]) }
        #expect(throws: DecodeError("invalid UTF-8 at byte 3")) { try Decoding.jsonb([0x31, 0x20, 0x20, 0xF8]) }
        // In a key, and after an escape.
        #expect(throws: DecodeError("invalid UTF-8 at byte 3")) {
            try Decoding.jsonb(Array(#"{"a"#.utf8) + [0xF5] + Array(#"":1}"#.utf8))
        }
        #expect(throws: DecodeError("invalid UTF-8 at byte 3")) {
            try Decoding.jsonb(Array(#""\n"#.utf8) + [0xBF, 0x22])
        }
        #expect(throws: DecodeError("invalid UTF-8 at byte 2")) {
            try Decoding.jsonb(Array(#""\"#.utf8) + [0xBF, 0x22])
        }
    }

    @Test func nestingIsLimitedToAThousandLevels() throws {
        let deepest = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        #expect(try Decoding.jsonb(deepest) == deepest)
        let objects = String(repeating: #"{"a":"#, count: 1000) + "1" + String(repeating: "}", count: 1000)
        #expect(
            try Decoding.jsonb(objects) == String(repeating: #"{"a": "#, count: 1000) + "1"
                + String(repeating: "}", count: 1000))

        let tooDeep = String(repeating: "[", count: 1001) + String(repeating: "]", count: 1001)
        let reason = "invalid JSON: arrays and objects nest deeper than 1000 levels at byte 1000"
        #expect(throws: DecodeError(reason)) { try Decoding.jsonb(tooDeep) }
        // Far deeper input is the same error, not a stack overflow.
        #expect(throws: DecodeError(reason)) { try Decoding.jsonb(String(repeating: "[", count: 1_000_000)) }
        // Depth counts open containers, not all of them: many siblings at one level are fine.
        let wide = "[" + Array(repeating: "[[]]", count: 5000).joined(separator: ",") + "]"
        #expect(try Decoding.jsonb(wide) == "[" + Array(repeating: "[[]]", count: 5000).joined(separator: ", ") + "]")
    }
}
