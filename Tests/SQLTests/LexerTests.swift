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
