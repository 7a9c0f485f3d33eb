extension QueryPlanner {
    /// substring/substr in call form, left, right, repeat, reverse, concat, concat_ws, greatest and least, with
    /// PostgreSQL's semantics where SQLite's functions differ (a start before the first character, NULLs that
    /// concat skips and greatest ignores); nil for other functions.
    mutating func textFunction(_ name: String, arguments: [TypedSQL], at position: SourcePosition)
        throws(QueryPlanningError) -> TypedSQL?
    {
        var arguments = arguments
        func missing() -> QueryPlanningError {
            let types = arguments.map(\.type.resolvedUnknown.name).joined(separator: ", ")
            return QueryPlanningError(
                sqlState: "42883", message: "function \(name)(\(types)) does not exist", position: position,
                hint: "No function matches the given name and argument types.")
        }
        func text(_ index: Int) throws(QueryPlanningError) -> String {
            arguments[index] = try coerce(arguments[index], to: .text, at: position)
            guard Self.isText(arguments[index].type) else { throw missing() }
            return arguments[index].sql
        }
        func integer(_ index: Int) throws(QueryPlanningError) -> String {
            arguments[index] = try coerce(arguments[index], to: .int4, at: position)
            guard arguments[index].type.isInteger else { throw missing() }
            return arguments[index].sql
        }
        switch name {
        case "substring", "substr":
            guard (2...3).contains(arguments.count) else { throw missing() }
            let count = arguments.count == 3 ? try integer(2) : "NULL"
            return TypedSQL(sql: "pg_substring(\(try text(0)), \(try integer(1)), \(count))", type: .text, name: name)
        case "left", "right":
            guard arguments.count == 2 else { throw missing() }
            return TypedSQL(sql: "pg_\(name)(\(try text(0)), \(try integer(1)))", type: .text, name: name)
        case "repeat":
            guard arguments.count == 2 else { throw missing() }
            return TypedSQL(sql: "pg_repeat(\(try text(0)), \(try integer(1)))", type: .text, name: name)
        case "reverse":
            guard arguments.count == 1 else { throw missing() }
            return TypedSQL(sql: "pg_reverse(\(try text(0)))", type: .text, name: name)
        case "concat", "concat_ws":
            guard !arguments.isEmpty else { throw missing() }
            var parts = name == "concat" ? ["''"] : [try text(0)]
            for index in arguments.indices.dropFirst(name == "concat" ? 0 : 1) {
                parts.append(try concatenated(arguments[index], at: position))
            }
            return TypedSQL(sql: "pg_concat_ws(\(parts.joined(separator: ", ")))", type: .text, name: name)
        case "greatest", "least":
            guard !arguments.isEmpty else { throw missing() }
            let type = try Self.commonType(of: arguments.map(\.type), in: name.uppercased(), at: position)
                .resolvedUnknown
            guard type.isNumeric || Self.isText(type) || Self.isTemporal(type) || type == .interval else {
                throw .unsupported("\(name) of \(type.name)", at: position)
            }
            // NULLs are ignored, as aggregates ignore them; values compare as their type does.
            let values = try arguments.map { (argument) throws(QueryPlanningError) in
                Self.widened(try coerce(argument, to: type, at: position), to: type).sql
            }
            let rows = values.map { "SELECT \($0) AS v" }.joined(separator: " UNION ALL ")
            let aggregate = name == "greatest" ? "max" : "min"
            return TypedSQL(
                sql: "(SELECT \(aggregate)(v\(Self.collation(type))) FROM (\(rows)))", type: type, name: name)
        default:
            return nil
        }
    }

    /// An argument of concat as its text: texts, integers and numerics print the same in both engines.
    private mutating func concatenated(_ argument: TypedSQL, at position: SourcePosition) throws(QueryPlanningError)
        -> String
    {
        let value = try coerce(argument, to: .text, at: position)
        guard Self.isText(value.type) || value.type.isInteger || value.type == .numeric else {
            throw .unsupported("concat of \(value.type.name); cast it to text", at: position)
        }
        return Self.isText(value.type) ? value.sql : "CAST(\(value.sql) AS TEXT)"
    }
}
