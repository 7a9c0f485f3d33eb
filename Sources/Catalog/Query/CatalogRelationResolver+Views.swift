import GRDB
import SQL

extension CatalogRelationResolver {
    /// Views nest at most this deep (each one is planned inline where it is read).
    static let maximumViewDepth = 32

    /// A view (`CREATE VIEW`): its query planned again here, inline, with the columns it was created with.
    func viewRelation(_ name: String) throws -> RelationShape? {
        guard
            let row = try Row.fetchOne(
                db,
                sql:
                    "SELECT v.id, v.query FROM main.inlet_views v JOIN main.inlet_items i ON i.id = v.id WHERE i.name = ?",
                arguments: [name])
        else { return nil }
        let id: String = row["id"]
        let query: String = row["query"]
        if viewDepth == 0 { log.referencedItems.insert(id) }
        // Only the planner knows views: a query naming one never falls back to the token rewrite.
        log.namedCatalogRelation = true
        let columns = try Row.fetchAll(
            db,
            sql:
                "SELECT name, type_oid, type_name, type_size FROM main.inlet_view_columns WHERE view_id = ? ORDER BY position",
            arguments: [id]
        ).map { column in
            ResultColumn(
                name: column["name"],
                type: SQLType(
                    oid: Int32(column["type_oid"] as Int64), name: column["type_name"],
                    size: Int16(column["type_size"] as Int64)))
        }
        guard viewDepth < Self.maximumViewDepth else {
            log.viewError = QueryPlanningError(
                sqlState: "54001", message: "views nest deeper than \(Self.maximumViewDepth) levels")
            return nil
        }
        var nested = self
        nested.viewDepth += 1
        do {
            let statement = try Parser.parseSelectStatement(query)
            var planner = QueryPlanner(resolver: nested, context: PlanningContext(user: user))
            let planned = try planner.plan(statement)
            guard planned.columns.count == columns.count else {
                log.viewError = QueryPlanningError(
                    sqlState: "XX000", message: "view \(name) no longer has the columns it was created with")
                return nil
            }
            // The view's columns by the names it was created with, whatever the query's SQL calls them.
            let names = columns.map { QueryPlanner.quoted($0.name) }.joined(separator: ", ")
            let alias = QueryPlanner.quoted("?view \(name)?")
            return RelationShape(
                storageName: "(WITH \(alias)(\(names)) AS (\(planned.sql)) SELECT * FROM \(alias))", columns: columns)
        } catch let error as QueryPlanningError {
            log.viewError = error
            return nil
        } catch let error as SQLError {
            log.viewError = QueryPlanningError(sqlState: error.sqlState, message: error.message)
            return nil
        }
    }
}

extension CatalogRelationResolver {
    /// Every view clients created, for pg_catalog, with the columns it was created with.
    func userViews() throws -> [PGCatalogRelations.UserView] {
        var columns: [String: [ResultColumn]] = [:]
        for row in try Row.fetchAll(
            db,
            sql:
                "SELECT view_id, name, type_oid, type_name, type_size FROM main.inlet_view_columns ORDER BY view_id, position"
        ) {
            let type = SQLType(
                oid: Int32(row["type_oid"] as Int64), name: row["type_name"], size: Int16(row["type_size"] as Int64))
            let viewID: String = row["view_id"]
            columns[viewID, default: []].append(ResultColumn(name: row["name"], type: type))
        }
        return try Row.fetchAll(
            db,
            sql:
                "SELECT i.id, i.oid, i.name, v.definition FROM main.inlet_items i JOIN main.inlet_views v ON v.id = i.id ORDER BY i.name"
        ).map { row -> PGCatalogRelations.UserView in
            let id: String = row["id"]
            return PGCatalogRelations.UserView(
                oid: row["oid"], name: row["name"], columns: columns[id] ?? [], definition: row["definition"])
        }
    }
}
