import Catalog
import PostgreSQLStorage
import SQL

extension InletEngine {
    /// With PostgreSQL storage, a query that names source relations runs in PostgreSQL (the relations are there,
    /// not in the SQLite catalog); nil when it names none, and the catalog runs it.
    ///
    /// Inlet has parsed the statement as one SELECT; PostgreSQL parses the text again and answers with its own
    /// semantics. A query that also reads Inlet's catalog relations (`mz_sources` …) cannot run in either place
    /// and is refused with 0A000, as are bound parameters.
    func runInSourceStorage(_ query: Query, parameters: [String?], describeOnly: Bool = false)
        async throws(SQLError) -> StatementResult?
    {
        guard let storage = postgreSQLStorage.withLockedValue({ $0 }) else { return nil }
        let named = try await catalog.sourceRelations(namedIn: query.text)
        guard !named.isEmpty else { return nil }
        let relations = named.keys.sorted().joined(separator: ", ")
        guard describeOnly || parameters.isEmpty else {
            throw SQLError.featureNotSupported(
                "a query over relations stored in PostgreSQL (\(relations)) cannot take bound parameters yet",
                hint: "write the values into the query text, or query the PostgreSQL database directly")
        }
        let schemas = Set(named.values).sorted().map { "inlet_" + $0 }
        do {
            let result = try await storage.runQuery(query.text, schemas: schemas, describeOnly: describeOnly)
            let columns = result.columns.map {
                ResultColumn(name: $0.name, type: SQLType(oid: $0.typeOID, name: $0.typeName, size: $0.size))
            }
            return StatementResult(columns: columns, rows: result.rows, commandTag: "SELECT \(result.rows.count)")
        } catch let error as PostgreSQLQueryError {
            if error.sqlState == "42P01" || error.sqlState == "42883" {
                throw SQLError.featureNotSupported(
                    "this query reads relations stored in PostgreSQL (\(relations)) together with something only Inlet knows (\(error.message))",
                    hint:
                        "query the PostgreSQL-stored relations on their own (they run in PostgreSQL), and Inlet's catalog relations in a separate query"
                )
            }
            throw SQLError(sqlState: error.sqlState, message: error.message, hint: error.hint)
        } catch {
            throw SQLError.internal("the query over PostgreSQL-stored relations failed: \(error)")
        }
    }
}
