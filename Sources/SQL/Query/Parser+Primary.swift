extension Parser {
    /// A prefix operator and its operand, or a primary expression with its postfix operators left to the caller.
    mutating func parsePrefix() throws(SQLError) -> Expression {
        let position = sourcePosition
        switch current.kind {
        case .symbol("-"), .symbol("+"):
            let op = try parseOperator()
            return Expression(.unary(op, try parseExpression(minimum: .unaryMinus)), position: position)
        case .symbol(let symbol) where Self.isOperatorSymbol(symbol) && symbol != "*":
            let op = try parseOperator()
            return Expression(.unary(op, try parseExpression(minimum: .additive)), position: position)
        case .identifier("not", quoted: false):
            index += 1
            return Expression(.not(try parseExpression(minimum: .isTest)), position: position)
        case .identifier("operator", quoted: false) where peek().isSymbol("("):
            let op = try parseOperator()
            return Expression(.unary(op, try parseExpression(minimum: .additive)), position: position)
        default:
            return try parsePrimary()
        }
    }

    /// True when the current token begins a query: `SELECT`, `VALUES`, `WITH`, `TABLE`, or parentheses around one.
    func startsQuery() -> Bool {
        var offset = 0
        while peek(offset).isSymbol("(") { offset += 1 }
        let token = peek(offset)
        return ["select", "values", "with", "table"].contains(where: token.isKeyword)
    }

    /// `(query)` at the current `(`, or nil with nothing consumed when the parentheses hold something else.
    ///
    /// `((SELECT 1) + 1)` and `IN ((SELECT 1), 2)` start like a parenthesized query but are expressions: when the
    /// query does not end at the matching `)`, the caller reads the parentheses again as an expression.
    mutating func parseParenthesizedQuery() throws(SQLError) -> SelectStatement? {
        guard current.isSymbol("("), startsQuery() else { return nil }
        let saved = index
        let ambiguous = peek().isSymbol("(")
        do {
            try expectSymbol("(")
            let query = try parseSelectStatement()
            try expectSymbol(")")
            return query
        } catch {
            guard ambiguous, error.sqlState == "42601" else { throw error }
            index = saved
            return nil
        }
    }

    mutating func parsePrimary() throws(SQLError) -> Expression {
        let position = sourcePosition
        func make(_ kind: Expression.Kind) -> Expression { Expression(kind, position: position) }
        switch current.kind {
        case .number(let text):
            index += 1
            return make(.literal(.number(text)))
        case .string(var value):
            index += 1
            // Constants separated only by whitespace that includes a newline are one: 'a' ⏎ 'b' is 'ab'.
            while case .string(let next) = current.kind,
                lexer.text(from: tokens[index - 1].end, to: current.start).contains(where: \.isNewline),
                lexer.text(from: tokens[index - 1].end, to: current.start).allSatisfy(\.isWhitespace)
            {
                value += next
                index += 1
            }
            return make(.literal(.string(value)))
        case .parameter(let number):
            index += 1
            return make(.parameter(number))
        case .symbol("("):
            return try parseParenthesized()
        case .identifier(let word, let quoted):
            if !quoted, let special = try parseKeywordExpression(word) { return special }
            return try parseNameExpression()
        default:
            throw unexpected("an expression")
        }
    }

    /// `(expression)`, `(subquery)`, a row `(a, b)`, with `.field` or `.*` after the closing parenthesis.
    mutating func parseParenthesized() throws(SQLError) -> Expression {
        let position = sourcePosition
        if let query = try parseParenthesizedQuery() {
            return try parseFieldSelection(Expression(.subquery(query), position: position))
        }
        try expectSymbol("(")
        var items = [try parseExpression()]
        while acceptSymbol(",") { items.append(try parseExpression()) }
        try expectSymbol(")")
        if items.count > 1 { return Expression(.row(items, explicit: false), position: position) }
        return try parseFieldSelection(items[0])
    }

    /// `.name` and `.*` after a parenthesized expression: `(x).f`, `(t).*`.
    mutating func parseFieldSelection(_ base: Expression) throws(SQLError) -> Expression {
        var result = base
        while current.isSymbol(".") {
            index += 1
            if acceptSymbol("*") {
                result = Expression(.field(result, name: nil), position: base.position)
            } else {
                result = Expression(.field(result, name: try parseLabel("a field name")), position: base.position)
            }
        }
        return result
    }

    /// Expressions that start with a keyword: constants, CASE, CAST, EXISTS, ARRAY, ROW, the special functions,
    /// the SQL value functions and typed literals. nil when the word is an ordinary name.
    mutating func parseKeywordExpression(_ word: String) throws(SQLError) -> Expression? {
        let position = sourcePosition
        func make(_ kind: Expression.Kind) -> Expression { Expression(kind, position: position) }
        let next = peek()
        switch word {
        case "true", "false":
            index += 1
            return make(.literal(.boolean(word == "true")))
        case "null":
            index += 1
            return make(.literal(.null))
        case "case":
            return try parseCase()
        case "cast":
            index += 1
            try expectSymbol("(")
            let value = try parseExpression()
            try expect("as")
            let type = try parseTypeName()
            try expectSymbol(")")
            return make(.cast(value, type))
        case "exists" where next.isSymbol("("):
            index += 2
            let query = try parseSelectStatement()
            try expectSymbol(")")
            return make(.exists(query))
        case "array" where next.isSymbol("["):
            index += 1
            return try parseArrayBrackets()
        case "array" where next.isSymbol("("):
            index += 2
            let query = try parseSelectStatement()
            try expectSymbol(")")
            return make(.arraySubquery(query))
        case "row" where next.isSymbol("("):
            index += 2
            let items = current.isSymbol(")") ? [] : try parseExpressionList()
            try expectSymbol(")")
            return make(.row(items, explicit: true))
        case "extract" where next.isSymbol("("), "position" where next.isSymbol("("),
            "substring" where next.isSymbol("("), "trim" where next.isSymbol("("),
            "overlay" where next.isSymbol("("):
            return try parseSpecialFunction(word)
        case "current_schema" where next.isSymbol("("):
            return nil
        default:
            if let function = SQLValueFunction(rawValue: word) {
                index += 1
                var precision: Int? = nil
                if function.takesPrecision, acceptSymbol("(") {
                    precision = try parseInteger("a precision")
                    try expectSymbol(")")
                }
                return make(.sqlValue(function, precision: precision))
            }
            if Keywords.reserved.contains(word) {
                throw unexpected("an expression", hint: "to use \(word.uppercased()) as a name, quote it: \"\(word)\"")
            }
            return nil
        }
    }

    /// `ARRAY[…]` after the keyword, with bare inner brackets for the dimensions: `ARRAY[[1, 2], [3, 4]]`.
    mutating func parseArrayBrackets() throws(SQLError) -> Expression {
        let position = sourcePosition
        try descend()
        defer { depth -= 2 }
        try expectSymbol("[")
        var items: [Expression] = []
        if !current.isSymbol("]") {
            repeat {
                items.append(current.isSymbol("[") ? try parseArrayBrackets() : try parseExpression())
            } while acceptSymbol(",")
        }
        try expectSymbol("]")
        return Expression(.array(items), position: position)
    }

    /// `type 'string'`: `DATE '2024-01-01'`, `INTERVAL '1 day'`, `TIMESTAMP WITH TIME ZONE '…'`, `int4 '1'`,
    /// recorded as a cast of the string; nil (and nothing consumed) when the tokens are not one.
    mutating func parseTypedLiteral() throws(SQLError) -> Expression? {
        let position = sourcePosition
        let saved = index
        guard case .identifier = current.kind, let type = try? parseTypeName(constant: true),
            case .string(let value) = current.kind
        else {
            index = saved
            return nil
        }
        index += 1
        var literalType = type
        if literalType.name.parts == ["interval"], literalType.intervalFields == nil {
            literalType.intervalFields = try parseIntervalFields()
            if literalType.intervalFields != nil, acceptSymbol("(") {
                literalType.modifiers = [try parseInteger("a precision")]
                try expectSymbol(")")
            }
        }
        return Expression(
            .cast(Expression(.literal(.string(value)), position: position), literalType), position: position)
    }

    /// A column reference, `t.*`, a function call or a typed literal: anything that starts with a name.
    mutating func parseNameExpression() throws(SQLError) -> Expression {
        let position = sourcePosition
        try refusePrefixedConstant()
        if let literal = try parseTypedLiteral() { return literal }
        guard case .identifier(let first, let quoted) = current.kind else { throw unexpected("an expression") }
        guard quoted || !Keywords.reserved.contains(first) else { throw unexpected("an expression") }
        index += 1
        var names = [first]
        while current.isSymbol(".") {
            if peek().isSymbol("*") {
                index += 2
                return Expression(.star(qualifier: names), position: position)
            }
            index += 1
            names.append(try parseLabel("a column name"))
        }
        if current.isSymbol("(") {
            return try parseFunctionCall(QualifiedName(names, position: position))
        }
        if names.count == 1, !quoted, !Keywords.isColumnName(first) {
            throw unexpected("an expression", hint: "to use \(first.uppercased()) as a name, quote it: \"\(first)\"")
        }
        return Expression(.column(names), position: position)
    }

    /// `B'1010'`, `X'1F'`, `N'…'` and `U&'…'` would otherwise read as a cast to a type named `b` or as `u & '…'`.
    func refusePrefixedConstant() throws(SQLError) {
        guard let word = current.keyword, ["b", "x", "n", "u"].contains(word) else { return }
        let next = peek()
        var adjacent = next.start == current.end
        if word == "u", next.isSymbol("&"), adjacent {
            adjacent = peek(2).start == next.end
            guard adjacent, case .string = peek(2).kind else {
                if adjacent, case .identifier(_, true) = peek(2).kind {
                    throw SQLError.syntax("U&\"…\" identifiers are not supported", position: current.position)
                }
                return
            }
        } else {
            guard adjacent, case .string = next.kind else { return }
        }
        let kinds = [
            "b": "bit-string", "x": "hexadecimal bit-string", "n": "national character", "u": "Unicode-escaped",
        ]
        throw SQLError.syntax(
            "\(kinds[word] ?? "prefixed") constants (\(word.uppercased())\(word == "u" ? "&" : "")'…') are not supported",
            position: current.position)
    }

    mutating func parseCase() throws(SQLError) -> Expression {
        let position = sourcePosition
        try expect("case")
        if current.isKeyword("end") { throw unexpected("WHEN") }
        let operand = current.isKeyword("when") ? nil : try parseExpression()
        var branches: [CaseExpression.Branch] = []
        while accept("when") {
            let condition = try parseExpression()
            try expect("then")
            branches.append(CaseExpression.Branch(condition: condition, result: try parseExpression()))
        }
        guard !branches.isEmpty else { throw unexpected("WHEN") }
        let elseResult = accept("else") ? try parseExpression() : nil
        try expect("end")
        return Expression(
            .caseWhen(CaseExpression(operand: operand, branches: branches, elseResult: elseResult)),
            position: position)
    }

    /// Any word, keywords included: what may follow `AS` or a dot (PostgreSQL's `ColLabel`).
    mutating func parseLabel(_ what: String = "a name") throws(SQLError) -> String {
        guard case .identifier(let value, _) = current.kind else { throw unexpected(what) }
        index += 1
        return value
    }

    /// A name that may stand for a column or relation: quoted, or a word that is not reserved.
    mutating func parseColumnIdentifier(_ what: String = "a name") throws(SQLError) -> String {
        guard case .identifier(let value, let quoted) = current.kind, quoted || Keywords.isColumnName(value) else {
            throw unexpected(what)
        }
        index += 1
        return value
    }

    /// `name`, `schema.name`, `catalog.schema.name`; parts after a dot may be keywords (`pg_catalog.default`).
    mutating func parseQualifiedName(_ what: String = "a name") throws(SQLError) -> QualifiedName {
        let position = sourcePosition
        var parts = [try parseColumnIdentifier(what)]
        while current.isSymbol("."), case .identifier = peek().kind {
            index += 1
            parts.append(try parseLabel(what))
        }
        return QualifiedName(parts, position: position)
    }
}
