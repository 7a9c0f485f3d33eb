/// Plans a parsed query for the storage engine (SQLite) with PostgreSQL's types and semantics: names are
/// resolved against the relations a `RelationResolver` knows, every expression gets a PostgreSQL type, and the
/// SQL it emits makes SQLite answer as PostgreSQL does where the two differ (booleans, NULL ordering, LIKE's case,
/// casts of untyped literals).
///
/// What it does not translate yet fails with a `QueryPlanningError` whose `isUnsupported` is true; it never
/// emits SQL it is unsure answers as PostgreSQL would.
public struct QueryPlanner {
    let resolver: any RelationResolver
    let context: PlanningContext
    /// The declared types of `$1`, `$2`, …; nil where the client left the type to the server.
    var parameterTypes: [SQLType?]
    /// Common table expressions in scope, innermost last.
    var ctes: [[String: RelationShape]] = []
    /// The set-returning functions of the SELECT list being planned (nil outside one), which join its FROM.
    var targetSetFunctions: [SetFunction]?
    /// The grouping set of the branch of a GROUPING SETS query being planned (nil outside one).
    var groupingSet: GroupingSet?

    public init(
        resolver: any RelationResolver, context: PlanningContext = PlanningContext(), parameterTypes: [SQLType?] = []
    ) {
        self.resolver = resolver
        self.context = context
        self.parameterTypes = parameterTypes
    }

    /// Plans `statement`: its SQLite text, the types of its result columns and parameters.
    public mutating func plan(_ statement: SelectStatement) throws(QueryPlanningError) -> PlannedQuery {
        let planned = try planStatement(statement, outer: nil)
        if let record = planned.columns.first(where: { $0.type == .expandedArrayRecord }) {
            throw .unsupported("a record in the output (\(record.name)); select its fields", at: statement.position)
        }
        return PlannedQuery(
            sql: planned.sql, columns: planned.columns,
            parameterTypes: parameterTypes.map { $0 ?? .text })
    }

    /// A planned (sub)query: SQL and its columns.
    struct Planned {
        var sql: String
        var columns: [ResultColumn]
        /// Output columns that are a bare NULL (typed text until a UNION/INTERSECT/EXCEPT gives them the other
        /// branch's type, as PostgreSQL resolves an unknown-typed NULL).
        var nullColumns: Set<Int> = []
    }

    mutating func planStatement(_ statement: SelectStatement, outer: Scope?) throws(QueryPlanningError) -> Planned {
        var prefix = ""
        if let with = statement.with {
            var frame: [String: RelationShape] = [:]
            ctes.append(frame)
            var parts: [String] = []
            for cte in with.queries {
                let planned: Planned
                if with.recursive, let recursive = try recursiveQuery(cte, outer: outer) {
                    planned = recursive
                } else {
                    planned = try planStatement(cte.query, outer: outer)
                }
                let columns = try Self.cteColumns(cte, planned.columns)
                frame = ctes[ctes.count - 1]
                let quoted = Self.quote(cte.name)
                let names = columns.map { Self.quote($0.name) }.joined(separator: ", ")
                parts.append("\(quoted)(\(names)) AS (\(planned.sql))")
                frame[cte.name] = RelationShape(storageName: quoted, columns: columns)
                ctes[ctes.count - 1] = frame
            }
            prefix = "WITH " + (with.recursive ? "RECURSIVE " : "") + parts.joined(separator: ", ") + " "
        }
        defer { if statement.with != nil { ctes.removeLast() } }
        var body = try planBody(statement.body, outer: outer, orderBy: statement.orderBy)
        if let limit = statement.limit {
            if limit.withTies { throw .unsupported("FETCH FIRST … WITH TIES") }
            // A negative LIMIT is no limit to SQLite; PostgreSQL refuses it (2201W, and 2201X for OFFSET).
            let count = try limit.count.map { (expression) throws(QueryPlanningError) in
                "pg_limit(\(try limitValue(expression, outer: outer)), 'LIMIT')"
            }
            let offset = try limit.offset.map { (expression) throws(QueryPlanningError) in
                "pg_limit(\(try limitValue(expression, outer: outer)), 'OFFSET')"
            }
            if count != nil || offset != nil { body.sql += " LIMIT " + (count ?? "-1") }
            if let offset { body.sql += " OFFSET " + offset }
        }
        body.sql = prefix + body.sql
        return body
    }

