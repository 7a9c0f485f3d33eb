extension Parser {
    /// `name(…)` with PostgreSQL's aggregate and window decorations; the name is already consumed.
    mutating func parseFunctionCall(_ name: QualifiedName) throws(SQLError) -> Expression {
        try descend()
        defer { depth -= 2 }
        try expectSymbol("(")
        var call = FunctionCall(name: name)
        if acceptSymbol("*") {
            call.star = true
        } else if !current.isSymbol(")") {
            if accept("distinct") {
                call.distinct = true
            } else {
                _ = accept("all")
            }
            if current.isKeyword("variadic") {
                throw SQLError.syntax("VARIADIC arguments are not supported", position: current.position)
            }
            call.arguments = try parseExpressionList()
            if accept(["order", "by"]) { call.orderBy = try parseOrderList() }
        }
        try expectSymbol(")")
        if accept(["within", "group"]) {
            guard call.orderBy.isEmpty, !call.distinct, !call.star else {
                throw SQLError.syntax(
                    "WITHIN GROUP cannot be combined with ORDER BY, DISTINCT or * in the arguments",
                    position: tokens[index - 1].position)
            }
            try expectSymbol("(")
            try expect("order")
            try expect("by")
            call.orderBy = try parseOrderList()
            call.withinGroup = true
            try expectSymbol(")")
        }
        if accept("filter") {
            try expectSymbol("(")
            try expect("where")
            call.filter = try parseExpression()
            try expectSymbol(")")
        }
        if accept("over") {
            if current.isSymbol("(") {
                call.over = .specification(try parseWindowSpecification())
            } else {
                call.over = .named(try parseColumnIdentifier("a window name or ("))
            }
        }
        return Expression(.function(call), position: name.position)
    }

    /// `([existing] [PARTITION BY …] [ORDER BY …] [frame])`.
    mutating func parseWindowSpecification() throws(SQLError) -> WindowSpecification {
        try expectSymbol("(")
        var specification = WindowSpecification()
        if case .identifier(let word, let quoted) = current.kind,
            quoted || !["partition", "order", "rows", "range", "groups"].contains(word)
        {
            specification.existing = try parseColumnIdentifier("a window name")
        }
        if accept(["partition", "by"]) { specification.partitionBy = try parseExpressionList() }
        if accept(["order", "by"]) { specification.orderBy = try parseOrderList() }
        if let word = current.keyword, let mode = WindowFrame.Mode(rawValue: word.uppercased()) {
            index += 1
            specification.frame = try parseFrame(mode)
        }
        try expectSymbol(")")
        return specification
    }

    mutating func parseFrame(_ mode: WindowFrame.Mode) throws(SQLError) -> WindowFrame {
        var frame: WindowFrame
        if accept("between") {
            let start = try parseFrameBound()
            try expect("and")
            frame = WindowFrame(mode: mode, start: start, end: try parseFrameBound())
        } else {
            frame = WindowFrame(mode: mode, start: try parseFrameBound())
        }
        if accept("exclude") {
            if accept(["current", "row"]) {
                frame.exclusion = .currentRow
            } else if accept("group") {
                frame.exclusion = .group
            } else if accept("ties") {
                frame.exclusion = .ties
            } else if accept(["no", "others"]) {
                frame.exclusion = .noOthers
            } else {
                throw unexpected("CURRENT ROW, GROUP, TIES or NO OTHERS after EXCLUDE")
            }
        }
        return frame
    }

    mutating func parseFrameBound() throws(SQLError) -> WindowFrame.Bound {
        if accept(["unbounded", "preceding"]) { return .unboundedPreceding }
        if accept(["unbounded", "following"]) { return .unboundedFollowing }
        if accept(["current", "row"]) { return .currentRow }
        let offset = try parseExpression()
        if accept("preceding") { return .preceding(offset) }
        if accept("following") { return .following(offset) }
        throw unexpected("PRECEDING or FOLLOWING")
    }

    /// EXTRACT, POSITION, SUBSTRING and TRIM, whose arguments are separated by keywords.
    mutating func parseSpecialFunction(_ word: String) throws(SQLError) -> Expression {
        let position = sourcePosition
        func make(_ kind: Expression.Kind) -> Expression { Expression(kind, position: position) }
        let name = QualifiedName([word], position: position)
        switch word {
        case "extract":
            index += 2
            let field: String
            if case .string(let value) = current.kind {
                index += 1
                field = value.lowercased()
            } else {
                field = try parseLabel("a field name (year, month, day, hour, epoch, …)")
            }
            try expect("from")
            let value = try parseExpression()
            try expectSymbol(")")
            return make(.extract(field: field, from: value))
        case "position":
            index += 2
            let needle = try parseExpression(minimum: .otherOperator)
            try expect("in")
            let haystack = try parseExpression(minimum: .otherOperator)
            try expectSymbol(")")
            return make(.position(needle, in: haystack))
        case "substring":
            let saved = index
            index += 2
            let value = try parseExpression()
            guard current.isKeyword("from") || current.isKeyword("for") else {
                index = saved + 1
                return try parseFunctionCall(name)
            }
            var from: Expression? = nil
            var count: Expression? = nil
            if accept("from") {
                from = try parseExpression()
                if accept("for") { count = try parseExpression() }
            } else {
                try expect("for")
                count = try parseExpression()
                if accept("from") { from = try parseExpression() }
            }
            try expectSymbol(")")
            return make(.substring(value, from: from, for: count))
        case "overlay":
            // OVERLAY(s PLACING r FROM start [FOR count]) is the function overlay(s, r, start[, count]), as in
            // PostgreSQL's own tree; the plain call form parses as that function too.
            let saved = index
            index += 2
            let value = try parseExpression()
            guard accept("placing") else {
                index = saved + 1
                return try parseFunctionCall(name)
            }
            var arguments = [value, try parseExpression()]
            try expect("from")
            arguments.append(try parseExpression())
            if accept("for") { arguments.append(try parseExpression()) }
            try expectSymbol(")")
            return make(.function(FunctionCall(name: name, arguments: arguments)))
        case "trim":
            index += 2
            var side = TrimSide.both
            if let word = current.keyword, let named = TrimSide(rawValue: word.uppercased()) {
                side = named
                index += 1
            }
            if accept("from") {
                let value = try parseExpression()
                try expectSymbol(")")
                return make(.trim(side, characters: nil, from: value))
            }
            let first = try parseExpression()
            if accept("from") {
                let value = try parseExpression()
                try expectSymbol(")")
                return make(.trim(side, characters: first, from: value))
            }
            let characters = acceptSymbol(",") ? try parseExpression() : nil
            try expectSymbol(")")
            return make(.trim(side, characters: characters, from: first))
        default:
            throw SQLError.syntax("\(word.uppercased())(…) is not supported", position: position.position)
        }
    }
}
