/// The names a FROM clause brings into scope: one entry per relation, subquery or CTE reference, each with the
/// alias its columns are qualified by in the emitted SQL.
struct Scope {
    struct Entry {
        /// The name the query refers to it by (its alias, or the relation's own name).
        var name: String
        /// The same, quoted for the emitted SQL.
        var sqlAlias: String
        var columns: [ResultColumn]
        /// Columns a `JOIN … USING` merged into the left side's: reachable qualified only.
        var merged: Set<String> = []
        /// Columns read by other SQL than `alias."name"` (a table function's own column, `alias.key`).
        var columnSQL: [String: String] = [:]

        func sql(of column: String) -> String { columnSQL[column] ?? sqlAlias + "." + QueryPlanner.quote(column) }
    }

    var entries: [Entry]
    /// Set once a `JOIN … USING` is planned: PostgreSQL's `*` then lists the merged columns first, which is
    /// refused rather than answered in another order.
    var hasUsingJoin = false

    init(entries: [Entry], parent: Scope?) {
        self.entries = entries
        self._parent = parent.map { Box($0) }
    }

    private var _parent: Box?
    var parentScope: Scope? { _parent?.scope }

    final class Box {
        let scope: Scope
        init(_ scope: Scope) { self.scope = scope }
    }

    /// The SQL and type of column `parts` (`a` or `t.a`), searching outward through enclosing queries.
    func column(_ parts: [String], at position: SourcePosition) throws(QueryPlanningError) -> TypedSQL {
        var scope: Scope? = self
        while let current = scope {
            if let found = try current.localColumn(parts, at: position) { return found }
            scope = current.parentScope
        }
        let name = parts.joined(separator: ".")
        if parts.count > 1, !entries.contains(where: { $0.name == parts[parts.count - 2] }), parentScope == nil {
            throw QueryPlanningError(
                sqlState: "42P01", message: "missing FROM-clause entry for table \"\(parts[parts.count - 2])\"",
                position: position)
        }
        throw QueryPlanningError(sqlState: "42703", message: "column \"\(name)\" does not exist", position: position)
    }

    private func localColumn(_ parts: [String], at position: SourcePosition) throws(QueryPlanningError) -> TypedSQL? {
        guard let name = parts.last else { return nil }
        if parts.count >= 2 {
            let table = parts[parts.count - 2]
            guard let entry = entries.last(where: { $0.name == table }) else { return nil }
            guard let column = entry.columns.first(where: { $0.name == name }) else {
                throw QueryPlanningError(
                    sqlState: "42703", message: "column \(table).\(name) does not exist", position: position)
            }
            return TypedSQL(sql: entry.sql(of: name), type: column.type, name: name)
        }
        var found: TypedSQL?
        for entry in entries where !entry.merged.contains(name) {
            guard let column = entry.columns.first(where: { $0.name == name }) else { continue }
            guard found == nil else {
                throw QueryPlanningError(
                    sqlState: "42702", message: "column reference \"\(name)\" is ambiguous", position: position)
            }
            found = TypedSQL(sql: entry.sql(of: name), type: column.type, name: name)
        }
        return found
    }

    /// The columns `*` or `t.*` stands for.
    func star(_ qualifier: [String], at position: SourcePosition) throws(QueryPlanningError) -> [TypedSQL] {
        let chosen: [Entry]
        if let table = qualifier.last {
            guard let entry = entries.last(where: { $0.name == table }) else {
                throw QueryPlanningError(
                    sqlState: "42P01", message: "missing FROM-clause entry for table \"\(table)\"", position: position)
            }
            chosen = [entry]
        } else {
            if hasUsingJoin { throw .unsupported("* over JOIN … USING", at: position) }
            guard !entries.isEmpty else {
                throw QueryPlanningError(
                    sqlState: "42601", message: "SELECT * with no tables specified is not valid", position: position)
            }
            chosen = entries
        }
        return chosen.flatMap { entry in
            entry.columns.map {
                TypedSQL(sql: entry.sql(of: $0.name), type: $0.type, name: $0.name)
            }
        }
    }
}

/// An expression as SQLite text with its PostgreSQL type, and the column name PostgreSQL gives it.
struct TypedSQL {
    var sql: String
    var type: SQLType
    var name: String? = nil
    /// The text of an untyped string literal, checked against the type the context gives it.
    var literal: String? = nil
}

extension SQLType {
    var isInteger: Bool { self == .int2 || self == .int4 || self == .int8 || self == .oid }
    var isNumeric: Bool { isInteger || self == .numeric || self == .float8 || self == .float4 }
    public static let float4 = SQLType(oid: 700, name: "real", size: 4)
    public static let date = SQLType(oid: 1082, name: "date", size: 4)
    public static let varchar = SQLType(oid: 1043, name: "character varying", size: -1)
    public static let name = SQLType(oid: 19, name: "name", size: 64)
}
