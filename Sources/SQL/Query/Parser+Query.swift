extension Parser {
    /// Parses one query (`SELECT`, `VALUES`, `TABLE`, `WITH …`, or one in parentheses) into its tree; a trailing
    /// `;` is allowed. Syntax errors are 42601 with the 1-based position of the offending token.
    public static func parseSelectStatement(_ sql: String) throws(SQLError) -> SelectStatement {
        var parser = try Parser(sql)
        let statement = try parser.parseSelectStatement()
        _ = parser.acceptSymbol(";")
        guard case .endOfInput = parser.current.kind else {
            throw parser.unexpected("the end of the query")
        }
        return statement
    }

    /// A query with its WITH, ORDER BY and LIMIT; a parenthesized query alone is returned unwrapped.
    mutating func parseSelectStatement() throws(SQLError) -> SelectStatement {
        try descend()
        defer { depth -= 2 }
        let position = sourcePosition
        let with = current.isKeyword("with") ? try parseWith() : nil
        let body = try parseSetOperations(above: 0)
        let orderBy = accept(["order", "by"]) ? try parseOrderList() : []
        let limit = try parseLimit()
        if current.isKeyword("for") {
            throw SQLError.syntax(
                "SELECT … FOR UPDATE/SHARE is not supported: relations in Inlet are read-only",
                position: current.position)
        }
        if with == nil, orderBy.isEmpty, limit == nil, case .nested(let inner) = body { return inner }
        return SelectStatement(with: with, body: body, orderBy: orderBy, limit: limit, position: position)
    }

    /// UNION and EXCEPT bind alike and looser than INTERSECT; all are left-associative.
    mutating func parseSetOperations(above minimum: Int) throws(SQLError) -> QueryBody {
        var left = try parseQueryPrimary()
        while true {
            let kind: SetOperation.Kind
            switch current.keyword {
            case "union": kind = .union
            case "except": kind = .except
            case "intersect": kind = .intersect
            default: return left
            }
            let level = kind == .intersect ? 2 : 1
            guard level >= minimum else { return left }
            let position = sourcePosition
            index += 1
            let all = accept("all")
            if !all { _ = accept("distinct") }
            let right = try parseSetOperations(above: level + 1)
            left = .setOperation(SetOperation(kind: kind, all: all, left: left, right: right, position: position))
        }
    }

    mutating func parseQueryPrimary() throws(SQLError) -> QueryBody {
        let position = sourcePosition
        switch current.keyword {
        case "select":
            return .select(try parseSelectClause())
        case "values":
            index += 1
            var rows: [[Expression]] = []
            repeat {
                try expectSymbol("(")
                rows.append(try parseExpressionList())
                try expectSymbol(")")
            } while acceptSymbol(",")
            return .values(rows, position: position)
        case "table":
            index += 1
            _ = accept("only")
            let name = try parseQualifiedName("a relation name")
            _ = acceptSymbol("*")
            return .table(name)
        default:
            guard acceptSymbol("(") else { throw unexpected("SELECT, VALUES, TABLE, WITH or (") }
            let inner = try parseSelectStatement()
            try expectSymbol(")")
            return inner.isBare ? inner.body : .nested(inner)
        }
    }

    mutating func parseSelectClause() throws(SQLError) -> SelectClause {
        let position = sourcePosition
        try expect("select")
        var clause = SelectClause(targets: [], position: position)
        if accept("distinct") {
            if accept("on") {
                try expectSymbol("(")
                clause.distinct = .distinctOn(try parseExpressionList())
                try expectSymbol(")")
            } else {
                clause.distinct = .distinct
            }
        } else {
            _ = accept("all")
        }
        if !endsTargetList() {
            repeat { clause.targets.append(try parseSelectItem()) } while acceptSymbol(",")
        }
        if current.isKeyword("into") {
            throw SQLError.syntax("SELECT … INTO is not supported; use the query alone", position: current.position)
        }
        if accept("from") { clause.from = try parseFromList() }
        if accept("where") { clause.whereClause = try parseExpression() }
        if accept(["group", "by"]) {
            if !accept("all") { _ = accept("distinct") }
            (clause.groupBy, clause.groupingSets) = try parseGroupingList()
        }
        if accept("having") { clause.having = try parseExpression() }
        if accept("window") {
            repeat {
                let windowPosition = sourcePosition
                let name = try parseColumnIdentifier("a window name")
                try expect("as")
                clause.windows.append(
                    WindowDefinition(
                        name: name, specification: try parseWindowSpecification(), position: windowPosition))
            } while acceptSymbol(",")
        }
        return clause
    }

    /// True when no select item follows (`SELECT FROM t` and `SELECT;` are valid PostgreSQL).
    func endsTargetList() -> Bool {
        switch current.kind {
        case .endOfInput, .symbol(")"), .symbol(";"): return true
        case .identifier(let word, quoted: false):
            return [
                "from", "where", "group", "having", "window", "union", "intersect", "except", "order", "limit",
                "offset", "fetch", "for", "into",
            ].contains(word)
        default: return false
        }
    }

    mutating func parseSelectItem() throws(SQLError) -> SelectItem {
        if current.isSymbol("*") {
            let position = sourcePosition
            index += 1
            return SelectItem(expression: Expression(.star(qualifier: []), position: position))
        }
        let expression = try parseExpression()
        if accept("as") { return SelectItem(expression: expression, alias: try parseLabel("an alias after AS")) }
        if case .identifier(let word, let quoted) = current.kind, quoted || Keywords.isColumnName(word) {
            index += 1
            return SelectItem(expression: expression, alias: word)
        }
        return SelectItem(expression: expression)
    }

    /// A GROUP BY list: plain expressions, or (when ROLLUP, CUBE, GROUPING SETS or `()` appear) the grouping sets
    /// the list stands for: each item's sets crossed with the others', as PostgreSQL expands them.
    mutating func parseGroupingList() throws(SQLError) -> ([Expression], [[Expression]]?) {
        var factors: [[[Expression]]] = []
        var plain: [Expression] = []
        var grouped = false
        repeat {
            if let sets = try parseGroupingElement() {
                grouped = true
                factors.append(sets)
            } else {
                let item = try parseExpression()
                plain.append(item)
                factors.append([[item]])
            }
        } while acceptSymbol(",")
        guard grouped else { return (plain, nil) }
        var sets: [[Expression]] = [[]]
        for factor in factors { sets = sets.flatMap { prefix in factor.map { prefix + $0 } } }
        return ([], sets)
    }

    /// `ROLLUP (…)`, `CUBE (…)`, `GROUPING SETS (…)` or `()` as grouping sets; nil (nothing read) for anything else.
    private mutating func parseGroupingElement() throws(SQLError) -> [[Expression]]? {
        if current.isSymbol("("), peek().isSymbol(")") {
            index += 2
            return [[]]
        }
        if current.isKeyword("rollup") || current.isKeyword("cube"), peek().isSymbol("(") {
            let rollup = current.isKeyword("rollup")
            index += 1
            let items = try parseGroupingSet()
            guard items.count <= 12 || rollup else {
                throw SQLError(
                    sqlState: "54001", message: "CUBE is limited to 12 elements", position: current.position)
            }
            if rollup { return (0...items.count).reversed().map { Array(items.prefix($0)) } }
            // CUBE: every subset of the items.
            let count = items.count
            return (0..<(1 << count)).reversed().map { mask in
                items.enumerated().filter { mask & (1 << (count - 1 - $0.offset)) != 0 }.map(\.element)
            }
        }
        if current.isKeyword("grouping"), peek().isKeyword("sets") {
            index += 2
            try expectSymbol("(")
            var sets: [[Expression]] = []
            repeat {
                if let nested = try parseGroupingElement() {
                    sets += nested
                } else if current.isSymbol("(") {
                    sets.append(try parseGroupingSet())
                } else {
                    sets.append([try parseExpression()])
                }
            } while acceptSymbol(",")
            try expectSymbol(")")
            return sets
        }
        return nil
    }

    /// `(a, b, …)` inside ROLLUP, CUBE or GROUPING SETS.
    private mutating func parseGroupingSet() throws(SQLError) -> [Expression] {
        try expectSymbol("(")
        if acceptSymbol(")") { return [] }
        var items: [Expression] = []
        repeat { items.append(try parseExpression()) } while acceptSymbol(",")
        try expectSymbol(")")
        return items
    }

    mutating func parseOrderList() throws(SQLError) -> [OrderItem] {
        var items: [OrderItem] = []
        repeat {
            var item = OrderItem(expression: try parseExpression())
            if accept("asc") {
                item.direction = .ascending
            } else if accept("desc") {
                item.direction = .descending
            } else if current.isKeyword("using") {
                throw SQLError.syntax("ORDER BY … USING is not supported; use ASC or DESC", position: current.position)
            }
            if accept(["nulls", "first"]) {
                item.nulls = .first
            } else if accept(["nulls", "last"]) {
                item.nulls = .last
            }
            items.append(item)
        } while acceptSymbol(",")
        return items
    }

    /// LIMIT, OFFSET and FETCH in any of the orders PostgreSQL accepts; nil when there is none.
    mutating func parseLimit() throws(SQLError) -> LimitClause? {
        var limit = LimitClause()
        var sawCount = false
        var sawOffset = false
        while true {
            let token = current
            if accept("limit") {
                guard !sawCount else {
                    throw SQLError.syntax("multiple LIMIT clauses not allowed", position: token.position)
                }
                sawCount = true
                limit.count = accept("all") ? nil : try parseExpression()
            } else if accept("offset") {
                guard !sawOffset else {
                    throw SQLError.syntax("multiple OFFSET clauses not allowed", position: token.position)
                }
                sawOffset = true
                limit.offset = try parseExpression()
                if !accept("rows") { _ = accept("row") }
            } else if accept("fetch") {
                guard !sawCount else {
                    throw SQLError.syntax("multiple LIMIT clauses not allowed", position: token.position)
                }
                sawCount = true
                guard accept("first") || accept("next") else { throw unexpected("FIRST or NEXT") }
                if current.isKeyword("row") || current.isKeyword("rows") {
                    limit.count = Expression(.literal(.number("1")), position: sourcePosition)
                } else {
                    limit.count = try parseExpression(minimum: .unaryMinus)
                }
                guard accept("rows") || accept("row") else { throw unexpected("ROWS") }
                if accept(["with", "ties"]) {
                    limit.withTies = true
                } else {
                    try expect("only")
                }
            } else {
                return limit.count != nil || limit.offset != nil ? limit : nil
            }
        }
    }

    mutating func parseWith() throws(SQLError) -> WithClause {
        try expect("with")
        let recursive = accept("recursive")
        var queries: [CommonTableExpression] = []
        repeat {
            let position = sourcePosition
            let name = try parseColumnIdentifier("a name for the WITH query")
            var columns: [String] = []
            if acceptSymbol("(") {
                columns = try parseNameList("a column name")
                try expectSymbol(")")
            }
            try expect("as")
            var materialization = CommonTableExpression.Materialization.unspecified
            if accept("materialized") {
                materialization = .materialized
            } else if accept(["not", "materialized"]) {
                materialization = .notMaterialized
            }
            try expectSymbol("(")
            let query = try parseSelectStatement()
            try expectSymbol(")")
            queries.append(
                CommonTableExpression(
                    name: name, columns: columns, materialization: materialization, query: query, position: position))
        } while acceptSymbol(",")
        return WithClause(recursive: recursive, queries: queries)
    }

    /// `a, b, c` of column names.
    mutating func parseNameList(_ what: String) throws(SQLError) -> [String] {
        var names = [try parseColumnIdentifier(what)]
        while acceptSymbol(",") { names.append(try parseColumnIdentifier(what)) }
        return names
    }
}
