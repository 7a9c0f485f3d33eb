extension Parser {
    /// How deep a statement's tree may be, in units: a nested expression, subquery, call or join costs two, an
    /// operator applied in a chain (`a + b + …`) one; AND and OR lists are flat and cost nothing. Deeper input
    /// fails with 54001 instead of exhausting the stack of the parser or of what walks the tree later.
    static let maximumDepth = 500

    var sourcePosition: SourcePosition { SourcePosition(offset: current.start) }

    /// Enters one level of nesting; every call is paired with `depth -= 2` when the level is left.
    mutating func descend() throws(SQLError) {
        try charge(2)
    }

    mutating func charge(_ units: Int) throws(SQLError) {
        guard depth + units <= Self.maximumDepth else {
            throw SQLError(
                sqlState: "54001", message: "statement is nested too deeply at \(current.summary)",
                position: current.position, hint: "simplify the expression or split the query")
        }
        depth += units
    }

    /// Parses an expression whose operators bind at least as tightly as `minimum` (precedence climbing).
    mutating func parseExpression(minimum: Precedence = .or) throws(SQLError) -> Expression {
        try descend()
        var chained = 0
        defer { depth -= 2 + chained }
        var left = try parsePrefix()
        var nonAssociative: Precedence? = nil
        while let level = infixPrecedence(), level >= minimum {
            if level != .and, level != .or {
                try charge(1)
                chained += 1
            }
            if let nonAssociative, nonAssociative == level, level == .comparison || level == .patternMatch {
                let what = level == .comparison ? "comparisons" : "BETWEEN, IN, LIKE, ILIKE and SIMILAR TO"
                throw SQLError.syntax(
                    "syntax error at or near \(current.summary): \(what) do not chain; add parentheses",
                    position: current.position)
            }
            left =
                level == .and || level == .or
                ? try parseBooleanList(left, level: level) : try parseInfix(left, level: level)
            nonAssociative = level
        }
        return left
    }

    /// The precedence of the infix or postfix operator at the current token, or nil when the expression ends.
    func infixPrecedence() -> Precedence? {
        switch current.kind {
        case .symbol(let symbol):
            switch symbol {
            case "::": return .cast
            case "[": return .arraySubscript
            case "(", ")", ",", ";", "]", ".", ":", "=>": return nil
            default: return Precedence.ofBinary(symbol)
            }
        case .identifier(let word, quoted: false):
            switch word {
            case "or": return .or
            case "and": return .and
            case "is", "isnull", "notnull": return .isTest
            case "between", "in", "like", "ilike": return .patternMatch
            case "similar": return peek().isKeyword("to") ? .patternMatch : nil
            case "not":
                let next = peek()
                if ["between", "in", "like", "ilike"].contains(where: next.isKeyword) { return .patternMatch }
                return next.isKeyword("similar") && peek(2).isKeyword("to") ? .patternMatch : nil
            case "operator": return peek().isSymbol("(") ? .otherOperator : nil
            case "at": return peek().isKeyword("time") && peek(2).isKeyword("zone") ? .atTimeZone : nil
            case "collate": return .collate
            default: return nil
            }
        default:
            return nil
        }
    }

    mutating func parseInfix(_ left: Expression, level: Precedence) throws(SQLError) -> Expression {
        let position = left.position
        func make(_ kind: Expression.Kind) -> Expression { Expression(kind, position: position) }
        switch level {
        case .isTest:
            return try parseIsTest(left)
        case .patternMatch:
            return try parsePatternMatch(left)
        case .atTimeZone:
            index += 3
            return make(.atTimeZone(left, zone: try parseExpression(minimum: .collate)))
        case .collate:
            index += 1
            return make(.collate(left, try parseQualifiedName("a collation name")))
        case .arraySubscript:
            return make(.subscripted(left, try parseSubscript()))
        case .cast:
            index += 1
            return make(.cast(left, try parseTypeName()))
        default:
            let op = try parseOperator()
            let operandLevel = level == .comparison ? Precedence.patternMatch : level.tighter
            if let quantifier = quantifierAhead() {
                index += 1
                return make(.quantified(left, op, quantifier, try parseQuantifiedOperand()))
            }
            return make(.binary(op, left, try parseExpression(minimum: operandLevel)))
        }
    }

    /// `left AND b AND c …` or `left OR b OR c …` as one flat list, in one pass however long the chain.
    mutating func parseBooleanList(_ left: Expression, level: Precedence) throws(SQLError) -> Expression {
        let keyword = level == .and ? "and" : "or"
        var items: [Expression]
        switch left.kind {
        case .and(let existing) where level == .and: items = existing
        case .or(let existing) where level == .or: items = existing
        default: items = [left]
        }
        while accept(keyword) { items.append(try parseExpression(minimum: level.tighter)) }
        return Expression(level == .and ? .and(items) : .or(items), position: left.position)
    }

    /// `ANY (`, `SOME (` or `ALL (` at the current token.
    func quantifierAhead() -> Quantifier? {
        guard peek().isSymbol("(") else { return nil }
        if current.isKeyword("any") || current.isKeyword("some") { return .any }
        return current.isKeyword("all") ? .all : nil
    }

    mutating func parseQuantifiedOperand() throws(SQLError) -> QuantifiedOperand {
        if let query = try parseParenthesizedQuery() { return .subquery(query) }
        try expectSymbol("(")
        let operand = try parseExpression()
        try expectSymbol(")")
        return .array(operand)
    }

    /// An operator symbol or `OPERATOR(schema.op)`.
    mutating func parseOperator() throws(SQLError) -> Operator {
        let position = sourcePosition
        if current.isKeyword("operator") {
            index += 1
            try expectSymbol("(")
            var schema: String? = nil
            if case .identifier = current.kind {
                schema = try parseLabel("a schema name")
                try expectSymbol(".")
            }
            guard case .symbol(let symbol) = current.kind, Self.isOperatorSymbol(symbol) else {
                throw unexpected("an operator")
            }
            index += 1
            try expectSymbol(")")
            return Operator(symbol, schema: schema, position: position)
        }
        guard case .symbol(let symbol) = current.kind, Self.isOperatorSymbol(symbol) else {
            throw unexpected("an operator")
        }
        index += 1
        return Operator(symbol, position: position)
    }

    static func isOperatorSymbol(_ symbol: String) -> Bool {
        !["(", ")", ",", ";", "[", "]", ".", ":", "::", "=>"].contains(symbol)
    }

    mutating func parseIsTest(_ left: Expression) throws(SQLError) -> Expression {
        let position = left.position
        func make(_ kind: Expression.Kind) -> Expression { Expression(kind, position: position) }
        if accept("isnull") { return make(.isNull(left, negated: false)) }
        if accept("notnull") { return make(.isNull(left, negated: true)) }
        try expect("is")
        let negated = accept("not")
        if accept("null") { return make(.isNull(left, negated: negated)) }
        if accept("true") { return make(.isTruth(left, .true, negated: negated)) }
        if accept("false") { return make(.isTruth(left, .false, negated: negated)) }
        if accept("unknown") { return make(.isTruth(left, .unknown, negated: negated)) }
        if accept(["distinct", "from"]) {
            return make(.isDistinctFrom(left, try parseExpression(minimum: .comparison), negated: negated))
        }
        throw unexpected("NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM after IS\(negated ? " NOT" : "")")
    }

    mutating func parsePatternMatch(_ left: Expression) throws(SQLError) -> Expression {
        let position = left.position
        func make(_ kind: Expression.Kind) -> Expression { Expression(kind, position: position) }
        let negated = accept("not")
        if accept("between") {
            let symmetric = accept("symmetric")
            if !symmetric { _ = accept("asymmetric") }
            let low = try parseExpression(minimum: .otherOperator)
            try expect("and")
            let high = try parseExpression(minimum: .otherOperator)
            return make(.between(left, low: low, high: high, negated: negated, symmetric: symmetric))
        }
        if accept("in") {
            if let query = try parseParenthesizedQuery() { return make(.inSubquery(left, query, negated: negated)) }
            try expectSymbol("(")
            let list = try parseExpressionList()
            try expectSymbol(")")
            return make(.inList(left, list, negated: negated))
        }
        let kind: PatternKind
        if accept("like") {
            kind = .like
        } else if accept("ilike") {
            kind = .ilike
        } else {
            try expect("similar")
            try expect("to")
            kind = .similarTo
        }
        if let quantifier = quantifierAhead() {
            // `x LIKE ANY (…)` is the quantified form of LIKE's operator, `~~` (`~~*` for ILIKE).
            guard kind != .similarTo else { throw unexpected("a pattern after SIMILAR TO") }
            index += 1
            let symbol = (negated ? "!~~" : "~~") + (kind == .ilike ? "*" : "")
            let op = Operator(symbol, position: SourcePosition(offset: tokens[index - 1].start))
            return make(.quantified(left, op, quantifier, try parseQuantifiedOperand()))
        }
        let pattern = try parseExpression(minimum: .otherOperator)
        let escape = accept("escape") ? try parseExpression(minimum: .otherOperator) : nil
        return make(.like(left, pattern: pattern, escape: escape, kind: kind, negated: negated))
    }

    mutating func parseSubscript() throws(SQLError) -> Subscript {
        try expectSymbol("[")
        let lower = current.isSymbol(":") ? nil : try parseExpression()
        if acceptSymbol(":") {
            let upper = current.isSymbol("]") ? nil : try parseExpression()
            try expectSymbol("]")
            return .slice(lower, upper)
        }
        try expectSymbol("]")
        guard let lower else { throw unexpected("an array subscript") }
        return .index(lower)
    }

    /// `a, b, c` (at least one).
    mutating func parseExpressionList() throws(SQLError) -> [Expression] {
        var list = [try parseExpression()]
        while acceptSymbol(",") { list.append(try parseExpression()) }
        return list
    }
}
