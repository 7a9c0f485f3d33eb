import Foundation
import GRDB
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
        let attached = try Row.fetchAll(db, sql: "PRAGMA database_list").compactMap { row -> String? in
            let name: String = row["name"]
            return name.hasPrefix("src_") ? String(name.dropFirst(4)) : nil
        }
        guard !names.isEmpty || !attached.isEmpty else { return }
        let valid = Set(try String.fetchAll(db, sql: "SELECT id FROM inlet_kafka_sources"))
        var needed: Set<String> = []
        if !names.isEmpty {
            let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
            // A view's query reads relations its name does not show: follow views to what they read.
            needed = Set(
                try String.fetchAll(
                    db,
                    sql: """
                        WITH RECURSIVE reached(id) AS (
                            SELECT id FROM inlet_items WHERE kind = 'view' AND name IN (\(placeholders))
                            UNION SELECT d.referenced_id FROM inlet_dependencies d JOIN reached r ON d.item_id = r.id)
                        SELECT DISTINCT source_id FROM inlet_relations
                        WHERE name IN (\(placeholders)) OR id IN (SELECT id FROM reached)
                        """,
                    arguments: StatementArguments(Array(names) + Array(names))))
        }
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
    }

    static func schemaName(_ sourceID: String) -> String {
        "\"src_" + sourceID.replacingOccurrences(of: "\"", with: "") + "\""
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
