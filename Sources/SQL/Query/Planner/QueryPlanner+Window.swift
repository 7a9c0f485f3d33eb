extension QueryPlanner {
    /// `OVER (…)`: PARTITION BY and ORDER BY keys compared as their types compare, and the frame.
    mutating func window(_ reference: WindowReference, in scope: Scope, at position: SourcePosition)
        throws(QueryPlanningError) -> String
    {
        guard case .specification(let specification) = reference, specification.existing == nil else {
            throw .unsupported("named windows", at: position)
        }
        var parts: [String] = []
        if !specification.partitionBy.isEmpty {
            var keys: [String] = []
            for key in specification.partitionBy {
                let typed = try expression(key, in: scope)
                keys.append(typed.sql + Self.collation(typed.type))
            }
            parts.append("PARTITION BY " + keys.joined(separator: ", "))
        }
        if !specification.orderBy.isEmpty {
            var keys: [String] = []
            for item in specification.orderBy {
                let typed = try expression(item.expression, in: scope)
                try Self.checkOrderable(typed.type, at: item.expression.position)
                keys.append(typed.sql + Self.collation(typed.type) + Self.ordering(item))
            }
            parts.append("ORDER BY " + keys.joined(separator: ", "))
        }
        if let frame = specification.frame {
            parts.append(try windowFrame(frame, orderBy: specification.orderBy, in: scope, at: position))
        }
        return "(" + parts.joined(separator: " ") + ")"
    }

    /// avg of integers over a window: SQLite's exact integer sum and count divided as numerics, at PostgreSQL's
    /// scale (the engine's exact avg is no window function).
    mutating func windowAverage(
        _ argument: TypedSQL, filter: Expression?, over: WindowReference, in scope: Scope, at position: SourcePosition
    ) throws(QueryPlanningError) -> TypedSQL {
        let window = " OVER " + (try self.window(over, in: scope, at: position))
        let clause =
            try filter.map { (condition) throws(QueryPlanningError) in
                " FILTER (WHERE \(try self.condition(condition, in: scope)))"
            } ?? ""
        let value = "CAST(\(argument.sql) AS INTEGER)"
        let count = "count(\(value))\(clause)\(window)"
        return TypedSQL(
            sql: "(CASE WHEN \(count) = 0 THEN NULL ELSE pg_num_div(pg_numeric(sum(\(value))\(clause)\(window)), "
                + "pg_numeric(\(count))) END)",
            type: .numeric, name: "avg")
    }

    /// `ROWS|RANGE|GROUPS BETWEEN … AND … [EXCLUDE …]`: SQLite's frames mean what PostgreSQL's do. Offsets are
    /// constant integers; a RANGE offset needs one ORDER BY key of an integer or float type (SQLite cannot add an
    /// offset to numeric text, dates or timestamps).
    mutating func windowFrame(
        _ frame: WindowFrame, orderBy: [OrderItem], in scope: Scope, at position: SourcePosition
    ) throws(QueryPlanningError) -> String {
        let end = frame.end ?? .currentRow
        if frame.start == .unboundedFollowing {
            throw QueryPlanningError(
                sqlState: "42P20", message: "frame start cannot be UNBOUNDED FOLLOWING", position: position)
        }
        if end == .unboundedPreceding {
            throw QueryPlanningError(
                sqlState: "42P20", message: "frame end cannot be UNBOUNDED PRECEDING", position: position)
        }
        if case .following = frame.start, end == .currentRow {
            throw QueryPlanningError(
                sqlState: "42P20", message: "frame starting from following row cannot end with current row",
                position: position)
        }
        if case .preceding = end, frame.start == .currentRow {
            throw QueryPlanningError(
                sqlState: "42P20", message: "frame starting from current row cannot have preceding rows",
                position: position)
        }
        if case .preceding = end, case .following = frame.start {
            throw QueryPlanningError(
                sqlState: "42P20", message: "frame starting from following row cannot have preceding rows",
                position: position)
        }
        if frame.mode == .groups, orderBy.isEmpty {
            throw QueryPlanningError(
                sqlState: "42P20", message: "GROUPS mode requires an ORDER BY clause", position: position)
        }
        var sql = frame.mode.rawValue + " BETWEEN "
        sql += try frameBound(frame.start, frame: frame, orderBy: orderBy, in: scope, starting: true)
        sql += " AND " + (try frameBound(end, frame: frame, orderBy: orderBy, in: scope, starting: false))
        if let exclusion = frame.exclusion { sql += " EXCLUDE " + exclusion.rawValue }
        return sql
    }

    private mutating func frameBound(
        _ bound: WindowFrame.Bound, frame: WindowFrame, orderBy: [OrderItem], in scope: Scope, starting: Bool
    ) throws(QueryPlanningError) -> String {
        switch bound {
        case .unboundedPreceding: return "UNBOUNDED PRECEDING"
        case .unboundedFollowing: return "UNBOUNDED FOLLOWING"
        case .currentRow: return "CURRENT ROW"
        case .preceding(let offset):
            return try frameOffset(offset, frame: frame, orderBy: orderBy, in: scope, starting: starting) + " PRECEDING"
        case .following(let offset):
            return try frameOffset(offset, frame: frame, orderBy: orderBy, in: scope, starting: starting) + " FOLLOWING"
        }
    }

    private mutating func frameOffset(
        _ offset: Expression, frame: WindowFrame, orderBy: [OrderItem], in scope: Scope, starting: Bool
    ) throws(QueryPlanningError) -> String {
        if frame.mode == .range {
            guard orderBy.count == 1 else {
                throw QueryPlanningError(
                    sqlState: "42P20",
                    message: "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column",
                    position: offset.position)
            }
            let key = try expression(orderBy[0].expression, in: scope)
            guard key.type.isInteger || key.type == .float8 || key.type == .float4 else {
                throw .refused(
                    "RANGE with an offset over \(key.type.name)",
                    hint: "use ROWS or GROUPS, or order by an integer (extract(epoch FROM x) for times)",
                    at: offset.position)
            }
        }
        let empty = Scope(entries: [], parent: nil)
        var typed = try expression(offset, in: empty, expecting: .int8)
        typed = try coerce(typed, to: .int8, at: offset.position)
        let isNumber = typed.type.isInteger || (frame.mode == .range && typed.type.isNumeric)
        var constant = offset
        var negative = false
        if case .unary(let op, let operand) = offset.kind, op.symbol == "-" || op.symbol == "+" {
            constant = operand
            negative = op.symbol == "-"
        }
        guard isNumber, case .literal(.number(let text)) = constant.kind else {
            throw .unsupported("a window frame offset that is not a constant number", at: offset.position)
        }
        if negative && text.contains(where: { $0 != "0" && $0 != "." }) {
            throw QueryPlanningError(
                sqlState: "22013", message: "frame \(starting ? "starting" : "ending") offset must not be negative",
                position: offset.position)
        }
        return text
    }
}
