/// The grouping set one branch of a GROUPING SETS query groups by: which grouping expressions it leaves out (NULL
/// in its rows, outside aggregates), as SQL text.
struct GroupingSet {
    var present: Set<String>
    var absent: Set<String>
    /// How many aggregate calls enclose the expression being planned.
    var aggregateDepth = 0
}

extension QueryPlanner {
    /// `GROUP BY ROLLUP | CUBE | GROUPING SETS`: one GROUP BY per grouping set, UNION ALL, as PostgreSQL defines
    /// them; in each branch the grouping expressions its set leaves out are NULL and `grouping(…)` is its bitmask.
    mutating func planGroupingSets(
        _ clause: SelectClause, _ sets: [[Expression]], outer: Scope?, orderBy: [OrderItem]
    ) throws(QueryPlanningError) -> Planned {
        guard clause.distinct == .all else {
            throw .unsupported("SELECT DISTINCT with GROUPING SETS", at: clause.position)
        }
        let all = Set(sets.flatMap { $0 }.map { SQLPrinter.expression($0) })
        var branches: [Planned] = []
        let enclosing = groupingSet
        defer { groupingSet = enclosing }
        for set in sets {
            var branch = clause
            branch.groupingSets = nil
            branch.groupBy = set
            let present = Set(set.map { SQLPrinter.expression($0) })
            groupingSet = GroupingSet(present: present, absent: all.subtracting(present))
            var planned = try planSelect(branch, outer: outer, orderBy: [])
            // The empty grouping set is one group, with or without aggregates.
            if set.isEmpty { planned.sql = "SELECT * FROM (\(planned.sql)) LIMIT 1" }
            branches.append(planned)
        }
        groupingSet = enclosing
        guard let first = branches.first else { throw .unsupported("an empty GROUPING SETS", at: clause.position) }
        var sql = branches.map { "SELECT * FROM (\($0.sql))" }.joined(separator: " UNION ALL ")
        if !orderBy.isEmpty {
            sql = "SELECT * FROM (\(sql))" + (try outputOrdering(orderBy, columns: first.columns, alias: nil))
        }
        return Planned(sql: sql, columns: first.columns)
    }

    /// A grouping expression the current grouping set leaves out: NULL of its type.
    mutating func absentGroupingExpression(_ expression: Expression, in scope: Scope) throws(QueryPlanningError)
        -> TypedSQL
    {
        let set = groupingSet
        groupingSet = nil
        defer { groupingSet = set }
        var typed = try self.expression(expression, in: scope)
        typed.sql = "NULL"
        typed.literal = nil
        return typed
    }

    /// `grouping(a, b, …)`: a bit per argument, the first the highest, set where the grouping set leaves it out.
    mutating func groupingFunction(_ call: FunctionCall, at position: SourcePosition) throws(QueryPlanningError)
        -> TypedSQL
    {
        guard !call.arguments.isEmpty, call.arguments.count <= 31, call.over == nil, !call.star else {
            throw QueryPlanningError(
                sqlState: "42883", message: "function grouping does not take these arguments", position: position)
        }
        var mask = 0
        for argument in call.arguments {
            mask <<= 1
            let text = SQLPrinter.expression(argument)
            if let set = groupingSet, !set.present.contains(text) {
                guard set.absent.contains(text) else {
                    throw QueryPlanningError(
                        sqlState: "42803",
                        message: "arguments to GROUPING must be grouping expressions of the associated query level",
                        position: argument.position)
                }
                mask |= 1
            }
        }
        return TypedSQL(sql: String(mask), type: .int4, name: "grouping")
    }
}
