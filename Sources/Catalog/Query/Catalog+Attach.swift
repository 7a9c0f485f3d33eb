import Foundation
import GRDB
import GRDBSQLite
import SQL
import Storage

extension Catalog {
    /// Source relations live in one SQLite file per source; before a query runs, the files of the relations it
    /// names are attached to the reading connection (and files of dropped sources detached), so that
    /// `SELECT * FROM events` finds `events` without a schema.
    ///
    /// SQLite attaches at most 10 files per connection; a query that names relations of more sources than that
    /// fails with a message that says so.
    static let maximumAttachedSources = 9

    func attachSources(_ db: Database, for text: String) throws {
        let names = Self.identifiers(in: text)
        let relations = try attachCache.current() ?? loadRelations(db)
        var needed: Set<String> = []
        for name in names { needed.formUnion(relations.sources[name] ?? []) }
        // The common case: nothing changed since this connection last attached, and every file is attached.
        if attachCache.isSynchronised(db, at: relations.generation), needed.allSatisfy({ Self.isAttached(db, $0) }) {
            return
        }
        let attached = try Row.fetchAll(db, sql: "PRAGMA database_list").compactMap { row -> String? in
            let name: String = row["name"]
            return name.hasPrefix("src_") ? String(name.dropFirst(4)) : nil
        }
        let valid = relations.valid
        guard needed.count <= Self.maximumAttachedSources else {
            throw SQLError.featureNotSupported(
                "this query reads relations of \(needed.count) sources; one query can read at most \(Self.maximumAttachedSources)",
                hint: "split the query, or combine fewer sources per query")
        }
        var current = Set(attached)
        var changed = false
        for id in attached
        where !valid.contains(id)
            || (!needed.contains(id) && current.count + needed.subtracting(current).count > Self.maximumAttachedSources)
        {
            try db.execute(sql: "DETACH DATABASE \(Self.schemaName(id))")
            changed = true
            current.remove(id)
        }
        for id in needed.subtracting(current).sorted() {
            let path = SQLiteSourceStorage.path(forSource: id, dataDirectory: dataDirectory)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            try db.execute(sql: "ATTACH DATABASE ? AS \(Self.schemaName(id))", arguments: [path])
            changed = true
        }
        // GRDB's authorizer would note the schema change; the query authorizer stands in for it on readers.
        if changed { db.clearSchemaCache() }
        attachCache.markSynchronised(db, at: relations.generation)
    }

    /// The relation names and sources of the catalog now, for the cache.
    func loadRelations(_ db: Database) throws -> AttachCache.Relations {
        let generation = attachCache.currentGeneration
        var sources: [String: Set<String>] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, source_id FROM inlet_relations") {
            let name: String = row["name"]
            let source: String = row["source_id"]
            sources[name, default: []].insert(source)
        }
        // A view's query reads relations its name does not show: follow views (and views of views) to the
        // source relations they read.
        let reached = try Row.fetchAll(
            db,
            sql: """
                WITH RECURSIVE reached(view, id) AS (
                    SELECT name, id FROM inlet_items WHERE kind = 'view'
                    UNION SELECT r.view, d.referenced_id FROM inlet_dependencies d JOIN reached r ON d.item_id = r.id)
                SELECT DISTINCT r.view, rel.source_id FROM reached r JOIN inlet_relations rel ON rel.id = r.id
                """)
        for row in reached {
            let view: String = row["view"]
            let source: String = row["source_id"]
            sources[view, default: []].insert(source)
        }
        let valid = Set(try String.fetchAll(db, sql: "SELECT id FROM inlet_kafka_sources"))
        let relations = AttachCache.Relations(generation: generation, sources: sources, valid: valid)
        attachCache.store(relations)
        return relations
    }

    private static func isAttached(_ db: Database, _ sourceID: String) -> Bool {
        sqlite3_db_filename(db.sqliteConnection, "src_" + unquoted(sourceID)) != nil
    }

    static func schemaName(_ sourceID: String) -> String {
        "\"src_" + unquoted(sourceID) + "\""
    }

    /// Source ids are `u<n>`; a quote would end the schema name, so none is kept (without Foundation's
    /// string search, which showed in every query's profile).
    private static func unquoted(_ sourceID: String) -> String {
        sourceID.utf8.contains(UInt8(ascii: "\"")) ? String(sourceID.filter { $0 != "\"" }) : sourceID
    }

    /// The identifiers of a query (candidate relation names), skipping strings and comments.
    static func identifiers(in text: String) -> Set<String> {
        guard let tokens = try? Lexer(text).tokenize() else { return [] }
        var names: Set<String> = []
        for token in tokens {
            if case .identifier(let name, _) = token.kind { names.insert(name) }
        }
        return names
    }
}
