extension QueryPlanner {
    /// A query body with the ORDER BY that applies to it.
    mutating func planBody(_ body: QueryBody, outer: Scope?, orderBy: [OrderItem]) throws(QueryPlanningError)
        -> Planned
    {
        switch body {
        case .select(let clause):
            return try planSelect(clause, outer: outer, orderBy: orderBy)
        case .nested(let statement):
            var planned = try planStatement(statement, outer: outer)
            if !orderBy.isEmpty {
                planned.sql =
                    "SELECT * FROM (\(planned.sql))"
                    + (try outputOrdering(orderBy, columns: planned.columns, alias: nil))
            }
            return planned
        case .table(let name):
            let clause = SelectClause(
                targets: [SelectItem(expression: Expression(.star(qualifier: [])))],
                from: [TableReference(kind: .relation(name, only: false))])
            return try planSelect(clause, outer: outer, orderBy: orderBy)
        case .values(let rows, let position):
            var planned = try planValues(rows, outer: outer, position: position)
            if !orderBy.isEmpty {
                planned.sql =
                    "SELECT * FROM (\(planned.sql))"
                    + (try outputOrdering(orderBy, columns: planned.columns, alias: nil))
            }
            return planned
        case .setOperation(let operation):
            let left = try planBody(operation.left, outer: outer, orderBy: [])
            let right = try planBody(operation.right, outer: outer, orderBy: [])
            guard left.columns.count == right.columns.count else {
                throw QueryPlanningError(
                    sqlState: "42601",
                    message: "each \(operation.kind.rawValue) query must have the same number of columns",
                    position: operation.position)
            }
            var columns = left.columns
            for index in columns.indices {
                let a = left.nullColumns.contains(index) ? SQLType.unknown : left.columns[index].type
                let b = right.nullColumns.contains(index) ? SQLType.unknown : right.columns[index].type
                guard let common = Self.commonType(a, b) else {
                    throw QueryPlanningError(
                        sqlState: "42804",
                        message: "\(operation.kind.rawValue) types \(a.name) and \(b.name) cannot be matched",
                        position: operation.position)
                }
                columns[index].type = common.resolvedUnknown
            }
            let keyword = operation.kind.rawValue + (operation.all ? " ALL" : "")
            // SQLite's compound SELECTs take no parentheses around their members: wrap each in a subquery.
            // Each member in the common types; without ALL, rows are duplicates by value as PostgreSQL compares
            // them: the left member (whose collations SQLite's compound SELECT uses) collated as those types compare.
            let deduplicates = !operation.all || operation.kind != .union
            var sql =
                Self.setMember(left, as: columns, collated: deduplicates) + " \(keyword) "
                + Self.setMember(right, as: columns, collated: false)
            if operation.all, operation.kind != .union {
                // INTERSECT ALL and EXCEPT ALL (which SQLite lacks) count duplicates: the n-th copy of a row meets
                // the n-th copy on the other side, so each row carries its number among its equals.
                let names = columns.indices.map { Self.quote("?\($0 + 1)") }
                let values: [String] = zip(names, columns).map { "\($0) AS \(Self.quote($1.name))" }
                let list = (names + ["\"?occurrence?\""]).joined(separator: ", ")
                let first = Self.setMember(left, as: columns, collated: true, numbered: true)
                let second = Self.setMember(right, as: columns, collated: false, numbered: true)
                sql = "WITH \"?set?\"(\(list)) AS (\(first) \(operation.kind.rawValue) \(second)) SELECT "
                sql += values.joined(separator: ", ") + " FROM \"?set?\""
            }
            if operation.kind == .union, !operation.all {
                // Of equal rows SQLite keeps the one it read last, PostgreSQL the first (`1 UNION 1.0` is `1`): the
                // members go the other way round, the right one first, named and collated as the left one would be.
                sql =
                    Self.setMember(right, as: columns, collated: true, renamed: true) + " UNION "
                    + Self.setMember(left, as: columns, collated: false)
            }
            if !orderBy.isEmpty {
                sql = "SELECT * FROM (\(sql))" + (try outputOrdering(orderBy, columns: columns, alias: nil))
            }
            return Planned(sql: sql, columns: columns, nullColumns: left.nullColumns.intersection(right.nullColumns))
        }
    }

