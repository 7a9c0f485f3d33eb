import Testing

@testable import SQL

@Suite struct QueryParserTests {
    static func parse(_ sql: String) throws(SQLError) -> SelectStatement { try Parser.parseSelectStatement(sql) }

    /// The first select item of `SELECT <expression>`, fully parenthesized so that tests can read the tree.
    static func shape(_ expression: String) throws -> String {
        let statement = try parse("SELECT " + expression)
        guard case .select(let clause) = statement.body, let item = clause.targets.first else { return "?" }
        return tree(item.expression)
    }

    static func tree(_ node: Expression) -> String {
        switch node.kind {
        case .binary(let op, let left, let right): return "(\(tree(left)) \(op) \(tree(right)))"
        case .unary(let op, let operand): return "(\(op)\(tree(operand)))"
        case .and(let items): return "(" + items.map(tree).joined(separator: " AND ") + ")"
        case .or(let items): return "(" + items.map(tree).joined(separator: " OR ") + ")"
        case .not(let operand): return "(NOT \(tree(operand)))"
        case .isNull(let operand, let negated): return "(\(tree(operand)) IS \(negated ? "NOT " : "")NULL)"
        case .isTruth(let operand, let value, let negated):
            return "(\(tree(operand)) IS \(negated ? "NOT " : "")\(value.rawValue))"
        case .isDistinctFrom(let left, let right, let negated):
            return "(\(tree(left)) IS \(negated ? "NOT " : "")DISTINCT FROM \(tree(right)))"
        case .between(let operand, let low, let high, let negated, _):
            return "(\(tree(operand)) \(negated ? "NOT " : "")BETWEEN \(tree(low)) AND \(tree(high)))"
        case .like(let operand, let pattern, _, let kind, let negated):
            return "(\(tree(operand)) \(negated ? "NOT " : "")\(kind.rawValue) \(tree(pattern)))"
        case .inList(let operand, let items, let negated):
            return "(\(tree(operand)) \(negated ? "NOT " : "")IN \(items.map(tree).joined(separator: ",")))"
        case .cast(let value, let type): return "(\(tree(value))::\(type))"
        case .subscripted(let base, .index(let position)): return "(\(tree(base))[\(tree(position))])"
        case .atTimeZone(let value, let zone): return "(\(tree(value)) AT TIME ZONE \(tree(zone)))"
        case .collate(let value, let name): return "(\(tree(value)) COLLATE \(name))"
        case .quantified(let left, let op, let quantifier, .array(let right)):
            return "(\(tree(left)) \(op) \(quantifier.rawValue) \(tree(right)))"
        default: return SQLPrinter.print(node)
        }
    }

    @Test(arguments: QueryCorpus.all)
    func corpusParsesAndRoundTrips(_ sql: String) throws {
        let tree = try Self.parse(sql)
        let printed = SQLPrinter.print(tree)
        let reparsed = try Self.parse(printed)
        #expect(reparsed == tree, "printed as: \(printed)")
        #expect(SQLPrinter.print(reparsed) == printed)
    }

    @Test func theCorpusIsLargeEnough() {
        #expect(QueryCorpus.all.count >= 120)
    }

