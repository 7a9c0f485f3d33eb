import Testing

@testable import SQL

/// Parsing `CREATE [OR REPLACE] VIEW`, `DROP VIEW`, `SHOW VIEWS` and `SHOW CREATE VIEW`.
@Suite struct ViewStatementTests {
    static func statement(_ sql: String) throws -> Statement {
        try Parser.parseOne(sql).statement
    }

    @Test func createKeepsTheQueryAsWritten() throws {
        #expect(
            try Self.statement("CREATE VIEW orders AS SELECT (data->>'id')::int AS id FROM js;")
                == .view(.create(CreateView(name: "orders", query: "SELECT (data->>'id')::int AS id FROM js"))))
        #expect(
            try Self.statement("create or replace view public.v (a, \"B\") as with x as (select 1) select * from x")
                == .view(
                    .create(
                        CreateView(
                            name: "v", columns: ["a", "B"], query: "with x as (select 1) select * from x",
                            orReplace: true))))
        #expect(
            try Self.statement("CREATE VIEW IF NOT EXISTS v AS (VALUES (1))")
                == .view(.create(CreateView(name: "v", query: "(VALUES (1))", ifNotExists: true))))
        let statements = try Parser.parse("CREATE VIEW a AS SELECT 1; CREATE VIEW b AS SELECT 2")
        #expect(statements.map(\.statement.commandTag) == ["CREATE VIEW", "CREATE VIEW"])
        #expect(try Self.statement("CREATE VIEW v AS SELECT 1").isDDL)
    }

    @Test func dropAndShow() throws {
        #expect(
            try Self.statement("DROP VIEW IF EXISTS a, b CASCADE")
                == .view(.drop(DropObjects(names: ["a", "b"], ifExists: true, cascade: true))))
        #expect(try Self.statement("DROP VIEW a").commandTag == "DROP VIEW")
        #expect(try Self.statement("SHOW VIEWS") == .view(.show(like: nil)))
        #expect(try Self.statement("SHOW VIEWS FROM public LIKE 'o%'") == .view(.show(like: "o%")))
        #expect(try Self.statement("SHOW CREATE VIEW materialize.public.v") == .view(.showCreate(name: "v")))
        #expect(try Self.statement("SHOW VIEWS").isDDL == false)
    }

    @Test func malformedViewsSayWhatToWrite() {
        #expect(syntaxFailure("CREATE VIEW v SELECT 1") == "expected AS, found SELECT @15")
        #expect(
            syntaxFailure("CREATE VIEW v AS DROP VIEW w")
                == "expected a query (SELECT, WITH, VALUES or TABLE) after AS, found DROP @18")
        #expect(
            syntaxFailure("CREATE OR REPLACE VIEW IF NOT EXISTS v AS SELECT 1")
                == "cannot combine OR REPLACE and IF NOT EXISTS; write one of them @24")
        #expect(syntaxFailure("CREATE VIEW v () AS SELECT 1") == "expected a column name, found \")\" @16")
        #expect(syntaxFailure("DROP VIEWS v")?.hasPrefix("expected SECRET, CONNECTION, SOURCE, TABLE or VIEW") == true)
    }
}
