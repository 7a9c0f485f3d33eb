import GRDB
import SQL

extension Catalog {
    /// CREATE VIEW, DROP VIEW, SHOW VIEWS, SHOW CREATE VIEW.
    func executeView(_ statement: ViewStatement) async throws(SQLError) -> StatementResult {
        switch statement {
        case .create(let create): return try await createView(create)
        case .drop(let drop): return try await dropItems(drop, kind: .view)
        case .show(let like): return try await showViews(like: like)
        case .showCreate(let name): return try await showCreateView(name: name)
        }
    }

    /// Plans the view's query as any query is planned (its columns and their PostgreSQL types are fixed now; a
    /// query the planner cannot type is refused with the planner's SQLSTATE), then stores it with what it reads.
    func createView(_ create: CreateView) async throws(SQLError) -> StatementResult {
        let statement: SelectStatement
        do {
            statement = try Parser.parseSelectStatement(create.query)
        } catch {
            throw SQLError(sqlState: error.sqlState, message: error.message, hint: error.hint)
        }
        let typed = try await planView(statement, create: create)
        let definition = SQLPrinter.print(statement) + ";"
        let createSQL =
            "CREATE VIEW " + SQLPrinter.identifier(create.name)
            + (create.columns.isEmpty
                ? "" : " (" + create.columns.map(SQLPrinter.identifier).joined(separator: ", ") + ")")
            + " AS " + SQLPrinter.print(statement)
        return try await write { [self] db in
            if let existing = try CatalogItem.fetch(db, name: create.name) {
                if existing.kind == .view, create.ifNotExists {
                    return .command("CREATE VIEW", notices: ["view \"\(create.name)\" already exists, skipping"])
                }
                guard existing.kind == .view, create.orReplace else { throw alreadyExists(existing) }
                if typed.dependencies.contains(existing.id) {
                    throw SQLError(
                        sqlState: "42P17", message: "view \(create.name) cannot read itself",
                        hint: "name the relations the old definition read instead")
                }
                let blocking = try dependents(db, of: existing.id).compactMap { try CatalogItem.fetch(db, id: $0) }
                if !blocking.isEmpty {
                    throw SQLError.dependentObjects(
                        "cannot replace view \(create.name): still used by "
                            + blocking.map(\.described).joined(separator: ", "),
                        hint: "drop those first (DROP VIEW … CASCADE), then replace the view")
                }
                try db.execute(sql: "DELETE FROM inlet_dependencies WHERE item_id = ?", arguments: [existing.id])
                try db.execute(sql: "DELETE FROM inlet_items WHERE id = ?", arguments: [existing.id])
            }
            for dependency in typed.dependencies {
                guard try CatalogItem.fetch(db, id: dependency) == nil else { continue }
                throw SQLError(
                    sqlState: "42P01", message: "a relation view \(create.name) reads was dropped while it was created",
                    hint: "run CREATE VIEW again")
            }
            let (id, oid) = try allocateID(db)
            try db.execute(
                sql: """
                    INSERT INTO inlet_items (id, oid, name, kind, type, options, definition, create_sql, created_at)
                    VALUES (?, ?, ?, 'view', NULL, NULL, NULL, ?, ?)
                    """,
                arguments: [id, oid, create.name, createSQL, Self.now()])
            try db.execute(
                sql: "INSERT INTO inlet_views (id, query, definition) VALUES (?, ?, ?)",
                arguments: [id, create.query, definition])
            for (position, column) in typed.columns.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO inlet_view_columns (view_id, position, name, type_oid, type_name, type_size)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        id, position, column.name, Int64(column.type.oid), column.type.name, Int64(column.type.size),
                    ])
            }
            for dependency in typed.dependencies.sorted() {
                try addDependency(db, item: id, on: dependency)
            }
            return .command("CREATE VIEW")
        }
    }

    /// The view's columns (named as the column list says) and the catalog items its query reads.
    private func planView(
        _ statement: SelectStatement, create: CreateView
    ) async throws(SQLError) -> (columns: [ResultColumn], dependencies: Set<String>) {
        let text = create.query
        return try await queryRead(text) { db in
            let resolver = CatalogRelationResolver(db: db)
            var planner = QueryPlanner(resolver: resolver)
            let planned: PlannedQuery
            do throws(QueryPlanningError) {
                planned = try planner.plan(statement)
            } catch {
                throw SQLError(
                    sqlState: error.sqlState, message: error.message,
                    hint: error.hint ?? (error.isUnsupported ? "a view's query must be one the planner types" : nil))
            }
            do {
                _ = try db.makeStatement(sql: planned.sql)
            } catch {
                throw SQLError.featureNotSupported(
                    "the storage engine cannot run this view's query: \(Self.describe(error))")
            }
            var columns = planned.columns
            guard create.columns.count <= columns.count else {
                throw SQLError(sqlState: "42601", message: "CREATE VIEW specifies more column names than columns")
            }
            for (index, name) in create.columns.enumerated() { columns[index].name = name }
            var seen: Set<String> = []
            for column in columns where !seen.insert(column.name).inserted {
                throw SQLError(
                    sqlState: "42701", message: "column \"\(column.name)\" specified more than once",
                    hint: "give the view's columns distinct names with AS or a column list")
            }
            for index in columns.indices where columns[index].type == .unknown { columns[index].type = .text }
            return (columns, resolver.log.referencedItems)
        }
    }

    func showViews(like pattern: String?) async throws(SQLError) -> StatementResult {
        let rows = try await read { db in
            try String.fetchAll(db, sql: "SELECT name FROM inlet_items WHERE kind = 'view' ORDER BY name").map {
                [$0] as [String?]
            }
        }.filter { pattern.map(LikePattern.init)?.matches($0[0] ?? "") ?? true }
        return StatementResult(
            columns: [ResultColumn(name: "name", type: .text)], rows: rows, commandTag: "SELECT \(rows.count)")
    }

    func showCreateView(name: String) async throws(SQLError) -> StatementResult {
        let sql = try await read { [self] db in
            let item = try requireItem(db, name: name, kind: .view)
            return try String.fetchOne(db, sql: "SELECT create_sql FROM inlet_items WHERE id = ?", arguments: [item.id])
        }
        return StatementResult(
            columns: [ResultColumn(name: "name", type: .text), ResultColumn(name: "create_sql", type: .text)],
            rows: [["materialize.public.\(name)", sql]], commandTag: "SELECT 1")
    }
}
