import Foundation
import GRDB
import GRDBSQLite
import SQL

/// SQLite's authorizer (`sqlite3_set_authorizer`) on the catalog's reading connections, enforced while a client's
/// query compiles and runs: the query may read relations, never the tables that hold sealed secrets and private
/// keys, and never write.
///
/// SQLite asks the authorizer about every table and column a statement touches, however it is spelled (a string
/// literal where a table name goes, a quoted name, a subquery, a CTE, a view, a table-valued pragma), so no
/// spelling gets past it the way one gets past a look at the query's tokens.
///
/// The authorizer replaces GRDB's on reader connections only (GRDB uses its own to observe writes and schema
/// changes, which readers do not make); the engine's own reads and `ATTACH`es run with it switched off.
final class QueryAuthorizer: @unchecked Sendable {
    /// Tables that hold sealed secrets and keys, with what they hold; the system relations show what may be shown.
    static let protectedTables: [String: String] = [
        "inlet_secret_values": "sealed secrets",
        "inlet_ssh_keys": "SSH private keys",
    ]

    /// The columns of protected tables that the engine's own views show (`mz_ssh_tunnel_connections`: public
    /// keys); every other column (the sealed ones) no query reads at all.
    ///
    /// SQLite names a CTE where it names a view, so a CTE called like an engine view reaches exactly these public
    /// columns and nothing more.
    static let publicColumns: [String: Set<String>] = ["inlet_ssh_keys": ["connection_id", "slot", "public_key"]]

    /// The schema tables: compiling a table-valued pragma reports updates of them, and the reading connection is
    /// read-only anyway.
    static let schemaTables: Set<String> = ["sqlite_master", "sqlite_temp_master", "sqlite_schema"]

    /// Virtual tables that would expose what no relation shows: raw pages, or the SQL of the connection's other
    /// statements.
    static let refusedVirtualTables: [String: String] = [
        "sqlite_dbpage": "the database's raw pages", "sqlite_stmt": "the connection's other statements",
    ]

    /// Functions a query may not call: loading code, or reading and writing files.
    static let refusedFunctions: Set<String> = ["load_extension", "fts3_tokenizer", "readfile", "writefile", "edit"]

    /// Pragmas that only describe the schema or the engine (also as table-valued functions: `pragma_table_info`).
    static let readablePragmas: Set<String> = [
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
        "database_list", "collation_list", "function_list", "module_list", "pragma_list", "compile_options",
    ]

    /// The engine's own views (from the catalog schema): the only ones that may read protected tables' public columns
    /// (`mz_ssh_tunnel_connections` shows public keys).
    let engineViews: Set<String>

    private(set) var isEnforcing = false
    /// The first refusal of the statement being compiled or run, reported instead of SQLite's "not authorized".
    private(set) var denial: SQLError?

    init(engineViews: Set<String>) {
        self.engineViews = engineViews
    }

    /// Runs `body` (compiling and running a client's query) with the authorizer enforced.
    func enforcing<T>(_ body: () throws -> T) rethrows -> T {
        denial = nil
        isEnforcing = true
        defer { isEnforcing = false }
        return try body()
    }

