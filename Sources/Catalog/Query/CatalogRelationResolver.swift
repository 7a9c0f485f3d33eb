import GRDB
import GRDBSQLite
import SQL

/// The relations a client's query can name, as the query planner sees them: the relations sources fill (in
/// their own attached files) and the system relations, each with its PostgreSQL column types.
///
/// Used on a reading connection after the query's source files are attached and before the query authorizer
/// guards the query itself, so it may read the catalog's own tables.
struct CatalogRelationResolver: RelationResolver {
    let db: Database
    /// The session's user, who owns every object in pg_catalog's answers.
    var user: String = "materialize"
    /// What the planner asked for, shared by the copies of this resolver.
    let log = ResolutionLog()
    /// How many views enclose the query being planned: what they read is theirs, not the query's.
    var viewDepth = 0
    /// Keeps source relations' shapes between queries, until the catalog changes.
    var cache: AttachCache?

    /// Schemas every relation is reachable through, as in Materialize's single database.
    static let schemas: Set<String> = ["public", "mz_catalog", "mz_internal", "pg_catalog"]

    func relation(_ name: QualifiedName) -> RelationShape? {
        let parts = name.parts
        guard parts.count <= 3, parts.count < 3 || parts[0] == "materialize" else { return nil }
        if name.schema == "information_schema" {
            log.namedCatalogRelation = true
            return InformationSchema.relation(name.name, resolver: self)
        }
        if let schema = name.schema, !Self.schemas.contains(schema) { return nil }
        do {
            // pg_catalog comes first in every search path, as in PostgreSQL.
            if name.schema == nil || name.schema == "pg_catalog", PGCatalogColumns.definitions[name.name] != nil {
                log.namedCatalogRelation = true
                return try pgCatalog().relation(name.name)
            }
            if let shape = try sourceRelation(name.name) { return shape }
            if let shape = try viewRelation(name.name) { return shape }
            return try systemRelation(name.name)
        } catch {
            return nil
        }
    }

    private func sourceRelation(_ name: String) throws -> RelationShape? {
        let load = { [db] () throws -> AttachCache.SourceRelation? in try Self.loadSourceRelation(name, db: db) }
        guard let relation = try cache?.sourceRelation(name, load: load) ?? load(),
            sqlite3_db_filename(db.sqliteConnection, "src_" + relation.sourceID) != nil
        else { return nil }
        if viewDepth == 0 { log.referencedItems.insert(relation.id) }
        return RelationShape(
            storageName: Catalog.schemaName(relation.sourceID) + "." + QueryPlanner.quoted(name),
            columns: relation.columns)
    }

    /// A source relation from the catalog's tables; nil when there is none of that name (or a column's type is
    /// unknown to this version).
    private static func loadSourceRelation(_ name: String, db: Database) throws -> AttachCache.SourceRelation? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT id, source_id FROM inlet_relations WHERE name = ?"), arguments: [name])
        else { return nil }
        let id: String = row["id"]
        var columns: [ResultColumn] = []
        for column in try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT name, type FROM inlet_relation_columns WHERE relation_id = ? ORDER BY position"),
            arguments: [id])
        {
            guard let type = ColumnType(rawValue: column["type"]) else { return nil }
            columns.append(ResultColumn(name: column["name"], type: type.sqlType))
        }
        return AttachCache.SourceRelation(id: id, sourceID: row["source_id"], columns: columns)
    }

    /// pg_catalog over the catalog's relations and the typed system relations.
    func pgCatalog() throws -> PGCatalogRelations {
        var system: [(name: String, columns: [ResultColumn])] = []
        for name in CatalogSchema.engineViews.sorted() {
            if let shape = try systemRelation(name) { system.append((name, shape.columns)) }
        }
        var definitions: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, sql FROM main.sqlite_master WHERE type = 'view'") {
            let name: String = row["name"]
            let sql: String = row["sql"]
            guard CatalogSchema.engineViews.contains(name), let range = sql.range(of: " AS") else { continue }
            definitions[name] = String(sql[range.upperBound...].drop { $0 == " " || $0 == "\n" }) + ";"
        }
        var catalog = PGCatalogRelations(db: db, user: user, systemRelations: system, viewDefinitions: definitions)
        catalog.userViews = try userViews()
        return catalog
    }

    /// A system view, when every one of its columns has a type: declared by the table it reads, or listed in
    /// `SystemRelationTypes` for computed ones (SQLite declares none for those, and the planner does not guess).
    private func systemRelation(_ name: String) throws -> RelationShape? {
        guard CatalogSchema.engineViews.contains(name) else { return nil }
        let statement = try db.makeStatement(sql: "SELECT * FROM main.\(QueryPlanner.quoted(name))")
        let raw = statement.sqliteStatement
        var columns: [ResultColumn] = []
        let computed = SystemRelationTypes.computed[name] ?? [:]
        for index in 0..<Int32(statement.columnCount) {
            let column = String(cString: sqlite3_column_name(raw, index))
            let declared = sqlite3_column_decltype(raw, index).map { String(cString: $0) }
            guard let type = declared.flatMap(PostgresTypeMapping.type(declared:)) ?? computed[column] else {
                return nil
            }
            columns.append(ResultColumn(name: column, type: type))
        }
        return RelationShape(storageName: "main." + QueryPlanner.quoted(name), columns: columns)
    }
}

/// Whether a query named a pg_catalog or information_schema relation, which only the planner answers, and the
/// catalog items (sources' relations, views) it reads.
final class ResolutionLog {
    var namedCatalogRelation = false
    var referencedItems: Set<String> = []
    /// Why a view the query names could not be planned, reported instead of "does not exist".
    var viewError: QueryPlanningError?
}
