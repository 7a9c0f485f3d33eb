import Testing

@testable import SQL

@Suite struct LexerTests {
    private func kinds(_ sql: String) throws -> [Token.Kind] {
        try Lexer(sql).tokenize().map(\.kind)
    }

    @Test func wordsAreFoldedQuotedIdentifiersAreNot() throws {
        #expect(
            try kinds("SeLeCt \"MiXed\"\"q\"") == [
                .identifier("select", quoted: false), .identifier("MiXed\"q", quoted: true), .endOfInput,
            ])
    }

    @Test func stringsNumbersParametersAndSymbols() throws {
        #expect(
            try kinds("'it''s' E'a\\nb' $$x'y$$ $tag$z$tag$ 42 3.5e2 $2 :: <> ( ) , ; = .") == [
                .string("it's"), .string("a\nb"), .string("x'y"), .string("z"), .number("42"), .number("3.5e2"),
                .parameter(2), .symbol("::"), .symbol("<>"), .symbol("("), .symbol(")"), .symbol(","), .symbol(";"),
                .symbol("="), .symbol("."), .endOfInput,
            ])
    }

    @Test func operatorsSplitAsPostgreSQLSplitsThem() throws {
        #expect(
            try kinds("a*-1 a<-1 a@-1 a!=b a->>'k' a#>>b a<@b a?|b a~*b a!~*b a||b a>=b") == [
                .identifier("a", quoted: false), .symbol("*"), .symbol("-"), .number("1"),
                .identifier("a", quoted: false), .symbol("<"), .symbol("-"), .number("1"),
                .identifier("a", quoted: false), .symbol("@-"), .number("1"),
                .identifier("a", quoted: false), .symbol("<>"), .identifier("b", quoted: false),
                .identifier("a", quoted: false), .symbol("->>"), .string("k"),
                .identifier("a", quoted: false), .symbol("#>>"), .identifier("b", quoted: false),
                .identifier("a", quoted: false), .symbol("<@"), .identifier("b", quoted: false),
                .identifier("a", quoted: false), .symbol("?|"), .identifier("b", quoted: false),
                .identifier("a", quoted: false), .symbol("~*"), .identifier("b", quoted: false),
                .identifier("a", quoted: false), .symbol("!~*"), .identifier("b", quoted: false),
                .identifier("a", quoted: false), .symbol("||"), .identifier("b", quoted: false),
                .identifier("a", quoted: false), .symbol(">="), .identifier("b", quoted: false), .endOfInput,
            ])
    }

    @Test func escapeStringsDecodeOctalHexAndUnicode() throws {
        #expect(try kinds(#"E'\101\x42\u0043\U00000044\'\\\q'"#) == [.string("ABCD'\\q"), .endOfInput])
        #expect(throws: SQLError.syntax("invalid escape in an E'' string literal", position: 3)) {
            try Lexer(#"E'\0'"#).tokenize()
        }
    }

    @Test func commentsAreSkippedAndNest() throws {
        #expect(
            try kinds("a -- comment ; 'x'\n /* outer /* inner */ still */ b") == [
                .identifier("a", quoted: false), .identifier("b", quoted: false), .endOfInput,
            ])
    }

    @Test func positionsAreOneBasedCharacters() throws {
        let tokens = try Lexer("é  x").tokenize()
        #expect(tokens.map(\.position) == [1, 4, 5])
    }

    @Test func unterminatedThingsAreSyntaxErrorsAtTheirStart() {
        #expect(throws: SQLError.syntax("unterminated string literal; close it with '", position: 8)) {
            try Lexer("SELECT 'abc").tokenize()
        }
        #expect(throws: SQLError.syntax("unterminated /* comment; close it with */", position: 3)) {
            try Lexer("a /* b").tokenize()
        }
        #expect(throws: SQLError.syntax("unterminated quoted identifier; close it with \"", position: 1)) {
            try Lexer("\"abc").tokenize()
        }
    }

    @Test func redactionHidesEveryStringLiteral() {
        #expect(
            SQLText.redacted("CREATE SECRET s AS 'hunter2'; SELECT 'x'")
                == "CREATE SECRET s AS '<REDACTED>'; SELECT '<REDACTED>'")
        #expect(!SQLText.redacted("CREATE SECRET s AS decode('aHVudGVyMg==', 'base64')").contains("aHVudGVy"))
    }
}
