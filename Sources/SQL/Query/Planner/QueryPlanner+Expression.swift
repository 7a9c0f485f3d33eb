extension QueryPlanner {
    /// `expression` as SQLite text with its PostgreSQL type. `expecting` types parameters and untyped literals the
    /// context decides (`WHERE $1`, `LIMIT $1`).
    mutating func expression(_ expression: Expression, in scope: Scope, expecting: SQLType? = nil)
        throws(QueryPlanningError) -> TypedSQL
    {
        if let set = groupingSet, set.aggregateDepth == 0, !set.absent.isEmpty,
            set.absent.contains(SQLPrinter.expression(expression))
        {
            return try absentGroupingExpression(expression, in: scope)
        }
        let position = expression.position
        switch expression.kind {
        case .literal(let literal):
            return try self.literal(literal, at: position, expecting: expecting)
        case .column(let parts):
            return try scope.column(parts, at: position)
        case .star:
            throw QueryPlanningError(
                sqlState: "42601", message: "* is only allowed in a select list", position: position)
        case .parameter(let number):
            return parameter(number, expecting: expecting)
        case .unary(let op, let operand):
            guard op.symbol == "-" || op.symbol == "+", op.schema == nil else {
                throw .unsupported("the prefix operator \(op)", at: op.position)
            }
            if op.symbol == "-", case .literal(.number(let text)) = operand.kind, !text.hasPrefix("-") {
                // PostgreSQL's grammar folds the minus into the constant: -2147483648 is an integer.
                return try literal(.number("-" + text), at: position, expecting: expecting)
            }
            let typed = try self.expression(operand, in: scope, expecting: expecting)
            if typed.type == .interval {
                return TypedSQL(sql: op.symbol == "-" ? "pg_interval_neg(\(typed.sql))" : typed.sql, type: .interval)
            }
            if typed.type == .numeric {
                return TypedSQL(sql: op.symbol == "-" ? "pg_num_neg(\(typed.sql))" : typed.sql, type: .numeric)
            }
            guard typed.type.isNumeric || typed.type == .unknown else {
                throw Self.noOperator(op.symbol, nil, typed.type, at: op.position)
            }
            let type = typed.type == .unknown ? SQLType.numeric : typed.type
            let negation = "(\(op.symbol)\(typed.sql))"
            // -(-2147483648) does not fit an integer: 22003, as PostgreSQL reports it.
            if op.symbol == "-", type == .int4 || type == .int2 {
                return TypedSQL(sql: "pg_int\(type == .int2 ? 2 : 4)\(negation)", type: type)
            }
            if op.symbol == "-", type == .int8 { return TypedSQL(sql: "pg_int8\(negation)", type: type) }
            return TypedSQL(sql: negation, type: type)
        case .binary(let op, let left, let right):
            return try binary(op, left, right, in: scope)
        case .not(let operand):
            let typed = try condition(operand, in: scope)
            return TypedSQL(sql: "(NOT \(typed))", type: .bool)
        case .and(let operands), .or(let operands):
            let keyword: String
            if case .and = expression.kind { keyword = " AND " } else { keyword = " OR " }
            var parts: [String] = []
            for operand in operands { parts.append(try condition(operand, in: scope)) }
            return TypedSQL(sql: "(" + parts.joined(separator: keyword) + ")", type: .bool)
        case .isNull(let operand, let negated):
            let typed = try self.expression(operand, in: scope)
            return TypedSQL(sql: "(\(typed.sql) IS \(negated ? "NOT " : "")NULL)", type: .bool)
        case .isTruth(let operand, let truth, let negated):
            let typed = try condition(operand, in: scope)
            let test: String
            switch truth {
            case .true: test = negated ? "IS NOT TRUE" : "IS TRUE"
            case .false: test = negated ? "IS NOT FALSE" : "IS FALSE"
            case .unknown: test = negated ? "IS NOT NULL" : "IS NULL"
            }
            return TypedSQL(sql: "(\(typed) \(test))", type: .bool)
        case .isDistinctFrom(let left, let right, let negated):
            let (a, b) = try comparable(left, right, in: scope, symbol: "=", at: position)
            return TypedSQL(sql: "(\(a.sql) \(negated ? "IS" : "IS NOT") \(b.sql))", type: .bool)
        case .between(let value, let low, let high, let negated, let symmetric):
            if symmetric { throw .unsupported("BETWEEN SYMMETRIC", at: position) }
            let (a, b) = try comparable(value, low, in: scope, symbol: ">=", at: position)
            let (_, c) = try comparable(value, high, in: scope, symbol: "<=", at: position)
            return TypedSQL(sql: "(\(a.sql) \(negated ? "NOT " : "")BETWEEN \(b.sql) AND \(c.sql))", type: .bool)
        case .inList(let value, let items, let negated):
            var left = try self.expression(value, in: scope)
            var texts: [String] = []
            for item in items {
                let (a, b) = try comparable(value, item, in: scope, symbol: "=", at: item.position)
                left = a
                texts.append(b.sql)
            }
            return TypedSQL(
                sql: "(\(left.sql) \(negated ? "NOT " : "")IN (\(texts.joined(separator: ", "))))", type: .bool)
        case .inSubquery(let value, let query, let negated):
            let left = try self.expression(value, in: scope)
            let planned = try singleColumn(query, in: scope, what: "IN")
            try Self.checkComparable(left.type, planned.type, symbol: "=", at: position)
            return TypedSQL(sql: "(\(left.sql) \(negated ? "NOT " : "")IN (\(planned.sql)))", type: .bool)
        case .like(let value, let pattern, let escape, let kind, let negated):
            return try like(value, pattern: pattern, escape: escape, kind: kind, negated: negated, in: scope)
        case .quantified(let value, let op, let quantifier, .subquery(let query)):
            return try quantified(value, op, quantifier, query, in: scope, at: position)
        case .quantified(let value, let op, let quantifier, .array(let array)):
            return try arrayQuantified(value, op, quantifier, array, in: scope, at: position)
        case .exists(let query):
            var inner = self
            let planned = try inner.planStatement(query, outer: scope)
            parameterTypes = inner.parameterTypes
            return TypedSQL(sql: "(EXISTS (\(planned.sql)))", type: .bool, name: "exists")
        case .subquery(let query):
            let planned = try singleColumn(query, in: scope, what: "a scalar subquery")
            return TypedSQL(sql: "(\(planned.sql))", type: planned.type)
        case .cast(let operand, let type):
            // `$1::int2` types the parameter, so it is bound as the type's value and not as text.
            var expected: SQLType?
            if case .parameter = operand.kind { expected = Self.castTarget(type) }
            let typed = try self.expression(operand, in: scope, expecting: expected)
            return try cast(typed, operand: operand, to: type)
        case .function(let call):
            return try function(call, in: scope, at: position)
        case .caseWhen(let caseExpression):
            return try caseWhen(caseExpression, in: scope, at: position)
        case .sqlValue(let value, _):
            switch value {
            case .currentUser, .sessionUser, .user, .currentRole:
                return TypedSQL(sql: Self.string(context.user), type: .text, name: value.rawValue)
            case .currentCatalog:
                return TypedSQL(sql: Self.string(context.database), type: .text, name: value.rawValue)
            case .currentSchema:
                return TypedSQL(sql: "'public'", type: .text, name: value.rawValue)
            case .currentDate:
                // SQLite's 'now' is one instant per statement; the session's TimeZone is UTC.
                return TypedSQL(sql: "date('now')", type: .date, name: value.rawValue)
            case .currentTimestamp, .localTimestamp:
                let zoned = value == .currentTimestamp
                var now = zoned ? Self.nowSQL : "pg_timestamp(strftime('%Y-%m-%d %H:%M:%f', 'now'))"
                if case .sqlValue(_, let precision?) = expression.kind {
                    // The engine's clock has milliseconds: fewer digits round it, more leave it.
                    guard precision >= 0 else {
                        throw QueryPlanningError(
                            sqlState: "22023",
                            message: "\(value.rawValue.uppercased())(\(precision)) precision must not be negative",
                            position: position)
                    }
                    now = "pg_ts_precision(\(now), \(min(precision, 6)), \(zoned ? 1 : 0))"
                }
                return TypedSQL(sql: now, type: zoned ? .timestamptz : .timestamp, name: value.rawValue)
            default:
                throw .unsupported(value.rawValue, at: position)
            }
        case .position(let needle, let haystack):
            let a = try text(needle, in: scope)
            let b = try text(haystack, in: scope)
            return TypedSQL(sql: "instr(\(b), \(a))", type: .int4, name: "position")
        case .substring(let value, let from, let count):
            let base = try text(value, in: scope)
            var arguments = [base]
            arguments.append(try from.map { (e) throws(QueryPlanningError) in try integer(e, in: scope) } ?? "1")
            arguments.append(try count.map { (e) throws(QueryPlanningError) in try integer(e, in: scope) } ?? "NULL")
            // PostgreSQL counts a start before the first character as characters that are not there; SQLite's substr
            // counts a negative start from the end.
            return TypedSQL(sql: "pg_substring(\(arguments.joined(separator: ", ")))", type: .text, name: "substring")
        case .trim(let side, let characters, let from):
            let function = side == .both ? "trim" : side == .leading ? "ltrim" : "rtrim"
            var arguments = [try text(from, in: scope)]
            if let characters { arguments.append(try text(characters, in: scope)) }
            return TypedSQL(sql: "\(function)(\(arguments.joined(separator: ", ")))", type: .text, name: function)
        case .array(let items):
            return try arrayConstructor(items, in: scope, at: position)
        case .arraySubquery(let query):
            return try arraySubquery(query, in: scope, at: position)
        case .subscripted(let base, let index):
            return try subscripted(base, index, in: scope, at: position)
        case .field(let record, let name?):
            let typed = try self.expression(record, in: scope)
            guard typed.type == .expandedArrayRecord, name == "x" || name == "n" else {
                throw .unsupported("fields of \(typed.type.name)", at: position)
            }
            return TypedSQL(
                sql: "json_extract(\(typed.sql), '$.\(name)')", type: name == "x" ? .int2 : .int4, name: name)
        case .row, .field:
            throw .unsupported("rows and fields", at: position)
        case .extract(let field, let operand):
            return try extract(field, from: try self.expression(operand, in: scope), function: "extract", at: position)
        case .atTimeZone(let operand, let zone):
            return try atTimeZone(operand, zone: zone, in: scope, at: position)
        case .collate(let operand, let collation):
            // SQLite's BINARY order is PostgreSQL's "C" collation; the default collation is "C" here too.
            guard ["c", "C", "POSIX", "default"].contains(collation.name),
                collation.parts.count == 1 || collation.schema == "pg_catalog"
            else { throw .unsupported("COLLATE \(collation)", at: position) }
            var typed = try self.expression(operand, in: scope)
            typed.sql = "(\(typed.sql) COLLATE BINARY)"
            return typed
        }
    }

    /// An expression that must be boolean (an operand of AND, OR, NOT, WHERE).
    mutating func condition(_ expression: Expression, in scope: Scope) throws(QueryPlanningError) -> String {
        let typed = try self.expression(expression, in: scope, expecting: .bool)
        guard typed.type == .bool || typed.type == .unknown else {
            throw QueryPlanningError(
                sqlState: "42804",
                message: "argument of a boolean operator must be type boolean, not type \(typed.type.name)",
                position: expression.position)
        }
        return typed.type == .unknown ? try coerce(typed, to: .bool, at: expression.position).sql : typed.sql
    }

    mutating func text(_ expression: Expression, in scope: Scope) throws(QueryPlanningError) -> String {
        let typed = try self.expression(expression, in: scope, expecting: .text)
        guard Self.isText(typed.type) || typed.type == .unknown else {
            throw QueryPlanningError(
                sqlState: "42883", message: "the argument must be text, not \(typed.type.name); add ::text",
                position: expression.position)
        }
        return typed.sql
    }

    mutating func integer(_ expression: Expression, in scope: Scope) throws(QueryPlanningError) -> String {
        let typed = try self.expression(expression, in: scope, expecting: .int4)
        guard typed.type.isInteger || typed.type == .unknown else {
            throw QueryPlanningError(
                sqlState: "42883", message: "the argument must be an integer, not \(typed.type.name)",
                position: expression.position)
        }
        return try coerce(typed, to: .int4, at: expression.position).sql
    }

    /// `x op ANY|ALL (SELECT …)` with SQL's three-valued answer: ANY is true when some comparison is true, NULL
    /// when none is but some is NULL, else false (also over no rows); ALL is false when some comparison is false,
    /// NULL when none is but some is NULL, else true.
    private mutating func quantified(
        _ value: Expression, _ op: Operator, _ quantifier: Quantifier, _ query: SelectStatement, in scope: Scope,
        at position: SourcePosition
    ) throws(QueryPlanningError) -> TypedSQL {
        guard ["=", "<>", "!=", "<", ">", "<=", ">="].contains(op.symbol), op.schema == nil else {
            throw .unsupported("\(op.symbol) \(quantifier.rawValue) (subquery)", at: op.position)
        }
        var inner = self
        let planned = try inner.planStatement(query, outer: scope)
        parameterTypes = inner.parameterTypes
        guard planned.columns.count == 1 else {
            throw QueryPlanningError(
                sqlState: "42601", message: "subquery has too many columns", position: query.position)
        }
        let left = try coerce(
            try self.expression(value, in: scope, expecting: planned.columns[0].type), to: planned.columns[0].type,
            at: value.position)
        try Self.checkComparable(left.type, planned.columns[0].type, symbol: op.symbol, at: op.position)
        let symbol = op.symbol == "!=" ? "<>" : op.symbol
        let comparison = "(\(left.sql) \(symbol) \"?any?\".\(Self.quote(planned.columns[0].name)))"
        func rows(where condition: String) -> String {
            "EXISTS (SELECT 1 FROM (\(planned.sql)) AS \"?any?\" WHERE \(condition))"
        }
        let unknown = rows(where: "\(comparison) IS NULL")
        let sql =
            quantifier == .any
            ? "(CASE WHEN \(rows(where: comparison)) THEN 1 WHEN \(unknown) THEN NULL ELSE 0 END)"
            : "(CASE WHEN \(rows(where: "NOT \(comparison)")) THEN 0 WHEN \(unknown) THEN NULL ELSE 1 END)"
        return TypedSQL(sql: sql, type: .bool)
    }

    private mutating func singleColumn(_ query: SelectStatement, in scope: Scope, what: String)
        throws(QueryPlanningError) -> (sql: String, type: SQLType)
    {
        var inner = self
        let planned = try inner.planStatement(query, outer: scope)
        parameterTypes = inner.parameterTypes
        guard planned.columns.count == 1 else {
            throw QueryPlanningError(
                sqlState: "42601", message: "subquery has too many columns", position: query.position)
        }
        _ = what
        return (planned.sql, planned.columns[0].type)
    }

    private mutating func parameter(_ number: Int, expecting: SQLType?) -> TypedSQL {
        while parameterTypes.count < number { parameterTypes.append(nil) }
        if parameterTypes[number - 1] == nil, let expecting, expecting != .unknown {
            parameterTypes[number - 1] = expecting
        }
        guard let type = parameterTypes[number - 1] else { return TypedSQL(sql: "?\(number)", type: .unknown) }
        return Self.parameterSQL(number, type: type)
    }

    static func parameterSQL(_ number: Int, type: SQLType) -> TypedSQL {
        let raw = "?\(number)"
        if type.isInteger { return TypedSQL(sql: "CAST(\(raw) AS INTEGER)", type: type) }
        if type == .float8 || type == .float4 {
            return TypedSQL(sql: "CAST(\(raw) AS REAL)", type: type)
        }
        if type == .numeric { return TypedSQL(sql: "pg_numeric(\(raw))", type: type) }
        if type == .bool { return TypedSQL(sql: "(lower(\(raw)) IN ('t', 'true', 'yes', 'on', '1'))", type: .bool) }
        if type == .timestamp { return TypedSQL(sql: "pg_timestamp(\(raw))", type: type) }
        if type == .timestamptz { return TypedSQL(sql: "pg_timestamptz(\(raw))", type: type) }
        if type == .interval { return TypedSQL(sql: "pg_interval(\(raw))", type: type) }
        return TypedSQL(sql: raw, type: type)
    }

    static func string(_ value: String) -> String { "'" + value.replacingAll("'", with: "''") + "'" }

    static func noOperator(_ symbol: String, _ left: SQLType?, _ right: SQLType, at position: SourcePosition)
        -> QueryPlanningError
    {
        let operands = left.map { "\($0.name) \(symbol) \(right.name)" } ?? "\(symbol) \(right.name)"
        return QueryPlanningError(
            sqlState: "42883", message: "operator does not exist: \(operands)", position: position,
            hint: "No operator matches the given name and argument types. You might need to add explicit type casts.")
    }
}
