extension Parser {
    /// The comma-separated items of a FROM clause.
    mutating func parseFromList() throws(SQLError) -> [TableReference] {
        var items = [try parseJoinedTable()]
        while acceptSymbol(",") { items.append(try parseJoinedTable()) }
        return items
    }

    /// A table reference followed by any number of joins, left-associative.
    mutating func parseJoinedTable() throws(SQLError) -> TableReference {
        try descend()
        defer { depth -= 2 }
        var left = try parseTablePrimary()
        while true {
            let position = left.position
            let natural = accept("natural")
            var kind: Join.Kind
            if accept(["cross", "join"]) {
                guard !natural else {
                    throw SQLError.syntax("NATURAL CROSS JOIN is not valid", position: current.position)
                }
                let right = try parseTablePrimary()
                left = TableReference(
                    kind: .join(Join(kind: .cross, left: left, right: right, condition: .none)), position: position)
                continue
            } else if accept("join") || accept(["inner", "join"]) {
                kind = .inner
            } else if let outer = acceptOuterJoin() {
                kind = outer
            } else {
                if natural { throw unexpected("JOIN after NATURAL") }
                return left
            }
            let right = try parseTablePrimary()
            let condition: Join.Condition
            if natural {
                condition = .natural
            } else if accept("on") {
                condition = .on(try parseExpression())
            } else if accept("using") {
                try expectSymbol("(")
                condition = .using(try parseNameList("a column name"))
                try expectSymbol(")")
            } else {
                throw unexpected("ON or USING after the joined table")
            }
            left = TableReference(
                kind: .join(Join(kind: kind, left: left, right: right, condition: condition)), position: position)
        }
    }

    /// `LEFT|RIGHT|FULL [OUTER] JOIN`.
    mutating func acceptOuterJoin() -> Join.Kind? {
        let kinds: [String: Join.Kind] = ["left": .left, "right": .right, "full": .full]
        guard let word = current.keyword, let kind = kinds[word] else { return nil }
        if accept([word, "join"]) || accept([word, "outer", "join"]) { return kind }
        return nil
    }

    mutating func parseTablePrimary() throws(SQLError) -> TableReference {
        let position = sourcePosition
        if accept("lateral") {
            if current.isSymbol("(") {
                try expectSymbol("(")
                let query = try parseSelectStatement()
                try expectSymbol(")")
                return try parseTableAlias(TableReference(kind: .subquery(query, lateral: true), position: position))
            }
            return try parseTableFunction(lateral: true, position: position)
        }
        if current.isSymbol("(") {
            if let query = try parseParenthesizedQuery() {
                return try parseTableAlias(TableReference(kind: .subquery(query, lateral: false), position: position))
            }
            try expectSymbol("(")
            let inner = try parseJoinedTable()
            try expectSymbol(")")
            guard current.isKeyword("as") || startsAlias() else { return inner }
            return try parseTableAlias(TableReference(kind: .nested(inner), position: position))
        }
        let only = accept("only")
        let saved = index
        let name = try parseQualifiedName("a relation name")
        if current.isSymbol("("), !only {
            index = saved
            return try parseTableFunction(lateral: false, position: position)
        }
        _ = acceptSymbol("*")
        return try parseTableAlias(TableReference(kind: .relation(name, only: only), position: position))
    }

    /// `function(…) [WITH ORDINALITY] [alias]` in FROM.
    mutating func parseTableFunction(lateral: Bool, position: SourcePosition) throws(SQLError) -> TableReference {
        let name = try parseQualifiedName("a function name")
        let call = try parseFunctionCall(name)
        let ordinality = accept(["with", "ordinality"])
        return try parseTableAlias(
            TableReference(kind: .function(call, lateral: lateral, withOrdinality: ordinality), position: position))
    }

    func startsAlias() -> Bool {
        guard case .identifier(let word, let quoted) = current.kind else { return false }
        return quoted || Keywords.isColumnName(word)
    }

    /// `[AS] alias [(column, …)]` after a table reference.
    mutating func parseTableAlias(_ reference: TableReference) throws(SQLError) -> TableReference {
        var result = reference
        if accept("as") {
            let position = sourcePosition
            result.alias = TableAlias(name: try parseColumnIdentifier("an alias after AS"), position: position)
        } else if startsAlias() {
            let position = sourcePosition
            result.alias = TableAlias(name: try parseColumnIdentifier("an alias"), position: position)
        } else {
            return result
        }
        if acceptSymbol("(") {
            result.alias?.columns = try parseNameList("a column name")
            try expectSymbol(")")
        }
        return result
    }
}