    @Test(arguments: [
        ("a OR b AND c", "(a OR (b AND c))"),
        ("a AND b OR c", "((a AND b) OR c)"),
        ("a AND b AND c", "(a AND b AND c)"),
        ("(a AND b) AND c", "(a AND b AND c)"),
        ("a AND (b AND c)", "(a AND (b AND c))"),
        ("a OR b OR c AND d", "(a OR b OR (c AND d))"),
        ("NOT a = b", "(NOT (a = b))"),
        ("NOT a AND b", "((NOT a) AND b)"),
        ("NOT a IS NULL", "(NOT (a IS NULL))"),
        ("a IS NULL = false", "((a IS NULL) = FALSE)"),
        ("a = b IS NULL", "((a = b) IS NULL)"),
        ("-2 ^ 2", "((-2) ^ 2)"),
        ("2 ^ 3 ^ 2", "((2 ^ 3) ^ 2)"),
        ("-a::int", "(-(a::int4))"),
        ("-a[1]", "(-(a[1]))"),
        ("a::int + 1", "((a::int4) + 1)"),
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("1 - 2 - 3", "((1 - 2) - 3)"),
        ("a || b = c", "((a || b) = c)"),
        ("a + b || c", "((a + b) || c)"),
        ("a || b + c", "(a || (b + c))"),
        ("a -> 'x' ->> 'y'", "((a -> 'x') ->> 'y')"),
        ("a < b = c < d".isEmpty ? "" : "a BETWEEN 1 AND 2 = true", "((a BETWEEN 1 AND 2) = TRUE)"),
        ("a LIKE 'x' || '%'", "(a LIKE ('x' || '%'))"),
        ("a IN (1, 2) = b", "((a IN 1,2) = b)"),
        ("a = ANY (b) AND c", "((a = ANY b) AND c)"),
        ("a IS DISTINCT FROM b = c", "(a IS DISTINCT FROM (b = c))"),
        ("ts AT TIME ZONE 'UTC' + x", "((ts AT TIME ZONE 'UTC') + x)"),
        ("name COLLATE \"C\" < 'b'", "((name COLLATE \"C\") < 'b')"),
        ("~ a + b", "(~(a + b))"),
        ("~ a || b", "((~a) || b)"),
        ("a = NOT b", "(a = (NOT b))"),
        ("a OPERATOR(pg_catalog.=) b + c", "(a OPERATOR(pg_catalog.=) (b + c))"),
        ("a * -1", "(a * (-1))"),
        ("a<-1", "(a < (-1))"),
        ("a != b", "(a <> b)"),
    ])
    func precedence(_ expression: String, _ expected: String) throws {
        #expect(try Self.shape(expression) == expected)
    }

