import Foundation
import Logging
import NIOCore
import PostgresNIO
import Storage

/// The answer of a query that ran in PostgreSQL: columns as PostgreSQL typed them and rows in its text format.
public struct PostgreSQLQueryResult: Sendable {
    public struct Column: Sendable {
        public var name: String
        public var typeOID: Int32
        public var typeName: String
        public var size: Int16
    }

    public var columns: [Column]
    public var rows: [[String?]]
}

/// PostgreSQL's refusal of a query: its SQLSTATE, message and hint, to pass on to the client as they are.
public struct PostgreSQLQueryError: Error, Sendable {
    public var sqlState: String
    public var message: String
    public var hint: String?
}

extension PostgreSQLSourceStorage {
    /// Runs one SELECT in PostgreSQL, in a transaction (read only once the query is planned) whose search_path is `schemas` (the schemas of
    /// the sources it names), with PostgreSQL's own semantics: the query text is PostgreSQL's to parse.
    ///
    /// The query becomes a temporary view first, which names and types its columns without running it; the rows
    /// are then read with every column cast to text (bool spelled `t`/`f` as its output function does). The
    /// transaction is rolled back, so the view never outlives the query. With `describeOnly`, no rows are read.
    /// A query that would read the catalog's tables is refused with 42501 (`CatalogQueryGuard`).
    public func runQuery(_ text: String, schemas: [String], describeOnly: Bool = false) async throws
        -> PostgreSQLQueryResult
    {
        if let refusal = CatalogQueryGuard.refusal(of: text) { throw refusal }
        var sql = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while sql.hasSuffix(";") { sql = String(sql.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
        let path = (schemas + ["public"]).map(PostgreSQLIdentifier.quote).joined(separator: ", ")
        let query = sql
        let logger = self.logger
        do {
            return try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                do {
                    let result = try await Self.readView(
                        query, path: path, describeOnly: describeOnly, on: connection, logger: logger)
                    try await connection.query("ROLLBACK", logger: logger)
                    return result
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        } catch let error as PSQLError {
            if let state = error.serverInfo?[.sqlState], let message = error.serverInfo?[.message] {
                throw PostgreSQLQueryError(sqlState: state, message: message, hint: error.serverInfo?[.hint])
            }
            throw PostgreSQLQueryError(
                sqlState: "08006", message: "PostgreSQL at \(url) cannot be reached (\(error.code))",
                hint: "check that the --storage database is up")
        }
    }

    private static func readView(
        _ sql: String, path: String, describeOnly: Bool, on connection: PostgresConnection, logger: Logger
    ) async throws -> PostgreSQLQueryResult {
        try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL search_path TO \(path)"), logger: logger)
        try await connection.query(
            PostgresQuery(unsafeSQL: "CREATE TEMPORARY VIEW inlet_query AS \(sql)"), logger: logger)
        // Creating the view plans the query without running it; from here on the transaction is read only.
        try await connection.query("SET TRANSACTION READ ONLY", logger: logger)
        let described = try await connection.query(
            """
            SELECT a.attname::text, a.atttypid::int4, format_type(a.atttypid, a.atttypmod), t.typlen::int2
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = 'pg_temp.inlet_query'::regclass AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """, logger: logger)
        var columns: [PostgreSQLQueryResult.Column] = []
        for try await (name, oid, typeName, size) in described.decode((String, Int32, String, Int16).self) {
            columns.append(.init(name: name, typeOID: oid, typeName: typeName, size: size))
        }
        guard !describeOnly, !columns.isEmpty else { return PostgreSQLQueryResult(columns: columns, rows: []) }
        let casts = columns.map { column in
            let name = PostgreSQLIdentifier.quote(column.name)
            return column.typeOID == 16
                ? "CASE WHEN \(name) THEN 't' WHEN NOT \(name) THEN 'f' END" : "\(name)::text"
        }
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT \(casts.joined(separator: ", ")) FROM pg_temp.inlet_query"),
            logger: logger)
        var result: [[String?]] = []
        for try await row in rows {
            result.append(row.map { cell in cell.bytes.map { String(buffer: $0) } })
        }
        return PostgreSQLQueryResult(columns: columns, rows: result)
    }
}
