import Foundation
import GRDB
import SQL

extension Catalog {
    /// The catalog tables every replica shares, each before the tables that refer to it. Statuses, statistics,
    /// PrivateLink endpoint states and settings stay each replica's own.
    static let sharedTableNames = [
        "inlet_id_sequence", "inlet_items", "inlet_secret_values", "inlet_ssh_keys", "inlet_dependencies",
        "inlet_kafka_connections", "inlet_sources", "inlet_kafka_sources", "inlet_relations", "inlet_relation_columns",
        "inlet_views", "inlet_view_columns", "inlet_ssh_host_keys",
    ]

    /// The key of `inlet_settings` holding the authority's version the local copy is at.
    static let versionSetting = "catalog_version"

    /// The shared tables of the local copy, with their rows unless `rows` is false.
    static func sharedTables(_ db: Database, rows: Bool = true) throws -> CatalogTables {
        var tables: [CatalogTable] = []
        for name in sharedTableNames {
            let info = try Row.fetchAll(db, sql: "PRAGMA table_info(\(name))")
            let hasKey = info.contains { ($0["pk"] as Int) > 0 }
            let columns = info.map { column in
                CatalogColumn(
                    name: column["name"], kind: kind(declared: column["type"]),
                    isKey: !hasKey || (column["pk"] as Int) > 0)
            }
            var table = CatalogTable(name: name, columns: columns)
            if rows {
                let list = columns.map { SQLText.identifier($0.name) }.joined(separator: ", ")
                table.rows = try Row.fetchAll(db, sql: "SELECT \(list) FROM \(name)").map { row in
                    columns.indices.map { columns[$0].normalized(storage(row[$0])) }
                }
            }
            tables.append(table)
        }
        return CatalogTables(version: try localVersion(db), tables: tables)
    }

    static func localVersion(_ db: Database) throws -> Int64 {
        let text = try String.fetchOne(
            db, sql: "SELECT value FROM inlet_settings WHERE key = ?", arguments: [versionSetting])
        return text.flatMap { Int64($0) } ?? 0
    }

    /// Brings the local copy to `stored` when it is newer than the copy: deletes what is gone (children first),
    /// then inserts or updates what is new (parents first), so the replica's own rows that refer to an item that
    /// stays (statistics, statuses) are kept. A source that appears is `created`, one that goes is `dropped`.
    func apply(_ stored: CatalogTables, to db: Database) throws -> CatalogRefresh? {
        let local = try Self.sharedTables(db)
        guard stored.version > local.version else { return nil }
        let changes = stored.changes(from: local)
        for change in changes.reversed() {
            let table = change.table
            let condition = table.keyPositions.map { "\(SQLText.identifier(table.columns[$0].name)) IS ?" }
            for key in change.deletedKeys {
                try db.execute(
                    sql: "DELETE FROM \(table.name) WHERE \(condition.joined(separator: " AND "))",
                    arguments: StatementArguments(key.map(Self.databaseValue)))
            }
        }
        for change in changes {
            for row in change.upserted {
                try db.execute(
                    sql: Self.upsert(change.table), arguments: StatementArguments(row.map(Self.databaseValue)))
            }
        }
        var refresh = CatalogRefresh(version: stored.version)
        if let items = changes.first(where: { $0.table.name == "inlet_items" }) {
            let column = { (name: String) in items.table.columns.firstIndex { $0.name == name } ?? 0 }
            let (id, name, kind, type) = (column("id"), column("name"), column("kind"), column("type"))
            for row in items.insertedRows where row[kind] == .text("source") && row[type] == .text("kafka") {
                if case .text(let source) = row[id] {
                    try recordStatus(db, id: source, status: "created", error: nil, details: nil)
                }
            }
            for row in items.deletedRows {
                if row[kind] == .text("source"), case .text(let source) = row[id] {
                    try recordStatus(db, id: source, status: "dropped", error: nil, details: nil)
                    if row[type] == .text("kafka"), case .text(let sourceName) = row[name] {
                        refresh.droppedSources.append(sourceName)
                    }
                }
                if row[kind] == .text("connection"), case .text(let connection) = row[name] {
                    refresh.droppedConnections.append(connection)
                }
            }
        }
        try db.execute(
            sql: "INSERT OR REPLACE INTO inlet_settings (key, value) VALUES (?, ?)",
            arguments: [Self.versionSetting, String(stored.version)])
        return refresh
    }

    /// `INSERT … ON CONFLICT (key) DO UPDATE`: an update keeps the row, so nothing that cascades from it is lost.
    private static func upsert(_ table: CatalogTable) -> String {
        let names = table.columns.map { SQLText.identifier($0.name) }
        let insert =
            "INSERT INTO \(table.name) (\(names.joined(separator: ", "))) VALUES "
            + "(\(Array(repeating: "?", count: names.count).joined(separator: ", ")))"
        let keys = table.keyPositions.map { names[$0] }
        let others = table.columns.indices.filter { !table.columns[$0].isKey }.map { names[$0] }
        guard keys.count < names.count else { return insert }
        return insert + " ON CONFLICT (\(keys.joined(separator: ", "))) DO UPDATE SET "
            + others.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
    }

    /// How a column declared with a PostgreSQL type name keeps its values.
    private static func kind(declared: String) -> CatalogColumn.Kind {
        let type = declared.uppercased()
        if type.contains("INT") || type == "OID" || type == "BOOL" { return .integer }
        if type.contains("BLOB") { return .blob }
        if type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB") { return .real }
        return .text
    }

    private static func databaseValue(_ value: CatalogValue) -> DatabaseValue {
        switch value {
        case .null: return .null
        case .integer(let number): return number.databaseValue
        case .real(let number): return number.databaseValue
        case .text(let text): return text.databaseValue
        case .blob(let bytes): return Data(bytes).databaseValue
        }
    }
}

/// What a replica's copy of the catalog took in from the authority.
public struct CatalogRefresh: Sendable, Hashable {
    /// The authority's version the copy is at now.
    public var version: Int64
    /// The names of connections that were dropped (their SSH tunnels go with them).
    public var droppedConnections: [String] = []
    /// The names of Kafka sources that were dropped (their runtimes stop).
    public var droppedSources: [String] = []

    public init(version: Int64, droppedConnections: [String] = [], droppedSources: [String] = []) {
        self.version = version
        self.droppedConnections = droppedConnections
        self.droppedSources = droppedSources
    }
}
