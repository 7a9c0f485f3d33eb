import GRDB
import SQL

extension Catalog {
    /// The source relations a query names (relations, errors and progress relations), each with the id of the
    /// source that stores it; empty when the query names none. With PostgreSQL storage, a query that names any runs
    /// in PostgreSQL.
    public func sourceRelations(namedIn text: String) async throws(SQLError) -> [String: String] {
        let names = Self.identifiers(in: text)
        guard !names.isEmpty else { return [:] }
        do {
            return try await database.read { db in
                let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
                var found: [String: String] = [:]
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT name, source_id FROM inlet_relations WHERE name IN (\(placeholders))",
                    arguments: StatementArguments(Array(names)))
                while let row = try rows.next() {
                    let name: String = row[0]
                    let source: String = row[1]
                    found[name] = source
                }
                return found
            }
        } catch {
            throw SQLError.internal("cannot look up the relations of the query: \(error)")
        }
    }
}
