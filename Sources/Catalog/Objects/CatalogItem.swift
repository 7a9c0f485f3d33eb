import Foundation
import GRDB
import SQL

/// What kind of catalog item a row is; items share one namespace, as in Materialize.
public enum ItemKind: String, Sendable, Hashable {
    case secret, connection, source, table, view

    var article: String { "a \(rawValue)" }

    /// The statement that lists items of this kind.
    var showCommand: String {
        switch self {
        case .secret: return "SHOW SECRETS"
        case .connection: return "SHOW CONNECTIONS"
        case .source: return "SHOW SOURCES"
        case .table: return "SHOW TABLES"
        case .view: return "SHOW VIEWS"
        }
    }
}

/// A row of `inlet_items`.
struct CatalogItem: Sendable {
    var id: String
    var name: String
    var kind: ItemKind
    var type: String?
    var options: [ConnectionOption]
    var definition: ConnectionDefinition?

    static func fetch(_ db: Database, name: String) throws -> CatalogItem? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM inlet_items WHERE name = ?", arguments: [name]) else {
            return nil
        }
        return try CatalogItem(row: row)
    }

    static func fetch(_ db: Database, id: String) throws -> CatalogItem? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM inlet_items WHERE id = ?", arguments: [id]) else {
            return nil
        }
        return try CatalogItem(row: row)
    }

    init(row: Row) throws {
        id = row["id"]
        name = row["name"]
        guard let kind = ItemKind(rawValue: row["kind"]) else {
            throw SQLError.internal("catalog item \(row["id"] as String? ?? "?") has an unknown kind")
        }
        self.kind = kind
        type = row["type"]
        let decoder = JSONDecoder()
        if let options: String = row["options"] {
            self.options = try decoder.decode([ConnectionOption].self, from: Data(options.utf8))
        } else {
            self.options = []
        }
        if let definition: String = row["definition"] {
            self.definition = try decoder.decode(ConnectionDefinition.self, from: Data(definition.utf8))
        }
    }

    var connectionType: ConnectionType? { type.flatMap(ConnectionType.init(rawValue:)) }

    /// A source's progress or errors relation: made and dropped with its source.
    var isSubsource: Bool { kind == .source && type != "kafka" }

    /// "connection kafka_conn (KAFKA)" style description for messages.
    var described: String {
        if let connectionType { return "\(connectionType.sqlName) connection \(name)" }
        return "\(kind.rawValue) \(name)"
    }
}