    /// A member of a set operation: its columns widened to `columns`' types and, for the first member, collated as
    /// those types compare (SQLite's compound SELECT takes the first member's collations) and named as `columns`.
    /// `numbered` adds each row's number among the rows equal to it (for INTERSECT ALL and EXCEPT ALL).
    private static func setMember(
        _ member: Planned, as columns: [ResultColumn], collated: Bool, renamed: Bool = false, numbered: Bool = false
    ) -> String {
        let needsValues =
            numbered
            || columns.indices.contains { index in
                member.columns[index].type != columns[index].type
                    || (collated && !collation(columns[index].type).isEmpty)
                    || (renamed && member.columns[index].name != columns[index].name)
            }
        guard needsValues else { return "SELECT * FROM (\(member.sql))" }
        let names = member.columns.indices.map { quote("?\($0 + 1)") }
        let keys = columns.enumerated().map { index, column in
            widened(TypedSQL(sql: names[index], type: member.columns[index].type), to: column.type).sql
                + (collated || numbered ? collation(column.type) : "")
        }
        var values = zip(keys, columns).map { $0 + " AS " + quote($1.name) }
        if numbered {
            values.append("row_number() OVER (PARTITION BY \(keys.joined(separator: ", "))) AS \"?occurrence?\"")
        }
        return "SELECT * FROM (WITH \"?member?\"(\(names.joined(separator: ", "))) AS (\(member.sql)) SELECT "
            + values.joined(separator: ", ") + " FROM \"?member?\")"
    }

    private mutating func planValues(_ rows: [[Expression]], outer: Scope?, position: SourcePosition)
        throws(QueryPlanningError) -> Planned
    {
        guard let width = rows.first?.count else { throw .unsupported("an empty VALUES list", at: position) }
        var types = [SQLType](repeating: .unknown, count: width)
        var cells: [[TypedSQL]] = []
        let scope = Scope(entries: [], parent: outer)
        for row in rows {
            guard row.count == width else {
                throw QueryPlanningError(
                    sqlState: "42601", message: "VALUES lists must all be the same length", position: position)
            }
            var line: [TypedSQL] = []
            for (index, item) in row.enumerated() {
                let typed = try expression(item, in: scope)
                guard let common = Self.commonType(types[index], typed.type) else {
                    throw QueryPlanningError(
                        sqlState: "42804",
                        message: "VALUES types \(types[index].name) and \(typed.type.name) cannot be matched",
                        position: item.position)
                }
                types[index] = common
                line.append(typed)
            }
            cells.append(line)
        }
        // An untyped literal takes its column's type, read as PostgreSQL reads that type's input.
        var texts: [[String]] = []
        for line in cells {
            var row: [String] = []
            for (index, cell) in line.enumerated() {
                let typed =
                    cell.type == .unknown && cell.literal != nil && types[index] != .unknown
                    ? try coerce(cell, to: types[index], at: position) : cell
                row.append(Self.widened(typed, to: types[index]).sql)
            }
            texts.append(row)
        }
        let columns = types.enumerated().map { ResultColumn(name: "column\($0 + 1)", type: $1.resolvedUnknown) }
        let names = columns.map { Self.quote($0.name) }
        let first = zip(texts[0], names).map { "\($0) AS \($1)" }.joined(separator: ", ")
        var sql = "SELECT " + first
        for line in texts.dropFirst() { sql += " UNION ALL SELECT " + line.joined(separator: ", ") }
        return Planned(sql: sql, columns: columns, nullColumns: Set(types.indices.filter { types[$0] == .unknown }))
    }

