import Testing

@testable import SQL

/// Truncations and mutations of the query corpus: the query parser either parses or throws an SQLError with a
/// position inside the text; it never crashes or loops. What it parses also round-trips through the printer.
@Suite struct QueryParserRobustnessTests {
    static let pieces = [
        "SELECT", "FROM", "WHERE", "(", ")", ",", "::", "[", "]", "'x'", "$1", "1", ".5", "a", "t.*", "*", "+", "-",
        "=", "<>", "~", "->>", "AND", "OR", "NOT", "IS", "NULL", "IN", "BETWEEN", "LIKE", "ANY", "ARRAY", "CASE",
        "WHEN", "THEN", "END", "CAST", "AS", "int", "text[]", "JOIN", "ON", "UNION", "ORDER BY", "LIMIT", "OVER",
        "WITH", "VALUES", "E'\\n'", "$$d$$", "OPERATOR(pg_catalog.~)", "COLLATE", "AT TIME ZONE", "EXISTS",
    ]

    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }

    static func check(_ text: String) {
        do {
            let tree = try Parser.parseSelectStatement(text)
            let printed = SQLPrinter.print(tree)
            do {
                let reparsed = try Parser.parseSelectStatement(printed)
                #expect(reparsed == tree, "\(text) printed as \(printed)")
            } catch {
                Issue.record("\(text) printed as \(printed), which fails: \(error.message)")
            }
        } catch {
            if let position = error.position {
                #expect(position >= 1 && position <= text.unicodeScalars.count + 1, "\(text)")
            }
            #expect(!error.message.isEmpty)
        }
    }

    static func text(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    @Test func everyPrefixOfTheCorpusParsesOrFails() {
        for query in QueryCorpus.basics + QueryCorpus.from + QueryCorpus.expressions.prefix(30) {
            let scalars = Array(query.unicodeScalars)
            for end in 0...scalars.count { Self.check(Self.text(scalars[..<end])) }
        }
    }

    @Test func mutatedCorpusQueriesParseOrFail() {
        var generator = Generator(state: 0x2545_F491_4F6C_DD1D)
        let corpus = QueryCorpus.all
        for _ in 0..<4_000 {
            var scalars = Array(corpus.randomElement(using: &generator)!.unicodeScalars)
            for _ in 0..<Int.random(in: 1...3, using: &generator) where !scalars.isEmpty {
                let at = Int.random(in: 0..<scalars.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: scalars.remove(at: at)
                case 1: scalars.insert(contentsOf: Self.pieces.randomElement(using: &generator)!.unicodeScalars, at: at)
                default: scalars.swapAt(at, Int.random(in: 0..<scalars.count, using: &generator))
                }
            }
            Self.check(Self.text(scalars))
        }
    }

    @Test func randomSoupsParseOrFail() {
        var generator = Generator(state: 0x9E37_79B9_7F4A_7C15)
        for _ in 0..<5_000 {
            let count = Int.random(in: 1...16, using: &generator)
            Self.check(
                "SELECT "
                    + (0..<count).map { _ in Self.pieces.randomElement(using: &generator)! }.joined(separator: " ")
            )
        }
    }
}
