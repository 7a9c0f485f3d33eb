import Testing

@testable import SQL

/// The source and table statements under random soups of their own words and under every prefix: the parser
/// either parses or throws an SQLError with a position inside the text; it never crashes or loops.
@Suite struct SourceParserRobustnessTests {
    static let pieces = [
        "CREATE", "SOURCE", "TABLE", "FROM", "KAFKA", "CONNECTION", "IN", "CLUSTER", "TOPIC", "START", "OFFSET",
        "TIMESTAMP", "GROUP", "ID", "PREFIX", "METADATA", "REFRESH", "INTERVAL", "FORMAT", "KEY", "VALUE", "TEXT",
        "BYTES", "JSON", "CSV", "WITH", "COLUMNS", "HEADER", "HEADERS", "DELIMITED", "BY", "INCLUDE", "PARTITION",
        "AS", "ENVELOPE", "NONE", "UPSERT", "DECODING", "ERRORS", "INLINE", "EXPOSE", "PROGRESS", "SIZE", "REFERENCE",
        "DROP", "SHOW", "SOURCES", "TABLES", "COLUMNS", "LIKE", "IF", "NOT", "EXISTS", "AVRO", "(", ")", "[", "]", ",",
        ";", "=", "-", "=-", ".", "'t'", "';'", "'1m'", "\"Q\"", "3", "0", "-1", "name",
    ]

    @Test func randomStatementsParseOrFailWithAPosition() {
        var generator = ParserRobustnessTests.Generator(state: 0x2545_F491_4F6C_DD1D)
        for round in 0..<5_000 {
            let count = Int.random(in: 1...18, using: &generator)
            var words = (0..<count).map { _ in Self.pieces.randomElement(using: &generator)! }
            // Half the soups start like a real statement, so they get past the first words.
            if round.isMultiple(of: 2) { words.insert(contentsOf: ["CREATE", "SOURCE", "s"], at: 0) }
            let text = words.joined(separator: " ")
            do {
                for statement in try Parser.parse(text) {
                    planIfPossible(statement.statement)
                }
            } catch {
                if let position = error.position {
                    #expect(position >= 1 && position <= text.unicodeScalars.count + 1, "\(text)")
                }
                #expect(!error.message.isEmpty)
                #expect(["42601", "0A000", "22023"].contains(error.sqlState), "\(text): \(error)")
            }
        }
    }

    @Test(arguments: [
        """
        CREATE SOURCE IF NOT EXISTS materialize.public.s (a, "B") IN CLUSTER c FROM KAFKA CONNECTION k (TOPIC 't',
        START OFFSET (0, 10), GROUP ID PREFIX 'p', TOPIC METADATA REFRESH INTERVAL '1m') KEY FORMAT TEXT VALUE FORMAT
        CSV WITH HEADER (x, y) DELIMITED BY ';' INCLUDE KEY AS k, PARTITION, HEADER 'h' AS h BYTES
        ENVELOPE UPSERT (VALUE DECODING ERRORS = (INLINE AS e)) EXPOSE PROGRESS AS p WITH (SIZE = 'xsmall')
        """,
        "CREATE SOURCE s FROM KAFKA CONNECTION k (TOPIC 't', START TIMESTAMP=-1000) FORMAT CSV WITH 3 COLUMNS",
        SourceStatementTests.seedStatement,
    ])
    func prefixesOfSourceStatementsAreSyntaxErrors(statement: String) {
        forEachPrefix(of: statement) { text in
            do throws(SQLError) {
                _ = try Parser.parse(text)
            } catch {
                #expect(error.sqlState == "42601", "\(text): \(error)")
                #expect(error.position.map { $0 >= 1 && $0 <= text.unicodeScalars.count + 1 } ?? true, "\(text)")
            }
        }
    }

    @Test func prefixesOfATableStatementAreSyntaxErrorsOrTheTableRefusal() {
        let statement =
            "CREATE TABLE IF NOT EXISTS t (a) FROM SOURCE s (REFERENCE \"t\") KEY FORMAT JSON VALUE FORMAT TEXT "
            + "INCLUDE KEY ENVELOPE UPSERT (VALUE DECODING ERRORS = INLINE)"
        forEachPrefix(of: statement) { text in
            do throws(SQLError) {
                _ = try Parser.parse(text)
            } catch {
                #expect(error.sqlState == "42601" || error.sqlState == "0A000", "\(text): \(error)")
            }
        }
    }

    private func forEachPrefix(of statement: String, _ body: (String) -> Void) {
        let scalars = Array(statement.unicodeScalars)
        for end in 0...scalars.count {
            var prefix = String.UnicodeScalarView()
            prefix.append(contentsOf: scalars[..<end])
            body(String(prefix))
        }
    }

    /// Plans what parsed, so planning meets the odd statements too; its errors are checked elsewhere.
    private func planIfPossible(_ statement: Statement) {
        switch statement {
        case .createSource(let create):
            _ = try? KafkaSourceDefinition.plan(create)
            if let spec = create.output {
                _ = try? SourceOutputDefinition.plan(name: create.name, spec: spec, columnNames: create.columnNames)
            }
            _ = try? Parser.parseOne(SQLText.createSource(create))
        case .createTableFromSource(let create):
            _ = try? SourceOutputDefinition.plan(
                name: create.name, spec: create.output, columnNames: create.columnNames)
            _ = try? Parser.parseOne(SQLText.createTable(create))
        default:
            break
        }
    }
}