    mutating func planSelect(_ clause: SelectClause, outer: Scope?, orderBy: [OrderItem]) throws(QueryPlanningError)
        -> Planned
    {
        if let sets = clause.groupingSets { return try planGroupingSets(clause, sets, outer: outer, orderBy: orderBy) }
        var scope = Scope(entries: [], parent: outer)
        var fromParts: [String] = []
        for item in clause.from { fromParts.append(try fromItem(item, into: &scope)) }

        var targets: [TypedSQL] = []
        let enclosingSetFunctions = targetSetFunctions
        targetSetFunctions = []
        defer { targetSetFunctions = enclosingSetFunctions }
        for item in clause.targets {
            if case .star(let qualifier) = item.expression.kind {
                targets += try scope.star(qualifier, at: item.expression.position)
                continue
            }
            var typed = try expression(item.expression, in: scope)
            typed.name = item.alias ?? typed.name ?? "?column?"
            targets.append(typed)
        }
        // Set-returning functions of the SELECT list run in lockstep, one row per element: a join of the row.
        if let functions = targetSetFunctions, !functions.isEmpty {
            // Without FROM the SELECT list runs over one row.
            if fromParts.isEmpty { fromParts = ["(SELECT 1) AS \"?row?\""] }
            fromParts[fromParts.count - 1] += Self.setFunctionJoin(functions)
        }
        targetSetFunctions = nil
        var sql = "SELECT "
        switch clause.distinct {
        case .all: break
        case .distinct: sql += "DISTINCT "
        case .distinctOn: throw .unsupported("SELECT DISTINCT ON", at: clause.position)
        }
        let columns = targets.map { ResultColumn(name: $0.name ?? "?column?", type: $0.type.resolvedUnknown) }
        let nullColumns = Set(targets.indices.filter { targets[$0].type == .unknown && targets[$0].sql == "NULL" })
        // DISTINCT compares numerics and intervals by value (`1.0` is `1.00`), as PostgreSQL does.
        let distinct = clause.distinct == .distinct
        sql +=
            targets.isEmpty
            ? "NULL AS \"?column?\""
            : zip(targets, columns).map {
                "\($0.sql)\(distinct ? Self.collation($0.type) : "") AS \(Self.quote($1.name))"
            }.joined(separator: ", ")
        if !fromParts.isEmpty { sql += " FROM " + fromParts.joined(separator: ", ") }
        if let condition = clause.whereClause {
            sql += " WHERE " + (try booleanCondition(condition, in: scope, clause: "WHERE"))
        }
        if !clause.groupBy.isEmpty {
            var groups: [String] = []
            for group in clause.groupBy { groups.append(try groupItem(group, targets: columns, in: scope)) }
            sql += " GROUP BY " + groups.joined(separator: ", ")
        }
        if let having = clause.having {
            sql += " HAVING " + (try booleanCondition(having, in: scope, clause: "HAVING"))
        }
        if !clause.windows.isEmpty { throw .unsupported("a WINDOW clause", at: clause.position) }
        if !orderBy.isEmpty {
            var items: [String] = []
            for item in orderBy {
                var (key, type) = try orderKey(item.expression, targets: columns, in: scope)
                if type.isObjectIdentifier {
                    // A name here; PostgreSQL orders them by oid.
                    let value =
                        Int(key).map { targets[$0 - 1].sql } ?? targets.first { Self.quote($0.name ?? "") == key }?.sql
                    key = try objectOid(TypedSQL(sql: value ?? key, type: type), at: item.expression.position)
                    type = .oid
                }
                items.append(key + Self.collation(type) + Self.ordering(item))
            }
            sql += " ORDER BY " + items.joined(separator: ", ")
        }
        return Planned(sql: sql, columns: columns, nullColumns: nullColumns)
    }

    private mutating func booleanCondition(_ condition: Expression, in scope: Scope, clause: String)
        throws(QueryPlanningError) -> String
    {
        var typed = try expression(condition, in: scope, expecting: .bool)
        typed = try coerce(typed, to: .bool, at: condition.position)
        guard typed.type == .bool else {
            throw QueryPlanningError(
                sqlState: "42804", message: "argument of \(clause) must be type boolean, not type \(typed.type.name)",
                position: condition.position)
        }
        return typed.sql
    }

    /// A GROUP BY item: an input expression, or (as PostgreSQL allows) an output column's name or ordinal.
    private mutating func groupItem(_ item: Expression, targets: [ResultColumn], in scope: Scope)
        throws(QueryPlanningError) -> String
    {
        // Numerics and intervals group by value (`1.0` with `1.00`, `'1 day'` with `'24:00:00'`), as in PostgreSQL.
        if case .literal(.number(let text)) = item.kind, let ordinal = Int(text) {
            guard ordinal >= 1, ordinal <= targets.count else {
                throw QueryPlanningError(
                    sqlState: "42P10", message: "GROUP BY position \(ordinal) is not in select list",
                    position: item.position)
            }
            return String(ordinal) + Self.collation(targets[ordinal - 1].type)
        }
        if case .column(let parts) = item.kind, parts.count == 1, (try? scope.column(parts, at: item.position)) == nil,
            let target = targets.first(where: { $0.name == parts[0] })
        {
            return Self.quote(parts[0]) + Self.collation(target.type)
        }
        let typed = try expression(item, in: scope)
        return typed.sql + Self.collation(typed.type)
    }

