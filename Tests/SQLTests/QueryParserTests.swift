import Testing

@testable import SQL

@Suite struct QueryParserTests {
    @Test func smoke() throws {
        for sql in [
            "SELECT 1", "SELECT a, b AS c FROM t WHERE a = 1 ORDER BY 2 DESC LIMIT 3",
            "SELECT -2 ^ 2", "SELECT a::int + 1", "SELECT a OR b AND c", "SELECT NOT a = b", "SELECT a IS NULL = false",
        ] {
            let tree = try Parser.parseSelectStatement(sql)
            print(sql, "=>", tree.description)
        }
    }
}
