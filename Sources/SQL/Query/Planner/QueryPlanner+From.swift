extension QueryPlanner {
    /// One FROM item as SQLite text; its names join `scope`.
    mutating func fromItem(_ item: TableReference, into scope: inout Scope) throws(QueryPlanningError) -> String {
        switch item.kind {
        case .relation(let name, _):
            guard let shape = cte(named: name) ?? resolver.relation(name) else {
                throw QueryPlanningError(
                    sqlState: "42P01", message: "relation \"\(name)\" does not exist", position: name.position)
            }
            return try addEntry(
                name: item.alias?.name ?? name.name, source: shape.storageName, columns: shape.columns,
                alias: item.alias, into: &scope, position: name.position)
        case .subquery(let statement, let lateral):
            if lateral { throw .unsupported("LATERAL", at: item.position) }
            // Materialize (and PostgreSQL from 16) take a subquery without an alias; its columns are unqualified.
            let planned = try planStatement(statement, outer: scope.parentScope)
            return try addEntry(
                name: item.alias?.name ?? "?subquery\(scope.entries.count)?", source: "(\(planned.sql))",
                columns: planned.columns, alias: item.alias, into: &scope, position: item.position)
        case .function(let call, let lateral, let withOrdinality):
            guard case .function(let function) = call.kind, !lateral, !withOrdinality else {
                throw .unsupported("a function in FROM", at: item.position)
            }
            if let lateral = try lateralObjectKeys(function, alias: item.alias, into: &scope, at: item.position) {
                return lateral
            }
            let series = try seriesSource(function, in: scope, at: item.position)
            // A function's single column takes the alias's name, as in PostgreSQL (`generate_series(1, 3) s`).
            let functionName = series.name
            let column = item.alias.map { $0.columns.first ?? $0.name } ?? functionName
            let source = "(SELECT \(functionName) AS \(Self.quote(column)) FROM \(series.sql))"
            var alias = item.alias
            alias?.columns = []
            return try addEntry(
                name: item.alias?.name ?? functionName, source: source,
                columns: [ResultColumn(name: column, type: series.type)], alias: alias, into: &scope,
                position: item.position)
        case .nested(let inner):
            if item.alias != nil { throw .unsupported("an alias on a parenthesized join", at: item.position) }
            return "(" + (try fromItem(inner, into: &scope)) + ")"
        case .join(let join):
            let left = try fromItem(join.left, into: &scope)
            let leftNames = Set(scope.entries.flatMap { $0.columns.map(\.name) })
            let before = scope.entries.count
            let right = try fromItem(join.right, into: &scope)
            var sql = "\(left) \(join.kind.rawValue) \(right)"
            switch join.condition {
            case .none:
                break
            case .on(let condition):
                let typed = try expression(condition, in: scope, expecting: .bool)
                guard typed.type == .bool || typed.type == .unknown else {
                    throw QueryPlanningError(
                        sqlState: "42804",
                        message: "argument of JOIN/ON must be type boolean, not type \(typed.type.name)",
                        position: condition.position)
                }
                sql += " ON " + typed.sql
            case .using(let names):
                let rightNames = Set(scope.entries[before...].flatMap { $0.columns.map(\.name) })
                for name in names where !leftNames.contains(name) || !rightNames.contains(name) {
                    throw QueryPlanningError(
                        sqlState: "42703", message: "column \"\(name)\" specified in USING clause does not exist",
                        position: item.position)
                }
                // A USING column is one column of the join's output: the left side's value for inner and left
                // joins, reachable unqualified; the right side's stays reachable qualified.
                guard join.kind == .inner || join.kind == .left else {
                    throw .unsupported("\(join.kind.rawValue) … USING", at: item.position)
                }
                var conditions: [String] = []
                for name in names {
                    let leftEntry = scope.entries[..<before].last { $0.columns.contains { $0.name == name } }
                    guard let leftEntry, scope.entries.count == before + 1 else {
                        throw .unsupported("JOIN … USING over nested joins", at: item.position)
                    }
                    let a = try scope.column([leftEntry.name, name], at: item.position)
                    let b = try scope.column([scope.entries[before].name, name], at: item.position)
                    try Self.checkComparable(a.type, b.type, symbol: "=", at: item.position)
                    conditions.append("\(a.sql) = \(b.sql)")
                    scope.entries[before].merged.insert(name)
                }
                scope.hasUsingJoin = true
                sql += " ON " + conditions.joined(separator: " AND ")
            case .natural:
                throw .unsupported("NATURAL JOIN", at: item.position)
            }
            return sql
        }
    }

    private func cte(named name: QualifiedName) -> RelationShape? {
        guard name.parts.count == 1 else { return nil }
        for frame in ctes.reversed() {
            if let shape = frame[name.name] { return shape }
        }
        return nil
    }

    /// `jsonb_object_keys(doc)` in FROM over the columns of the FROM items before it: SQLite's `json_each`, whose
    /// arguments (unlike a subquery's) may read them; nil when the call reads no such column.
    private mutating func lateralObjectKeys(
        _ call: FunctionCall, alias: TableAlias?, into scope: inout Scope, at position: SourcePosition
    ) throws(QueryPlanningError) -> String? {
        guard call.name.name == "jsonb_object_keys", call.name.parts.count == 1 || call.name.schema == "pg_catalog",
            call.arguments.count == 1, !scope.entries.isEmpty
        else { return nil }
        let outer = Scope(entries: [], parent: scope.parentScope)
        guard (try? expression(call.arguments[0], in: outer)) == nil else { return nil }
        let argument = try expression(call.arguments[0], in: scope)
        guard let keys = try jsonbFunction("jsonb_object_keys", arguments: [argument], at: position, inFrom: true)
        else {
            return nil
        }
        let name = alias?.name ?? "jsonb_object_keys"
        guard !scope.entries.contains(where: { $0.name == name }) else {
            throw QueryPlanningError(
                sqlState: "42712", message: "table name \"\(name)\" specified more than once", position: position)
        }
        if let alias, alias.columns.count > 1 {
            throw QueryPlanningError(
                sqlState: "42P10",
                message: "table \"\(name)\" has 1 columns available but \(alias.columns.count) columns specified",
                position: position)
        }
        let column = alias.map { $0.columns.first ?? $0.name } ?? "jsonb_object_keys"
        let sqlAlias = Self.quote("\(scope.depth)_\(name)")
        scope.entries.append(
            Scope.Entry(
                name: name, sqlAlias: sqlAlias, columns: [ResultColumn(name: column, type: .text)],
                columnSQL: [column: sqlAlias + ".key"]))
        return "json_each(\(keys.sql)) AS \(sqlAlias)"
    }

    private func addEntry(
        name: String, source: String, columns: [ResultColumn], alias: TableAlias?, into scope: inout Scope,
        position: SourcePosition
    ) throws(QueryPlanningError) -> String {
        guard !scope.entries.contains(where: { $0.name == name }) else {
            throw QueryPlanningError(
                sqlState: "42712", message: "table name \"\(name)\" specified more than once", position: position)
        }
        var renamed = columns
        var sourceSQL = source
        if let alias, !alias.columns.isEmpty {
            guard alias.columns.count <= columns.count else {
                throw QueryPlanningError(
                    sqlState: "42P10",
                    message:
                        "table \"\(name)\" has \(columns.count) columns available but \(alias.columns.count) columns specified",
                    position: position)
            }
            for (index, column) in alias.columns.enumerated() { renamed[index].name = column }
            let list = zip(columns, renamed).map { "\(Self.quote($0.name)) AS \(Self.quote($1.name))" }
            sourceSQL = "(SELECT \(list.joined(separator: ", ")) FROM \(source))"
        }
        let sqlAlias = Self.quote("\(scope.depth)_\(name)")
        scope.entries.append(Scope.Entry(name: name, sqlAlias: sqlAlias, columns: renamed))
        return "\(sourceSQL) AS \(sqlAlias)"
    }
}

extension Scope {
    /// How many queries enclose this one, so that aliases of nested queries never collide in the emitted SQL.
    var depth: Int {
        var count = 0
        var scope = parentScope
        while let current = scope {
            count += 1
            scope = current.parentScope
        }
        return count
    }
}