    /// An ORDER BY key of a SELECT: an output column's name or ordinal first, as PostgreSQL resolves them.
    private mutating func orderKey(_ item: Expression, targets: [ResultColumn], in scope: Scope)
        throws(QueryPlanningError) -> (String, SQLType)
    {
        if case .literal(.number(let text)) = item.kind, let ordinal = Int(text) {
            guard ordinal >= 1, ordinal <= targets.count else {
                throw QueryPlanningError(
                    sqlState: "42P10", message: "ORDER BY position \(ordinal) is not in select list",
                    position: item.position)
            }
            return (String(ordinal), targets[ordinal - 1].type)
        }
        if case .column(let parts) = item.kind, parts.count == 1,
            let target = targets.first(where: { $0.name == parts[0] }),
            targets.filter({ $0.name == parts[0] }).count == 1
        {
            return (Self.quote(parts[0]), target.type)
        }
        let typed = try expression(item, in: scope)
        return (typed.sql, typed.type)
    }

    /// Refuses ordering by regclass, regtype or regnamespace where the planner cannot reach their oids (over a set
    /// operation, VALUES or a window): they are names here, PostgreSQL orders them by oid.
    static func checkOrderable(_ type: SQLType, at position: SourcePosition) throws(QueryPlanningError) {
        guard type.isObjectIdentifier else { return }
        throw .refused(
            "ORDER BY a \(type.name) here", hint: "order by its oid (x::oid) or its name as text (x::text)",
            at: position)
    }

    /// The collation that orders values of `type` as PostgreSQL does, where SQLite's text order would not.
    static func collation(_ type: SQLType) -> String {
        switch type {
        case .interval: return " COLLATE pg_interval"
        case .numeric: return " COLLATE pg_numeric"
        case .jsonb: return " COLLATE pg_jsonb"
        default: return ""
        }
    }

    /// ORDER BY over the output of a set operation, VALUES or nested query: names and ordinals only.
    func outputOrdering(_ orderBy: [OrderItem], columns: [ResultColumn], alias: String?) throws(QueryPlanningError)
        -> String
    {
        var items: [String] = []
        for item in orderBy {
            switch item.expression.kind {
            case .literal(.number(let text)):
                guard let ordinal = Int(text), ordinal >= 1, ordinal <= columns.count else {
                    throw QueryPlanningError(
                        sqlState: "42P10", message: "ORDER BY position \(text) is not in select list",
                        position: item.expression.position)
                }
                try Self.checkOrderable(columns[ordinal - 1].type, at: item.expression.position)
                items.append(String(ordinal) + Self.collation(columns[ordinal - 1].type) + Self.ordering(item))
            case .column(let parts) where parts.count == 1 && columns.contains(where: { $0.name == parts[0] }):
                let type = columns.first(where: { $0.name == parts[0] })?.type ?? .text
                try Self.checkOrderable(type, at: item.expression.position)
                items.append(Self.quote(parts[0]) + Self.collation(type) + Self.ordering(item))
            default:
                throw .unsupported("ORDER BY an expression over a set operation", at: item.expression.position)
            }
        }
        return " ORDER BY " + items.joined(separator: ", ")
    }

    /// PostgreSQL sorts NULL as larger than every value (last ascending, first descending); SQLite as smaller.
    static func ordering(_ item: OrderItem) -> String {
        let descending = item.direction == .descending
        var text = descending ? " DESC" : " ASC"
        switch item.nulls {
        case .first: text += " NULLS FIRST"
        case .last: text += " NULLS LAST"
        case .unspecified: text += descending ? " NULLS FIRST" : " NULLS LAST"
        }
        return text
    }
}

extension SQLType {
    /// An untyped literal that reaches the output is text, as in PostgreSQL.
    var resolvedUnknown: SQLType { self == .unknown ? .text : self }
}