    @Test func clausesLandWhereTheyBelong() throws {
        let tree = try Self.parse(
            """
            WITH RECURSIVE r(n) AS (SELECT 1) SELECT DISTINCT ON (a) a, t.* FROM s.t AS x(a, b)
            LEFT JOIN u ON x.a = u.a JOIN v USING (b), LATERAL (SELECT 1) l
            WHERE a BETWEEN 1 AND 2 AND b GROUP BY 1 HAVING count(*) > 1 WINDOW w AS (ORDER BY a)
            ORDER BY a DESC NULLS LAST OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY
            """)
        #expect(tree.with?.recursive == true)
        #expect(tree.with?.queries.first?.columns == ["n"])
        #expect(
            tree.orderBy == [OrderItem(expression: Expression(.column(["a"])), direction: .descending, nulls: .last)])
        #expect(
            tree.limit
                == LimitClause(count: Expression(.literal(.number("3"))), offset: Expression(.literal(.number("2")))))
        guard case .select(let clause) = tree.body else { return }
        #expect(clause.distinct == .distinctOn([Expression(.column(["a"]))]))
        #expect(clause.targets.map(\.expression.kind) == [.column(["a"]), .star(qualifier: ["t"])])
        #expect(clause.from.count == 2)
        guard case .join(let outer) = clause.from[0].kind, case .join(let inner) = outer.left.kind else { return }
        #expect(outer.kind == .inner && outer.condition == .using(["b"]))
        #expect(inner.kind == .left)
        #expect(inner.left.kind == .relation(QualifiedName(["s", "t"]), only: false))
        #expect(inner.left.alias == TableAlias(name: "x", columns: ["a", "b"]))
        guard case .subquery(_, let lateral) = clause.from[1].kind else { return }
        #expect(lateral && clause.from[1].alias?.name == "l")
        #expect(Self.tree(clause.whereClause!) == "((a BETWEEN 1 AND 2) AND b)")
        #expect(clause.groupBy == [Expression(.literal(.number("1")))])
        #expect(clause.windows.map(\.name) == ["w"])
        #expect(try Self.parse("SELECT a FROM t FETCH FIRST 5 ROWS ONLY") == Self.parse("SELECT a FROM t LIMIT 5"))
    }

    @Test func setOperationsGroupAsPostgreSQLDoes() throws {
        let tree = try Self.parse("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4")
        guard case .setOperation(let except) = tree.body, except.kind == .except,
            case .setOperation(let union) = except.left, union.kind == .union,
            case .setOperation(let intersect) = union.right, intersect.kind == .intersect
        else {
            Issue.record("unexpected tree: \(tree)")
            return
        }
        #expect(SQLPrinter.print(tree) == "SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4")
        #expect(
            SQLPrinter.print(try Self.parse("SELECT 1 EXCEPT (SELECT 2 UNION SELECT 3)"))
                == "SELECT 1 EXCEPT (SELECT 2 UNION SELECT 3)")
    }

    @Test func typesFoldToPostgreSQLNames() throws {
        let cases = [
            ("x::integer", "int4"), ("x::double precision", "float8"), ("x::character varying(20)", "varchar(20)"),
            ("x::timestamp with time zone", "timestamptz"), ("x::numeric(10,2)", "numeric(10,2)"),
            ("x::text[]", "text[]"), ("x::int[3][]", "int4[3][]"), ("x::char", "bpchar(1)"),
            ("x::float(24)", "float4"), ("x::interval day to second(3)", "interval day to second(3)"),
            ("x::pg_catalog.regclass", "pg_catalog.regclass"), ("x::\"char\"", "\"char\""),
        ]
        for (sql, type) in cases {
            guard case .select(let clause) = try Self.parse("SELECT " + sql).body,
                case .cast(_, let parsed) = clause.targets[0].expression.kind
            else {
                Issue.record("not a cast: \(sql)")
                continue
            }
            #expect(parsed.description == type, "\(sql)")
        }
    }

    @Test func overlayIsTheFunctionOverlay() throws {
        #expect(
            try Self.parse("SELECT OVERLAY(s PLACING 'x' FROM 2 FOR 3)") == Self.parse("SELECT overlay(s, 'x', 2, 3)"))
        #expect(
            try SQLPrinter.print(Self.parse("SELECT overlay(s PLACING 'x' FROM 2)")) == "SELECT \"overlay\"(s, 'x', 2)")
    }

    @Test func typedLiteralsAreCastsOfStrings() throws {
        #expect(try Self.parse("SELECT DATE '2024-01-01'") == Self.parse("SELECT '2024-01-01'::date"))
        #expect(try Self.parse("SELECT INTERVAL '1' DAY") == Self.parse("SELECT CAST('1' AS interval day)"))
        #expect(try Self.shape("TIMESTAMP WITH TIME ZONE 'x'") == "('x'::timestamptz)")
    }

    @Test func stringsAndNumbersKeepTheirValues() throws {
        guard case .select(let clause) = try Self.parse(#"SELECT E'a\tb\x41\101\u00e9', $q$it's$q$, 1e5, .5"#).body
        else { return }
        #expect(
            clause.targets.map(\.expression.kind) == [
                .literal(.string("a\tbAAé")), .literal(.string("it's")), .literal(.number("1e5")),
                .literal(.number(".5")),
            ])
    }

    @Test func constantsSeparatedByANewlineContinue() throws {
        #expect(try Self.parse("SELECT 'a'\n  'b'") == Self.parse("SELECT 'ab'"))
        #expect(throws: SQLError.self) { try Self.parse("SELECT 'a' 'b'") }
        #expect(try Self.shape("u & 'x'") == "(u & 'x')")
        #expect(try Self.shape("b || 'x'") == "(b || 'x')")
    }

    @Test func nodesRecordWhereTheyStart() throws {
        let sql = "SELECT a, f(b) + 1 FROM s.t AS x WHERE c IS NULL"
        let tree = try Self.parse(sql)
        guard case .select(let clause) = tree.body else { return }
        #expect(clause.targets[0].expression.position.position == 8)
        #expect(clause.targets[1].expression.position.position == 11)
        #expect(clause.from[0].position.position == 25)
        #expect(clause.from[0].alias?.position.position == 32)
        guard case .setOperation(let union) = try Self.parse("SELECT 1 UNION SELECT 2").body else { return }
        #expect(union.position.position == 10)
        #expect(clause.whereClause?.position.position == 40)
        guard case .binary(_, let call, let one) = clause.targets[1].expression.kind else { return }
        #expect(call.position.position == 11)
        #expect(one.position.position == 18)
        guard case .binary(let plus, _, _) = clause.targets[1].expression.kind else { return }
        #expect(plus.position.position == 16)
    }

    @Test func positionsDoNotTakePartInEquality() throws {
        #expect(try Self.parse("SELECT a+1 FROM t") == Self.parse("SELECT   a  +  1\nFROM  t"))
    }

    @Test(arguments: [
        ("SELECT a FROM", "expected a relation name, found end of input @14"),
        ("SELECT (1", "expected \")\", found end of input @10"),
        ("SELECT a FROM t WHERE", "expected an expression, found end of input @22"),
        ("SELECT 1 +", "expected an expression, found end of input @11"),
        ("SELECT a FROM t LEFT b", "expected the end of the query, found LEFT @17"),
        ("SELECT a < b < c", "syntax error at or near \"<\": comparisons do not chain; add parentheses @14"),
        (
            "SELECT a LIKE b IN (c)",
            "syntax error at or near IN: BETWEEN, IN, LIKE, ILIKE and SIMILAR TO do not chain; add parentheses @17"
        ),
        ("SELECT a IS 5", "expected NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM after IS, found number 5 @13"),
        ("SELECT CASE END", "expected WHEN, found END @13"),
        ("SELECT x::", "expected a type name, found end of input @11"),
        ("SELECT * INTO t2 FROM t", "SELECT … INTO is not supported; use the query alone @10"),
        ("SELECT 'abc", "unterminated string literal; close it with ' @8"),
        ("SELECT a FROM t LIMIT 1 LIMIT 2", "multiple LIMIT clauses not allowed @25"),
        ("SELECT a FROM t ORDER a", "expected the end of the query, found ORDER @17"),
        ("SELECT select", "expected an expression, found SELECT @8"),
        ("SELECT f(VARIADIC a)", "VARIADIC arguments are not supported @10"),
        ("SELECT 1 UNION", "expected SELECT, VALUES, TABLE, WITH or (, found end of input @15"),
        ("SELECT E'\\u12'", "invalid Unicode escape; write \\u followed by 4 hexadecimal digits @10"),
        ("SELECT x::float(60)", "precision for type float must be between 1 and 53 bits @11"),
        ("WITH x AS SELECT 1", "expected \"(\", found SELECT @11"),
        ("SELECT a FROM t JOIN u", "expected ON or USING after the joined table, found end of input @23"),
        (
            "SELECT a FROM t FOR UPDATE",
            "SELECT … FOR UPDATE/SHARE is not supported: relations in Inlet are read-only @17"
        ),
        ("SELECT a LIKE ANY b", "expected an expression, found ANY @15"),
        ("SELECT B'1010'", "bit-string constants (B'…') are not supported @8"),
        ("SELECT x'1F'", "hexadecimal bit-string constants (X'…') are not supported @8"),
        ("SELECT U&'d\\0061t'", "Unicode-escaped constants (U&'…') are not supported @8"),
        ("SELECT (SELECT 1", "expected \")\", found end of input @17"),
        ("SELECT a FROM (SELECT 1", "expected \")\", found end of input @24"),
    ])
    func errorsNameWhatWasFoundAndWhere(_ sql: String, _ expected: String) {
        do {
            let tree = try Self.parse(sql)
            Issue.record("parsed: \(tree)")
        } catch {
            #expect(error.sqlState == "42601")
            #expect("\(error.message) @\(error.position.map(String.init) ?? "-")" == expected)
        }
    }

    @Test func groupingSetsExpandIntoTheSetsTheyStandFor() throws {
        func sets(_ sql: String) throws -> [[String]]? {
            guard case .select(let clause) = try Self.parse(sql).body else { return nil }
            return clause.groupingSets?.map { $0.map { SQLPrinter.expression($0) } }
        }
        #expect(try sets("SELECT 1 FROM t GROUP BY ROLLUP (a, b)") == [["a", "b"], ["a"], []])
        #expect(try sets("SELECT 1 FROM t GROUP BY CUBE (a, b)") == [["a", "b"], ["a"], ["b"], []])
        #expect(
            try sets("SELECT 1 FROM t GROUP BY GROUPING SETS ((a), (), b, ROLLUP (c))") == [
                ["a"], [], ["b"], ["c"], [],
            ])
        #expect(try sets("SELECT 1 FROM t GROUP BY a, ROLLUP (b), ()") == [["a", "b"], ["a"]])
        #expect(try sets("SELECT 1 FROM t GROUP BY a, b") == nil)
        // Printed as GROUPING SETS, which reads back as the same tree.
        let tree = try Self.parse("SELECT a, count(*) FROM t GROUP BY ROLLUP (a)")
        #expect(SQLPrinter.print(tree).contains("GROUP BY GROUPING SETS ((a), ())"))
        #expect(try Self.parse(SQLPrinter.print(tree)) == tree)
    }

    @Test func deepNestingFailsInsteadOfOverflowingTheStack() {
        let sql = "SELECT " + String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000)
        #expect(throws: SQLError.self) { try Self.parse(sql) }
        do {
            _ = try Self.parse(sql)
        } catch {
            #expect(error.sqlState == "54001")
        }
        let nested = "SELECT " + String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
        #expect(throws: Never.self) { try Self.parse(nested) }
        let subqueries = String(repeating: "SELECT (", count: 100) + "1" + String(repeating: ")", count: 100)
        #expect(throws: Never.self) { try Self.parse(subqueries) }
        let chain = "SELECT * FROM t WHERE " + (1...5_000).map { "x = \($0)" }.joined(separator: " OR ")
        do {
            let tree = try Self.parse(chain)
            #expect(try Self.parse(SQLPrinter.print(tree)) == tree)
        } catch {
            Issue.record("a chain of 5,000 ORs fails: \(error)")
        }
        let tooLong = "SELECT " + (1...2_000).map(String.init).joined(separator: " + ")
        #expect(throws: SQLError.self) { try Self.parse(tooLong) }
    }

    @Test(arguments: [
        ("CASE WHEN ", " THEN 1 END"), ("f(", ")"), ("ARRAY[", "]"), ("(SELECT ", ")"), ("NOT ", ""), ("- ", ""),
        ("x IN (", ")"), ("CAST(", " AS int)"), ("EXISTS (SELECT ", ")"), ("ROW(", ")"), ("a[", "]"),
        ("(", ")::int"), ("coalesce(", ", 1)"), ("EXTRACT(year FROM ", ")"), ("sum(x) OVER (ORDER BY ", ")"),
    ])
    func everyKindOfDeepNestingFailsCleanly(_ open: String, _ close: String) {
        for count in [400, 5_000] {
            let sql = "SELECT " + String(repeating: open, count: count) + "1" + String(repeating: close, count: count)
            do {
                _ = try Self.parse(sql)
            } catch {
                #expect(error.sqlState == "54001", "\(open)…\(close) × \(count): \(error)")
            }
        }
        let sql =
            "SELECT * FROM " + String(repeating: "(SELECT * FROM ", count: 5_000) + "t"
            + String(repeating: ")", count: 5_000)
        #expect(throws: SQLError.self) { try Self.parse(sql) }
    }

    @Test func theTextPathIsUnchanged() throws {
        let statement = try Parser.parseOne("SELECT a::int FROM t WHERE b = $2")
        #expect(statement.statement == .query(Query(text: "SELECT a::int FROM t WHERE b = $2", parameterCount: 2)))
    }
}
