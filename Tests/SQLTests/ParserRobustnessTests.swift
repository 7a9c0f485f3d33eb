import Testing

@testable import SQL

/// Random soups of the grammar's own pieces: the parser either parses or throws an SQLError with a position
/// inside the text; it never crashes or loops.
@Suite struct ParserRobustnessTests {
    static let pieces = [
        "CREATE", "SECRET", "CONNECTION", "TO", "KAFKA", "AWS", "PRIVATELINK", "SSH", "TUNNEL", "BROKERS", "BROKER",
        "USING", "MATCHING", "PORT", "AVAILABILITY", "ZONE", "ZONES", "SERVICE", "NAME", "SASL", "PASSWORD", "SECRET",
        "WITH", "VALIDATE", "ALTER", "DROP", "SET", "SHOW", "RESET", "IF", "NOT", "EXISTS", "CASCADE", "AS", "decode",
        "SELECT", "(", ")", ",", ";", "=", "::", ".", "'b-1:9092'", "'x'", "\"Q\"", "9001", "$1", "true", "--c\n",
        "/* c */", "name", "ROTATE", "KEYS", "E'\\n'", "$$d$$",
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

    @Test func randomStatementsParseOrFailWithAPosition() {
        var generator = Generator(state: 0x9E37_79B9_7F4A_7C15)
        for _ in 0..<5_000 {
            let count = Int.random(in: 1...14, using: &generator)
            let text = (0..<count).map { _ in Self.pieces.randomElement(using: &generator)! }.joined(separator: " ")
            do {
                _ = try Parser.parse(text)
            } catch {
                if let position = error.position {
                    #expect(position >= 1 && position <= text.unicodeScalars.count + 1, "\(text)")
                }
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test func prefixesOfTheSeedStatementsNeverCrash() {
        let statement = """
            CREATE CONNECTION k TO KAFKA (BROKERS ('b-1:9096' USING AWS PRIVATELINK pl (PORT 9001, AVAILABILITY ZONE 'z'),
            MATCHING '*.x' USING SSH TUNNEL t), SASL MECHANISMS = 'SCRAM-SHA-512', SASL USERNAME = SECRET u,
            SASL PASSWORD = SECRET p) WITH (VALIDATE = false)
            """
        let scalars = Array(statement.unicodeScalars)
        for end in 0...scalars.count {
            var prefix = String.UnicodeScalarView()
            prefix.append(contentsOf: scalars[..<end])
            let text = String(prefix)
            do {
                _ = try Parser.parse(text)
            } catch {
                #expect(error.sqlState == "42601", "\(text)")
            }
        }
    }
}
