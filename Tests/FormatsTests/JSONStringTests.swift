import Testing

@testable import Formats

/// jsonb's text for strings: escapes decoded on the way in and re-escaped as PostgreSQL's escape_json does.
@Suite struct JSONStringTests {
    @Test(arguments: [
        (#""""#, #""""#),
        (#""plain text""#, #""plain text""#),
        // The short escapes are kept; `\/` is a plain slash, and a raw slash stays raw.
        (#""\" \\ \/ / \b \f \n \r \t""#, #""\" \\ / / \b \f \n \r \t""#),
        // \u escapes of characters with a short escape print as that escape.
        (#""\u0022\u005c\u002F\u0008\u000c\u000A\u000d\u0009""#, #""\"\\/\b\f\n\r\t""#),
        // Other control characters print as \u00XX with lower-case hex, whatever case they were written in.
        (#""\u0001\u001F\u001f\u000B\u000e""#, #""\u0001\u001f\u001f\u000b\u000e""#),
        // DEL and everything above is printed as itself, in UTF-8.
        (#""\u007f\u00e9\u00E9\u4e2d\uFFFF""#, "\"\u{7F}éé中\u{FFFF}\""),
        (#""\u4e2d""#, "\"中\""),
        // Surrogate pairs decode to one code point.
        (#""\ud83d\ude00 \uD83D\uDE00 \udbff\udfff""#, "\"😀 😀 \u{10FFFF}\""),
        // Raw non-ASCII stays as it is.
        ("\"naïve 中文 😀\"", "\"naïve 中文 😀\""),
        // Escapes next to plain text and each other.
        (#""a\nb\u0041c\\""#, #""a\nbAc\\""#),
        (#""\\\\\"\"""#, #""\\\\\"\"""#),
    ])
    func stringsAreReescapedTheWayPostgreSQLPrintsThem(input: String, expected: String) throws {
        #expect(try Decoding.jsonb(input) == expected)
    }

    @Test func escapedKeysAreComparedAndPrintedUnescaped() throws {
        #expect(try Decoding.jsonb(#"{"\u00e9":1,"\n":2,"\/":3}"#) == #"{"\n": 2, "/": 3, "é": 1}"#)
        #expect(try Decoding.jsonb(#"{"b\"":1,"a\\":2}"#) == #"{"a\\": 2, "b\"": 1}"#)
    }

    @Test(arguments: [
        (#""\u0000""#, #"unsupported Unicode escape sequence \u0000 at byte 1"#),
        (#"{"a\u0000":1}"#, #"unsupported Unicode escape sequence \u0000 at byte 3"#),
        (#""\ud800""#, #"invalid JSON: Unicode high surrogate \ud800 at byte 1 is not followed by a low surrogate"#),
        (#""\ud83dx""#, #"invalid JSON: Unicode high surrogate \ud83d at byte 1 is not followed by a low surrogate"#),
        (#""\ud83d\n""#, #"invalid JSON: Unicode high surrogate \ud83d at byte 1 is not followed by a low surrogate"#),
        (
            #""\ud83d\u0041""#,
            #"invalid JSON: Unicode high surrogate \ud83d at byte 1 is not followed by a low surrogate"#
        ),
        (
            #""\ud83d\ud83d""#,
            #"invalid JSON: Unicode high surrogate \ud83d at byte 1 is not followed by a low surrogate"#
        ),
        (#""\udc00""#, #"invalid JSON: Unicode low surrogate \udc00 at byte 1 does not follow a high surrogate"#),
        (
            #""a\uDE00\ud83d""#,
            #"invalid JSON: Unicode low surrogate \ude00 at byte 2 does not follow a high surrogate"#
        ),
        (#""\u12""#, #"invalid JSON: \u at byte 1 must be followed by four hexadecimal digits"#),
        (#""\u12g4""#, #"invalid JSON: \u at byte 1 must be followed by four hexadecimal digits"#),
        (#""\ud83d\u12""#, #"invalid JSON: \u at byte 7 must be followed by four hexadecimal digits"#),
        (#""\u"#, #"invalid JSON: \u at byte 1 must be followed by four hexadecimal digits"#),
        (
            #""\x41""#,
            #"invalid JSON: invalid escape '\x' at byte 1; a backslash is followed by one of " \ / b f n r t u"#
        ),
        (
            #""\U0041""#,
            #"invalid JSON: invalid escape '\U' at byte 1; a backslash is followed by one of " \ / b f n r t u"#
        ),
        (
            "\"\\\u{1}\"",
            #"invalid JSON: invalid escape at byte 1: a backslash followed by U+0001; a backslash is followed by one of " \ / b f n r t u"#
        ),
        (
            "\"\\é\"",
            #"invalid JSON: invalid escape at byte 1: a backslash followed by 'é' (U+00E9); a backslash is followed by one of " \ / b f n r t u"#
        ),
        ("\"a\nb\"", "invalid JSON: control character U+000A at byte 2 must be escaped in a string"),
        ("\"\t\"", "invalid JSON: control character U+0009 at byte 1 must be escaped in a string"),
        ("\"a\\n\u{1F}\"", "invalid JSON: control character U+001F at byte 4 must be escaped in a string"),
        ("\"\u{0}\"", "invalid JSON: control character U+0000 at byte 1 must be escaped in a string"),
        (#""abc"#, "invalid JSON: the string starting at byte 0 has no closing quote"),
        (#"["a\"]"#, "invalid JSON: the string starting at byte 1 has no closing quote"),
        (#""\"#, "invalid JSON: the string starting at byte 0 has no closing quote"),
        (#"{"a"#, "invalid JSON: the string starting at byte 1 has no closing quote"),
    ])
    func badStringsAreErrors(input: String, reason: String) {
        #expect(throws: DecodeError(reason)) { try Decoding.jsonb(input) }
    }

    @Test func quotedWritesALiteralTheWayJsonbPrintsIt() throws {
        #expect(JSONFormat.quoted("") == #""""#)
        #expect(JSONFormat.quoted("plain / text") == #""plain / text""#)
        #expect(JSONFormat.quoted("\"\\\u{8}\u{C}\n\r\t") == #""\"\\\b\f\n\r\t""#)
        #expect(JSONFormat.quoted("\u{1}\u{1F}\u{7F}") == "\"\\u0001\\u001f\u{7F}\"")
        #expect(JSONFormat.quoted("é中😀") == "\"é中😀\"")
        #expect(JSONFormat.quoted("\u{0}") == #""\u0000""#)
        // What quoted writes, the decoder reads back as the same string.
        let text = "key \"with\" \\ all\u{1}\u{1F} sorts \n of 中 😀"
        #expect(try Decoding.jsonb(JSONFormat.quoted(text)) == JSONFormat.quoted(text))
    }
}
