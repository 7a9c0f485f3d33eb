import Testing

@testable import SQL

@Suite struct SessionStatementTests {
    private func statements(_ sql: String) throws -> [Statement] {
        try Parser.parse(sql).map(\.statement)
    }

    @Test func setShowReset() throws {
        #expect(
            try statements(
                "SET application_name = 'x'; SET search_path TO public, other; SET LOCAL statement_timeout = 5") == [
                    .setVariable(SetVariable(name: "application_name", value: "x")),
                    .setVariable(SetVariable(name: "search_path", value: "public, other")),
                    .setVariable(SetVariable(name: "statement_timeout", value: "5", isLocal: true)),
                ])
        #expect(
            try statements(
                "SET extra_float_digits = -3; SET datestyle TO DEFAULT; SET TIME ZONE 'UTC'; SET NAMES 'UTF8'") == [
                    .setVariable(SetVariable(name: "extra_float_digits", value: "-3")),
                    .setVariable(SetVariable(name: "datestyle", value: nil)),
                    .setVariable(SetVariable(name: "timezone", value: "UTC")),
                    .setVariable(SetVariable(name: "client_encoding", value: "UTF8")),
                ])
        #expect(
            try statements("SHOW ALL; SHOW server_version; SHOW TRANSACTION ISOLATION LEVEL; RESET ALL; RESET timezone")
                == [
                    .showVariable(name: nil), .showVariable(name: "server_version"),
                    .showVariable(name: "transaction_isolation"),
                    .resetVariable(name: nil), .resetVariable(name: "timezone"),
                ])
    }

    @Test func transactions() throws {
        #expect(
            try statements(
                "BEGIN; BEGIN ISOLATION LEVEL SERIALIZABLE; START TRANSACTION READ ONLY; COMMIT; END; ROLLBACK; ABORT")
                == [
                    .transaction(.begin), .transaction(.begin), .transaction(.begin), .transaction(.commit),
                    .transaction(.commit),
                    .transaction(.rollback), .transaction(.rollback),
                ])
    }

    @Test func queriesAreKeptAsTextWithTheirParameterCount() throws {
        let parsed = try Parser.parse("SELECT ';', $2 FROM t WHERE (a = $1); WITH x AS (SELECT 1) SELECT * FROM x;  ;")
        #expect(
            parsed.map(\.statement) == [
                .query(Query(text: "SELECT ';', $2 FROM t WHERE (a = $1)", parameterCount: 2)),
                .query(Query(text: "WITH x AS (SELECT 1) SELECT * FROM x", parameterCount: 0)),
            ])
        #expect(parsed.map(\.position) == [1, 39])
    }

    @Test func emptyInputIsOneEmptyStatement() throws {
        #expect(try statements("") == [.empty])
        #expect(try statements(" ; -- nothing\n;") == [.empty])
    }

    @Test func unknownStatementsAndExtraTokens() {
        #expect(throws: SQLError.self) { try Parser.parse("FROB things") }
        #expect(
            throws: SQLError.featureNotSupported(
                "INSERT is not supported: relations in Inlet are read-only; data arrives from Kafka through sources")
        ) { try Parser.parse("INSERT INTO t VALUES (1)") }
        #expect(
            throws: SQLError.featureNotSupported(
                "CREATE CLUSTER is not supported; Inlet keeps secrets, connections, sources and the tables sources feed"
            )
        ) { try Parser.parse("CREATE CLUSTER c SIZE 'xsmall'") }
        #expect(syntaxFailure("SHOW SECRETS x") == "expected \";\" or the end of the statement, found X" + " @14")
        #expect(
            throws: SQLError.syntax(
                "cannot insert multiple commands into a prepared statement; send them one at a time", position: nil)
        ) {
            try Parser.parseOne("SELECT 1; SELECT 2")
        }
    }
}
