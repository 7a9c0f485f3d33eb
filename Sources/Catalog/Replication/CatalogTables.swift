/// A SQLite value by its storage class: a value of a catalog table, or of a query's result.
public enum CatalogValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A column of a catalog table shared by replicas, with the one type its values are kept as.
public struct CatalogColumn: Hashable, Sendable {
    /// How a column's values are kept (and declared in an authority such as PostgreSQL).
    public enum Kind: Hashable, Sendable {
        case integer
        case real
        case text
        case blob
    }

    public var name: String
    public var kind: Kind
    /// Whether the column is part of the table's key (its primary key, or every column when it has none).
    public var isKey: Bool

    public init(name: String, kind: Kind, isKey: Bool) {
        self.name = name
        self.kind = kind
        self.isKey = isKey
    }

    /// `value` as this column keeps it, so that a value read back from an authority compares equal to the one
    /// stored (SQLite's type affinity may have stored `'5'` in a JSONB column as the integer 5).
    public func normalized(_ value: CatalogValue) -> CatalogValue {
        switch (kind, value) {
        case (_, .null): return .null
        case (.text, .integer(let number)): return .text(String(number))
        case (.text, .real(let number)): return .text(String(number))
        case (.text, .blob(let bytes)): return .text(String(decoding: bytes, as: UTF8.self))
        case (.integer, .text(let text)): return Int64(text).map { .integer($0) } ?? value
        case (.real, .integer(let number)): return .real(Double(number))
        default: return value
        }
    }
}

/// The rows of one catalog table shared by replicas.
public struct CatalogTable: Hashable, Sendable {
    public var name: String
    public var columns: [CatalogColumn]
    public var rows: [[CatalogValue]]

    public init(name: String, columns: [CatalogColumn], rows: [[CatalogValue]] = []) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }

    /// The positions of the key columns.
    public var keyPositions: [Int] { columns.indices.filter { columns[$0].isKey } }

    /// The key of `row`.
    public func key(of row: [CatalogValue]) -> [CatalogValue] { keyPositions.map { row[$0] } }
}

/// The catalog's definitions (secrets sealed, connections, sources, relations, views, pinned host keys and the id
/// sequence) as plain rows: what replicas on one PostgreSQL share, and the `version` of the authority they were
/// read at.
public struct CatalogTables: Hashable, Sendable {
    /// The authority's version these rows are (0: nothing stored yet).
    public var version: Int64
    public var tables: [CatalogTable]

    public init(version: Int64, tables: [CatalogTable]) {
        self.version = version
        self.tables = tables
    }

    /// What turns `old` into `self`, table by table, in `self`'s table order.
    public func changes(from old: CatalogTables) -> [CatalogTableChanges] {
        tables.map { table in
            let before = old.tables.first { $0.name == table.name }?.rows ?? []
            return CatalogTableChanges(table: table, from: before)
        }
    }
}

/// The rows of one table to delete (by key) and to insert or update, to turn one version into the next.
public struct CatalogTableChanges: Sendable {
    public var table: CatalogTable
    /// Keys of rows that are gone.
    public var deletedKeys: [[CatalogValue]]
    /// Rows that are new or whose non-key columns changed.
    public var upserted: [[CatalogValue]]
    /// The old rows that were deleted (by key), for callers that react to what went away.
    public var deletedRows: [[CatalogValue]]
    /// The upserted rows whose key is new.
    public var insertedRows: [[CatalogValue]]

    init(table: CatalogTable, from before: [[CatalogValue]]) {
        self.table = table
        var old: [[CatalogValue]: [CatalogValue]] = [:]
        for row in before { old[table.key(of: row)] = row }
        var newKeys: Set<[CatalogValue]> = []
        var upserted: [[CatalogValue]] = []
        var inserted: [[CatalogValue]] = []
        for row in table.rows {
            let key = table.key(of: row)
            newKeys.insert(key)
            switch old[key] {
            case nil:
                upserted.append(row)
                inserted.append(row)
            case let previous? where previous != row:
                upserted.append(row)
            default:
                break
            }
        }
        let deleted = before.filter { !newKeys.contains(table.key(of: $0)) }
        self.upserted = upserted
        self.insertedRows = inserted
        self.deletedRows = deleted
        self.deletedKeys = deleted.map { table.key(of: $0) }
    }

    public var isEmpty: Bool { deletedKeys.isEmpty && upserted.isEmpty }
}