    /// The columns of a WITH query, renamed by its column list.
    static func cteColumns(_ cte: CommonTableExpression, _ planned: [ResultColumn]) throws(QueryPlanningError)
        -> [ResultColumn]
    {
        var columns = planned
        guard !cte.columns.isEmpty else { return columns }
        guard cte.columns.count <= columns.count else {
            throw QueryPlanningError(
                sqlState: "42P10",
                message:
                    "WITH query \"\(cte.name)\" has \(columns.count) columns available but \(cte.columns.count) columns specified",
                position: cte.position)
        }
        for (index, name) in cte.columns.enumerated() { columns[index].name = name }
        return columns
    }

    /// `name AS (anchor UNION [ALL] recursive term)` of WITH RECURSIVE: the anchor is planned first and gives the
    /// query's columns, which the recursive term then reads; SQLite runs it as PostgreSQL does (the working table,
    /// UNION discarding rows seen before). Nil for a query of another shape, planned as an ordinary one.
    private mutating func recursiveQuery(_ cte: CommonTableExpression, outer: Scope?) throws(QueryPlanningError)
        -> Planned?
    {
        guard case .setOperation(let operation) = cte.query.body, operation.kind == .union, cte.query.with == nil,
            cte.query.orderBy.isEmpty, cte.query.limit == nil
        else { return nil }
        let anchor = try planBody(operation.left, outer: outer, orderBy: [])
        let columns = try Self.cteColumns(cte, anchor.columns)
        ctes[ctes.count - 1][cte.name] = RelationShape(storageName: Self.quote(cte.name), columns: columns)
        let term = try planBody(operation.right, outer: outer, orderBy: [])
        guard term.columns.count == anchor.columns.count else {
            throw QueryPlanningError(
                sqlState: "42601", message: "each UNION query must have the same number of columns",
                position: operation.position)
        }
        for (index, column) in columns.enumerated() where !term.nullColumns.contains(index) {
            let type = term.columns[index].type
            guard type == column.type || anchor.nullColumns.contains(index) else {
                throw QueryPlanningError(
                    sqlState: "42804",
                    message:
                        "recursive query \"\(cte.name)\" column \(index + 1) has type \(Self.formattedTypeName(column.type)) in non-recursive term but type \(Self.formattedTypeName(type)) overall",
                    position: operation.position,
                    hint: "Cast the output of the non-recursive term to the correct type.")
            }
        }
        let keyword = operation.all ? " UNION ALL " : " UNION "
        return Planned(sql: anchor.sql + keyword + term.sql, columns: anchor.columns)
    }

    private mutating func limitValue(_ expression: Expression, outer: Scope?) throws(QueryPlanningError) -> String {
        let scope = Scope(entries: [], parent: outer)
        let typed = try self.expression(expression, in: scope, expecting: .int8)
        guard typed.type.isNumeric || typed.type == .unknown else {
            throw QueryPlanningError(
                sqlState: "42804", message: "argument of LIMIT must be type bigint, not type \(typed.type.name)",
                position: expression.position)
        }
        // A float or numeric count is cast to bigint as PostgreSQL casts it (half to even, half away from zero).
        if typed.type == .numeric || typed.type == .float8 || typed.type == .float4 {
            return "pg_to_int(\(typed.sql), 64, \(typed.type == .numeric ? 1 : 0))"
        }
        return typed.sql
    }

    static func quote(_ name: String) -> String {
        "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    /// `name` as a quoted SQLite identifier.
    public static func quoted(_ name: String) -> String { quote(name) }
}
