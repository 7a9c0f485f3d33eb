import Catalog
import NIOCore
import PostgresNIO
import SQL

/// The statements of the catalog in PostgreSQL: its tables in the shape of the SQLite catalog's shared tables, read
/// whole, and written as the changes from one version to the next.
extension PostgreSQLCatalogAuthority {
    func lock(_ connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
    }

    func execute(_ sql: String, on connection: PostgresConnection) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }

    func version(on connection: PostgresConnection) async throws -> Int64 {
        let rows = try await connection.query(
            "SELECT version FROM \(unescaped: PostgreSQLIdentifier.quote(Self.schema)).inlet_state", logger: logger)
        for try await version in rows.decode(Int64.self) { return version }
        return 0
    }

    func create(_ table: CatalogTable, on connection: PostgresConnection) async throws {
        let columns = table.columns.map { "\(PostgreSQLIdentifier.quote($0.name)) \(Self.type(of: $0.kind))" }
        let keys = table.keyPositions.map { PostgreSQLIdentifier.quote(table.columns[$0].name) }
        try await execute(
            "CREATE TABLE IF NOT EXISTS \(qualified(table)) (\(columns.joined(separator: ", ")), "
                + "PRIMARY KEY (\(keys.joined(separator: ", "))))", on: connection)
    }

    /// Refuses a database whose catalog tables have other columns than this Inlet's (another version wrote them).
    func checkColumns(_ shape: CatalogTables, on connection: PostgresConnection) async throws {
        let rows = try await connection.query(
            """
            SELECT table_name::text, column_name::text FROM information_schema.columns
            WHERE table_schema::text = \(Self.schema) ORDER BY table_name, ordinal_position
            """, logger: logger)
        var stored: [String: [String]] = [:]
        for try await (table, column) in rows.decode((String, String).self) {
            stored[table, default: []].append(column)
        }
        for table in shape.tables where stored[table.name] != table.columns.map(\.name) {
            throw SQLError(
                sqlState: "55000",
                message:
                    "the catalog table \(Self.schema).\(table.name) in \(url) has the columns \((stored[table.name] ?? []).joined(separator: ", ")), not \(table.columns.map(\.name).joined(separator: ", ")): another version of Inlet wrote it",
                hint: "run every replica of one database with the same Inlet version")
        }
    }

    func read(_ shape: CatalogTables, on connection: PostgresConnection) async throws -> CatalogTables {
        var result = CatalogTables(version: try await version(on: connection), tables: [])
        for var table in shape.tables {
            let list = table.columns.map { PostgreSQLIdentifier.quote($0.name) }.joined(separator: ", ")
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT \(list) FROM \(qualified(table))"), logger: logger)
            table.rows = []
            for try await row in rows {
                var values: [CatalogValue] = []
                for (cell, column) in zip(row, table.columns) { values.append(try Self.value(cell, column.kind)) }
                table.rows.append(values)
            }
            result.tables.append(table)
        }
        return result
    }

    /// Deletes what is gone and upserts what is new or changed.
    func store(_ changes: [CatalogTableChanges], on connection: PostgresConnection) async throws {
        for change in changes where !change.isEmpty {
            let table = change.table
            let names = table.columns.map { PostgreSQLIdentifier.quote($0.name) }
            let keys = table.keyPositions
            let condition = keys.enumerated().map { "\(names[$0.element]) IS NOT DISTINCT FROM $\($0.offset + 1)" }
            for key in change.deletedKeys {
                var bindings = PostgresBindings()
                for (value, position) in zip(key, keys) {
                    try Self.bind(value, table.columns[position].kind, &bindings)
                }
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "DELETE FROM \(qualified(table)) WHERE \(condition.joined(separator: " AND "))",
                        binds: bindings), logger: logger)
            }
            let others = table.columns.indices.filter { !table.columns[$0].isKey }.map { names[$0] }
            let conflict =
                others.isEmpty
                ? "ON CONFLICT DO NOTHING"
                : "ON CONFLICT (\(keys.map { names[$0] }.joined(separator: ", "))) DO UPDATE SET "
                    + others.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")
            let placeholders = names.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
            let sql =
                "INSERT INTO \(qualified(table)) (\(names.joined(separator: ", "))) VALUES (\(placeholders)) \(conflict)"
            for row in change.upserted {
                var bindings = PostgresBindings()
                for (value, column) in zip(row, table.columns) { try Self.bind(value, column.kind, &bindings) }
                try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
            }
        }
    }

    func qualified(_ table: CatalogTable) -> String {
        PostgreSQLIdentifier.quote(Self.schema) + "." + PostgreSQLIdentifier.quote(table.name)
    }

    static func type(of kind: CatalogColumn.Kind) -> String {
        switch kind {
        case .integer: return "int8"
        case .real: return "float8"
        case .text: return "text"
        case .blob: return "bytea"
        }
    }

    static func value(_ cell: PostgresCell, _ kind: CatalogColumn.Kind) throws -> CatalogValue {
        guard cell.bytes != nil else { return .null }
        switch kind {
        case .integer: return .integer(try cell.decode(Int64.self))
        case .real: return .real(try cell.decode(Double.self))
        case .text: return .text(try cell.decode(String.self))
        case .blob: return .blob(Array(try cell.decode(ByteBuffer.self).readableBytesView))
        }
    }

    static func bind(_ value: CatalogValue, _ kind: CatalogColumn.Kind, _ bindings: inout PostgresBindings)
        throws
    {
        switch (value, kind) {
        case (.null, _): bindings.appendNull()
        case (.integer(let number), .integer): bindings.append(number)
        case (.integer(let number), .real): bindings.append(Double(number))
        case (.real(let number), .real): bindings.append(number)
        case (.text(let text), .text): bindings.append(text)
        case (.blob(let bytes), .blob): bindings.append(ByteBuffer(bytes: bytes))
        case (.integer(let number), .text): bindings.append(String(number))
        case (.real(let number), .text): bindings.append(String(number))
        default: throw SQLError.internal("a catalog value of the wrong type for a \(kind) column: \(value)")
        }
    }
}
