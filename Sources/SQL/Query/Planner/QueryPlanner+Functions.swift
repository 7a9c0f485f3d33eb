extension QueryPlanner {
    /// Aggregates and scalar functions whose SQLite counterpart answers as PostgreSQL's does, with PostgreSQL's
    /// result types. Anything else is unsupported (not guessed at).
    mutating func function(_ call: FunctionCall, in scope: Scope, at position: SourcePosition)
        throws(QueryPlanningError) -> TypedSQL
    {
        let known = call.name.parts.count == 1 || (call.name.parts.count == 2 && call.name.schema == "pg_catalog")
        guard known || call.name.parts == ["information_schema", "_pg_expandarray"] else {
            throw .unsupported("the function \(call.name)", at: position)
        }
        let name = call.name.name
        if name == "array_agg", !call.withinGroup { return try arrayAggregate(call, in: scope, at: position) }
        if call.withinGroup || !call.orderBy.isEmpty {
            throw .unsupported("ORDER BY inside \(name)(…)", at: position)
        }
        if name == "grouping" { return try groupingFunction(call, at: position) }
        var arguments: [TypedSQL] = []
        // An aggregate's arguments see the rows' values, also in a grouping set that leaves their columns out.
        let aggregates = Self.aggregates.contains(name) && call.over == nil
        if aggregates { groupingSet?.aggregateDepth += 1 }
        for argument in call.arguments {
            do {
                arguments.append(try expression(argument, in: scope))
            } catch {
                if aggregates { groupingSet?.aggregateDepth -= 1 }
                throw error
            }
        }
        if aggregates { groupingSet?.aggregateDepth -= 1 }
        if call.name.parts == ["information_schema", "_pg_expandarray"] {
            return try expandArray(arguments, at: position)
        }
        if name == "pg_typeof", arguments.count == 1, call.over == nil, !call.star {
            // The planner knows every expression's type before the query runs.
            return TypedSQL(sql: Self.string(Self.formattedTypeName(arguments[0].type)), type: .regtype, name: name)
        }
        if call.over == nil, !call.distinct, call.filter == nil, !call.star,
            let typed = try catalogFunction(name, arguments: arguments, at: position)
        {
            return typed
        }
        if call.over == nil, !call.distinct, call.filter == nil, !call.star,
            let typed = try dateFunction(name, arguments: arguments, at: position)
        {
            return typed
        }
        if call.over == nil, !call.distinct, call.filter == nil, !call.star,
            let typed = try timeFunction(name, arguments: arguments, at: position)
        {
            return typed
        }
        if call.over == nil, !call.distinct, call.filter == nil, !call.star,
            let typed = try jsonbFunction(name, arguments: arguments, at: position)
        {
            return typed
        }
        if call.over == nil, !call.distinct, call.filter == nil, !call.star,
            let typed = try numericFunction(name, arguments: arguments, at: position)
        {
            return typed
        }
        if call.over == nil, !call.distinct, call.filter == nil, !call.star,
            let typed = try arraySetFunction(name, arguments: arguments, at: position)
        {
            return typed
        }
        if call.over == nil, !call.distinct, call.filter == nil, !call.star,
            let typed = try textFunction(name, arguments: arguments, at: position)
        {
            return typed
        }
        let isAggregate = Self.aggregates.contains(name)
        let isWindow = Self.windowFunctions.contains(name)
        if (call.distinct || call.filter != nil) && !isAggregate {
            throw QueryPlanningError(
                sqlState: "42809", message: "DISTINCT or FILTER specified, but \(name) is not an aggregate function",
                position: position)
        }
        if call.over == nil, isWindow {
            throw QueryPlanningError(
                sqlState: "42809", message: "window function \(name) requires an OVER clause", position: position)
        }
        if name == "jsonb_agg", call.distinct {
            throw .refused("jsonb_agg(DISTINCT …)", hint: "aggregate a SELECT DISTINCT subquery", at: position)
        }
        if name == "avg", let over = call.over, arguments.count == 1, arguments[0].type.isInteger, !call.distinct,
            !call.star
        {
            return try windowAverage(arguments[0], filter: call.filter, over: over, in: scope, at: position)
        }
        let (sqlName, type) = try signature(
            name, arguments: &arguments, star: call.star, window: call.over != nil, at: position)
        if call.over != nil, sqlName.hasPrefix("pg_") {
            // The engine's own aggregates (exact numeric and interval sums) are not window functions in SQLite.
            throw .refused(
                "\(name)(\(arguments.map(\.type.name).joined(separator: ", "))) OVER (…)",
                hint: "aggregate in a subquery and join it back", at: position)
        }
        var sql = sqlName + "("
        if call.distinct {
            sql += "DISTINCT "
            // Numerics and intervals are distinct by value, as in PostgreSQL.
            if arguments.count == 1, !arguments[0].sql.contains(" COLLATE ") {
                arguments[0].sql = "(\(arguments[0].sql)\(Self.collation(arguments[0].type)))"
            }
        }
        sql += call.star ? "*" : arguments.map(\.sql).joined(separator: ", ")
        sql += ")"
        if let filter = call.filter { sql += " FILTER (WHERE \(try condition(filter, in: scope)))" }
        if let over = call.over { sql += " OVER " + (try window(over, in: scope, at: position)) }
        return TypedSQL(sql: sql, type: type, name: name)
    }

    /// A type's name as `format_type` and `regtype` print it.
    static func formattedTypeName(_ type: SQLType) -> String {
        switch type {
        case .timestamp: return "timestamp without time zone"
        case .unknown: return "unknown"
        default: return type.name
        }
    }

    static let aggregates: Set<String> = [
        "count", "sum", "min", "max", "avg", "bool_and", "bool_or", "every", "string_agg", "jsonb_agg",
    ]
    static let windowFunctions: Set<String> = [
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value",
        "last_value", "nth_value",
    ]

    private mutating func signature(
        _ name: String, arguments: inout [TypedSQL], star: Bool, window: Bool, at position: SourcePosition
    )
        throws(QueryPlanningError) -> (String, SQLType)
    {
        func arity(_ counts: ClosedRange<Int>) throws(QueryPlanningError) {
            guard counts.contains(arguments.count), !star || name == "count" else {
                let types = arguments.map(\.type.resolvedUnknown.name).joined(separator: ", ")
                throw QueryPlanningError(
                    sqlState: "42883", message: "function \(name)(\(star ? "*" : types)) does not exist",
                    position: position)
            }
        }
        func textArguments() throws(QueryPlanningError) {
            for index in arguments.indices {
                arguments[index] = try coerce(arguments[index], to: .text, at: position)
                guard Self.isText(arguments[index].type) else {
                    throw QueryPlanningError(
                        sqlState: "42883",
                        message: "function \(name)(\(arguments[index].type.name)) does not exist; add ::text",
                        position: position)
                }
            }
        }
        func integerArgument(_ index: Int) throws(QueryPlanningError) {
            arguments[index] = try coerce(arguments[index], to: .int4, at: position)
            guard arguments[index].type.isInteger else {
                throw QueryPlanningError(
                    sqlState: "42883",
                    message: "function \(name) does not take \(arguments[index].type.name) as argument \(index + 1)",
                    position: position)
            }
        }
        switch name {
        case "count":
            if star { return ("count", .int8) }
            try arity(1...1)
            return ("count", .int8)
        case "sum":
            try arity(1...1)
            let type = arguments[0].type
            if type == .int2 || type == .int4 { return ("sum", .int8) }
            if type == .float8 || type == .float4 { return ("sum", type) }
            if type == .int8, window {
                // SQLite's sum is a window function; bigint sums past 64 bits are its error, not a wrong answer.
                arguments[0].sql = "CAST(\(arguments[0].sql) AS INTEGER)"
                return ("sum", .numeric)
            }
            if type == .int8 || type == .numeric { return ("pg_num_sum", .numeric) }
            if type == .interval { return ("pg_interval_sum", .interval) }
            // PostgreSQL has sum for numbers and intervals only; of those Inlet cannot add numeric exactly yet.
            if Self.isText(type) || type == .bool || type == .jsonb || type == .bytea || type == .date {
                throw QueryPlanningError(
                    sqlState: "42883", message: "function sum(\(type.name)) does not exist",
                    position: position)
            }
            throw .unsupported("sum(\(type.name))", at: position)
        case "avg":
            try arity(1...1)
            if arguments[0].type == .interval { return ("pg_interval_avg", .interval) }
            // avg of integers and numerics is an exact numeric: the engine's sum divided at PostgreSQL's scale.
            if arguments[0].type.isInteger || arguments[0].type == .numeric { return ("pg_num_avg", .numeric) }
            guard arguments[0].type == .float8 || arguments[0].type == .float4 else {
                throw .refused(
                    "avg(\(arguments[0].type.resolvedUnknown.name)), whose result is an exact numeric,",
                    hint: "average as double precision: avg(x::float8)", at: position)
            }
            return ("avg", .float8)
        case "min", "max":
            try arity(1...1)
            guard arguments[0].type != .jsonb, arguments[0].type != .bool else {
                throw QueryPlanningError(
                    sqlState: "42883", message: "function \(name)(\(arguments[0].type.name)) does not exist",
                    position: position)
            }
            if arguments[0].type == .interval { arguments[0].sql = "(\(arguments[0].sql) COLLATE pg_interval)" }
            if arguments[0].type == .numeric {
                arguments[0].sql = "(CAST(\(arguments[0].sql) AS TEXT) COLLATE pg_numeric)"
            }
            return (name, arguments[0].type.resolvedUnknown)
        case "bool_and", "every", "bool_or":
            try arity(1...1)
            arguments[0] = try coerce(arguments[0], to: .bool, at: position)
            guard arguments[0].type == .bool else {
                throw QueryPlanningError(
                    sqlState: "42883", message: "function \(name)(\(arguments[0].type.name)) does not exist",
                    position: position)
            }
            return (name == "bool_or" ? "max" : "min", .bool)
        case "string_agg":
            try arity(2...2)
            try textArguments()
            return ("group_concat", .text)
        case "row_number", "rank", "dense_rank":
            try arity(0...0)
            return (name, .int8)
        case "percent_rank", "cume_dist":
            try arity(0...0)
            return (name, .float8)
        case "ntile":
            try arity(1...1)
            try integerArgument(0)
            return (name, .int4)
        case "lag", "lead":
            try arity(1...3)
            if arguments.count > 1 { try integerArgument(1) }
            if arguments.count == 3 {
                let type = arguments[0].type.resolvedUnknown
                arguments[2] = Self.widened(try coerce(arguments[2], to: type, at: position), to: type)
                guard Self.commonType(type, arguments[2].type) != nil else {
                    throw QueryPlanningError(
                        sqlState: "42804",
                        message: "\(name) default \(arguments[2].type.name) does not match \(type.name)",
                        position: position)
                }
            }
            return (name, arguments[0].type.resolvedUnknown)
        case "first_value", "last_value":
            try arity(1...1)
            return (name, arguments[0].type.resolvedUnknown)
        case "nth_value":
            try arity(2...2)
            try integerArgument(1)
            return (name, arguments[0].type.resolvedUnknown)
        case "lower", "upper":
            try arity(1...1)
            try textArguments()
            return (name, .text)
        case "length", "char_length", "character_length":
            try arity(1...1)
            try textArguments()
            return ("length", .int4)
        case "replace":
            try arity(3...3)
            try textArguments()
            return ("replace", .text)
        case "btrim", "ltrim", "rtrim":
            try arity(1...2)
            try textArguments()
            return (name == "btrim" ? "trim" : name, .text)
        case "strpos":
            try arity(2...2)
            try textArguments()
            return ("instr", .int4)
        case "abs":
            try arity(1...1)
            guard arguments[0].type.isNumeric else {
                throw .unsupported("abs(\(arguments[0].type.name))", at: position)
            }
            if arguments[0].type == .numeric { return ("pg_num_abs", .numeric) }
            // abs(-2147483648) does not fit an integer: 22003, as PostgreSQL reports it.
            if arguments[0].type == .int4 || arguments[0].type == .int2 {
                arguments[0].sql = "abs(\(arguments[0].sql))"
                return (arguments[0].type == .int2 ? "pg_int2" : "pg_int4", arguments[0].type)
            }
            return ("abs", arguments[0].type)
        case "jsonb_agg":
            try arity(1...1)
            guard let kind = Self.jsonbKind(arguments[0].type) else {
                throw .refused(
                    "jsonb_agg(\(arguments[0].type.name))", hint: "aggregate it as text: jsonb_agg(x::text)",
                    at: position)
            }
            arguments.append(TypedSQL(sql: "'\(kind)'", type: .text))
            return ("pg_jsonb_agg", .jsonb)
        case "coalesce":
            try arity(1...100)
            let type = try Self.commonType(of: arguments.map(\.type), in: "COALESCE", at: position)
            if arguments.count == 1 { return ("", type.resolvedUnknown) }
            for index in arguments.indices {
                arguments[index] = Self.widened(try coerce(arguments[index], to: type, at: position), to: type)
            }
            return ("coalesce", type.resolvedUnknown)
        case "nullif":
            try arity(2...2)
            arguments[1] = try coerce(arguments[1], to: arguments[0].type, at: position)
            return ("nullif", arguments[0].type.resolvedUnknown)
        default:
            throw .unsupported("the function \(name)", at: position)
        }
    }

    mutating func caseWhen(_ caseExpression: CaseExpression, in scope: Scope, at position: SourcePosition)
        throws(QueryPlanningError) -> TypedSQL
    {
        var sql = "(CASE"
        var operand: Expression?
        if let value = caseExpression.operand {
            operand = value
            sql += " " + (try expression(value, in: scope).sql)
        }
        var results: [TypedSQL] = []
        var conditions: [String] = []
        for branch in caseExpression.branches {
            if let operand {
                let (_, value) = try comparable(operand, branch.condition, in: scope, symbol: "=", at: position)
                conditions.append(value.sql)
            } else {
                conditions.append(try condition(branch.condition, in: scope))
            }
            results.append(try expression(branch.result, in: scope))
        }
        if let elseResult = caseExpression.elseResult { results.append(try expression(elseResult, in: scope)) }
        var type = SQLType.unknown
        for result in results {
            guard let common = Self.commonType(type, result.type) else {
                throw QueryPlanningError(
                    sqlState: "42804", message: "CASE types \(type.name) and \(result.type.name) cannot be matched",
                    position: position)
            }
            type = common
        }
        for index in results.indices {
            results[index] = Self.widened(
                try coerce(results[index], to: type.resolvedUnknown, at: position), to: type.resolvedUnknown)
        }
        for (index, condition) in conditions.enumerated() { sql += " WHEN \(condition) THEN \(results[index].sql)" }
        if caseExpression.elseResult != nil, let last = results.last { sql += " ELSE \(last.sql)" }
        return TypedSQL(sql: sql + " END)", type: type.resolvedUnknown, name: "case")
    }

    mutating func like(
        _ value: Expression, pattern: Expression, escape: Expression?, kind: PatternKind, negated: Bool,
        in scope: Scope
    ) throws(QueryPlanningError) -> TypedSQL {
        guard kind != .similarTo else { throw .unsupported("SIMILAR TO", at: value.position) }
        var escapeSQL: String?
        if let escape, case .literal(.string(let character)) = escape.kind, character != "\\" {
            guard character.count <= 1 else {
                throw QueryPlanningError(
                    sqlState: "22025", message: "invalid escape string", position: escape.position,
                    hint: "Escape string must be empty or one character.")
            }
            escapeSQL = Self.string(character)
        } else if let escape, case .literal(.string) = escape.kind {
            escapeSQL = nil
        } else if let escape {
            throw .unsupported("an ESCAPE that is not a constant", at: escape.position)
        }
        var subject = try text(value, in: scope)
        var test = try text(pattern, in: scope)
        if kind == .ilike {
            subject = "lower(\(subject))"
            test = "lower(\(test))"
        }
        // PostgreSQL's LIKE is case-sensitive; SQLite's is not, so the engine supplies pg_like.
        let escapeArgument = escapeSQL.map { ", " + $0 } ?? ""
        return TypedSQL(sql: "(\(negated ? "NOT " : "")pg_like(\(subject), \(test)\(escapeArgument)))", type: .bool)
    }
}
