import Testing

@testable import SQL

@Suite struct QueryTreeWalkTests {
    static func relations(_ sql: String) throws -> [String] {
        var names: [String] = []
        try Parser.parseSelectStatement(sql).forEachTableReference { reference in
            if case .relation(let name, _) = reference.kind { names.append(name.description) }
        }
        return names.sorted()
    }

    @Test func everyRelationIsFoundWhereverItIs() throws {
        let sql = """
            WITH c AS (SELECT * FROM s.cte_source) SELECT (SELECT max(x) FROM scalar_sub), ARRAY(SELECT 1 FROM arr)
            FROM a JOIN (b LEFT JOIN c ON true) ON true, LATERAL (SELECT * FROM lat) l
            WHERE x IN (SELECT y FROM in_sub) AND EXISTS (SELECT 1 FROM ex WHERE z = ANY (SELECT w FROM any_sub))
            UNION (SELECT 1 FROM union_right ORDER BY 1 LIMIT 1)
            """
        #expect(
            try Self.relations(sql) == [
                "a", "any_sub", "arr", "b", "c", "ex", "in_sub", "lat", "s.cte_source", "scalar_sub", "union_right",
            ])
    }

    @Test func parameterCountIsTheHighestParameterAnywhere() throws {
        #expect(try Parser.parseSelectStatement("SELECT 1").parameterCount == 0)
        #expect(
            try Parser.parseSelectStatement(
                """
                SELECT $1, f($2) FILTER (WHERE $3) OVER (PARTITION BY $4 ROWS $5 PRECEDING)
                FROM t JOIN u ON $6 = 1, generate_series(1, $7)
                WHERE a IN ($8) AND b = ANY (SELECT $9) AND CASE WHEN $10 THEN $11 END
                GROUP BY $12 HAVING $13 ORDER BY $14 LIMIT $15 OFFSET $16
                """
            ).parameterCount == 16)
        #expect(
            try Parser.parseSelectStatement(
                "WITH x AS (SELECT $3) VALUES ($1) UNION SELECT a[$2:$4] FROM (SELECT $5) s"
            ).parameterCount == 5)
    }

    @Test func expressionsAreVisitedParentsFirst() throws {
        var visited: [String] = []
        try Parser.parseSelectStatement("SELECT a + b * c").forEachExpression { visited.append($0.description) }
        #expect(visited == ["a + b * c", "a", "b * c", "b", "c"])
    }
}
