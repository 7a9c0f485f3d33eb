/// PostgreSQL's exact `numeric` in SQLite: a value is numeric's text (`1.10`), computed by the engine's `pg_num_*`
/// functions (`PGDecimal`) with PostgreSQL's result scales, and compared and ordered by the `pg_numeric` collation.
extension QueryPlanner {
    /// A branch's value as the type the branches resolve to (CASE, COALESCE, VALUES): an integer among numerics
    /// becomes numeric's text, so the column holds one kind of value to compare and order.
    static func widened(_ typed: TypedSQL, to type: SQLType) -> TypedSQL {
        if typed.type != type, isTemporal(typed.type), isTemporal(type), let sql = try? timestampValue(typed, as: type)
        {
            // A date meeting a timestamp is midnight of that day, as PostgreSQL casts it.
            return TypedSQL(sql: sql, type: type, name: typed.name, literal: typed.literal)
        }
        guard type == .numeric, typed.type.isInteger else { return typed }
        return TypedSQL(sql: "pg_numeric(\(typed.sql))", type: .numeric, name: typed.name, literal: typed.literal)
    }

    /// round, trunc, ceil/ceiling and floor of numerics (and of integers, which PostgreSQL reads as numeric here
    /// only when a scale is given); nil for other functions.
    mutating func numericFunction(_ name: String, arguments: [TypedSQL], at position: SourcePosition)
        throws(QueryPlanningError) -> TypedSQL?
    {
        guard ["round", "trunc", "ceil", "ceiling", "floor"].contains(name) else { return nil }
        let types = arguments.map(\.type.resolvedUnknown.name).joined(separator: ", ")
        guard (1...2).contains(arguments.count), arguments.count == 1 || name == "round" || name == "trunc" else {
            throw QueryPlanningError(
                sqlState: "42883", message: "function \(name)(\(types)) does not exist", position: position,
                hint: "No function matches the given name and argument types.")
        }
        var value = try coerce(arguments[0], to: .numeric, at: position)
        if value.type.isInteger, arguments.count == 2 { value.type = .numeric }
        guard value.type == .numeric else {
            if value.type == .float8 || value.type == .float4 || value.type.isInteger, arguments.count == 1 {
                // Double precision (which PostgreSQL picks for integers too) rounds half to even, as C's rint does.
                let function = name == "ceiling" ? "ceil" : name
                return TypedSQL(sql: "pg_float_\(function)(\(value.sql))", type: .float8, name: name)
            }
            throw QueryPlanningError(
                sqlState: "42883", message: "function \(name)(\(types)) does not exist", position: position)
        }
        if arguments.count == 2 {
            let scale = try coerce(arguments[1], to: .int4, at: position)
            guard scale.type.isInteger else {
                throw QueryPlanningError(
                    sqlState: "42883", message: "function \(name)(\(types)) does not exist", position: position)
            }
            return TypedSQL(
                sql: "pg_num_\(name)(\(value.sql), CAST(\(scale.sql) AS INTEGER))", type: .numeric, name: name)
        }
        switch name {
        case "round", "trunc": return TypedSQL(sql: "pg_num_\(name)(\(value.sql), 0)", type: .numeric, name: name)
        case "floor": return TypedSQL(sql: "pg_num_floor(\(value.sql))", type: .numeric, name: name)
        default: return TypedSQL(sql: "pg_num_ceil(\(value.sql))", type: .numeric, name: name)
        }
    }
}