    /// Registers the authorizer on `db`'s connection; `self` must outlive the connection (the registry keeps it).
    func install(on db: Database) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_set_authorizer(
            db.sqliteConnection,
            { context, action, first, second, _, view in
                let authorizer = Unmanaged<QueryAuthorizer>.fromOpaque(context!).takeUnretainedValue()
                // The engine's own statements pass without a look (and without copying the names).
                guard authorizer.isEnforcing else { return SQLITE_OK }
                return authorizer.authorize(
                    action, first.map { String(cString: $0) }, second.map { String(cString: $0) },
                    view.map { String(cString: $0) })
            },
            context)
    }

    private func authorize(_ action: Int32, _ first: String?, _ second: String?, _ view: String?) -> Int32 {
        guard let refusal = refusal(action: action, first, second, view: view) else { return SQLITE_OK }
        if denial == nil { denial = refusal }
        return SQLITE_DENY
    }

    /// Why a client's query may not perform `action` (SQLite's authorizer arguments), or nil when it may.
    func refusal(action: Int32, _ first: String?, _ second: String?, view: String?) -> SQLError? {
        switch action {
        case SQLITE_SELECT, SQLITE_RECURSIVE:
            return nil
        case SQLITE_READ:
            let table = (first ?? "").lowercased()
            if let holding = Self.refusedVirtualTables[table] {
                return Self.denied(relation: table, holding: holding)
            }
            guard let holding = Self.protectedTables[table] else { return nil }
            let column = (second ?? "").lowercased()
            let readByEngineView = view.map { engineViews.contains($0) } ?? false
            if readByEngineView, Self.publicColumns[table]?.contains(column) == true { return nil }
            return Self.denied(relation: table, holding: holding)
        case SQLITE_UPDATE where Self.schemaTables.contains((first ?? "").lowercased()):
            return nil
        case SQLITE_FUNCTION:
            let name = (second ?? "").lowercased()
            guard Self.refusedFunctions.contains(name) else { return nil }
            return SQLError(sqlState: "42501", message: "permission denied for function \(name)")
        case SQLITE_PRAGMA:
            let pragma = (first ?? "").lowercased()
            guard Self.readablePragmas.contains(pragma) else {
                return SQLError(
                    sqlState: "42501", message: "permission denied for PRAGMA \(pragma); queries only read relations")
            }
            if let argument = second?.lowercased(), let holding = Self.protectedTables[argument] {
                return Self.denied(relation: argument, holding: holding)
            }
            return nil
        default:
            return SQLError(
                sqlState: "42501",
                message: "permission denied: a query cannot \(Self.describe(action: action, first)); "
                    + "relations are read-only and the catalog changes only through Inlet's statements",
                hint: "data arrives from Kafka through sources; objects change with CREATE, ALTER and DROP")
        }
    }

    static func denied(relation: String, holding: String) -> SQLError {
        SQLError(
            sqlState: "42501", message: "permission denied for relation \(relation); it holds \(holding)",
            hint: "query mz_secrets or mz_ssh_tunnel_connections instead")
    }

    /// What a refused action does, in the words of the SQL that asks for it.
    static func describe(action: Int32, _ first: String?) -> String {
        let object = first.map { " \($0)" } ?? ""
        switch action {
        case SQLITE_INSERT: return "INSERT into\(object)"
        case SQLITE_UPDATE: return "UPDATE\(object)"
        case SQLITE_DELETE: return "DELETE from\(object)"
        case SQLITE_ATTACH: return "ATTACH a database"
        case SQLITE_DETACH: return "DETACH a database"
        case SQLITE_TRANSACTION, SQLITE_SAVEPOINT: return "control transactions"
        case SQLITE_ALTER_TABLE: return "ALTER a table"
        case SQLITE_REINDEX, SQLITE_ANALYZE: return "maintain indexes"
        case SQLITE_CREATE_INDEX, SQLITE_CREATE_TABLE, SQLITE_CREATE_TEMP_INDEX, SQLITE_CREATE_TEMP_TABLE,
            SQLITE_CREATE_TEMP_TRIGGER, SQLITE_CREATE_TEMP_VIEW, SQLITE_CREATE_TRIGGER, SQLITE_CREATE_VIEW,
            SQLITE_CREATE_VTABLE:
            return "CREATE\(object)"
        case SQLITE_DROP_INDEX, SQLITE_DROP_TABLE, SQLITE_DROP_TEMP_INDEX, SQLITE_DROP_TEMP_TABLE,
            SQLITE_DROP_TEMP_TRIGGER, SQLITE_DROP_TEMP_VIEW, SQLITE_DROP_TRIGGER, SQLITE_DROP_VIEW,
            SQLITE_DROP_VTABLE:
            return "DROP\(object)"
        default: return "perform SQLite action \(action)"
        }
    }
}

/// The authorizer of each reading connection, found again by the connection's handle when a query runs.
final class QueryAuthorizers: @unchecked Sendable {
    private let lock = NSLock()
    private var byConnection: [UInt: QueryAuthorizer] = [:]
    let engineViews: Set<String>

    init(engineViews: Set<String>) {
        self.engineViews = engineViews
    }

    /// Installs a new authorizer on a freshly opened connection (a handle reused after a close gets a new one).
    func install(on db: Database) {
        guard let handle = db.sqliteConnection else { return }
        let authorizer = QueryAuthorizer(engineViews: engineViews)
        lock.withLock { byConnection[UInt(bitPattern: handle)] = authorizer }
        authorizer.install(on: db)
    }

    func authorizer(for db: Database) -> QueryAuthorizer? {
        guard let handle = db.sqliteConnection else { return nil }
        return lock.withLock { byConnection[UInt(bitPattern: handle)] }
    }
}
