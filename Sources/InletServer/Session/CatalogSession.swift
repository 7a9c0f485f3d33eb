import Catalog
import Foundation
import SQL

/// One client's session over the catalog: parses statements, runs DDL and SHOW against the catalog, keeps the
/// session's variables, and answers queries from the storage engine.
///
/// Safe to call from any task; one pgwire connection drives it one statement at a time.
public final class CatalogSession: SQLSession, @unchecked Sendable {
    let engine: InletEngine
    let lock = NSLock()
    private var variables: SessionVariables
    var inTransaction = false
    /// Cursors of DECLARE, by name.
    var cursors: [String: DeclaredCursor] = [:]
    /// The result types Describe reported, by statement text, so that Execute answers with the same types.
    var describedTypes: [String: [SQLType]] = [:]
    private var cachedQueryState: QueryState?

    init(engine: InletEngine, startupParameters: [String: String]) {
        self.engine = engine
        var variables = SessionVariables(serverVersion: engine.settings.serverVersion, user: startupParameters["user"])
        variables.applyStartup(startupParameters)
        self.variables = variables
    }

    private func withState<T>(_ body: (inout SessionVariables, inout Bool) throws(SQLError) -> T) throws(SQLError) -> T
    {
        lock.lock()
        defer { lock.unlock() }
        return try body(&variables, &inTransaction)
    }

    /// `I` when idle, `T` inside BEGIN … COMMIT: the ReadyForQuery status byte.
    public var transactionStatus: Character {
        lock.withLock { inTransaction ? "T" : "I" }
    }

    // MARK: - SQLSession

    public func executeSimple(_ sql: String, onResult: (StatementResult) async throws -> Void) async throws {
        let statements = try Parser.parse(sql)
        for parsed in statements {
            try await onResult(try await run(parsed.statement, parameters: []))
        }
    }

    public func describe(_ sql: String, parameterTypes: [Int32]) async throws -> StatementDescription {
        let parsed = try Parser.parseOne(sql)
        switch parsed.statement {
        case .query(let query):
            if let stored = try await engine.runInSourceStorage(query, parameters: [], describeOnly: true) {
                return StatementDescription(parameterTypes: [], columns: stored.columns)
            }
            let description = try await engine.catalog.describeQuery(
                query, parameterTypes: parameterTypes, context: queryContext)
            lock.withLock {
                if describedTypes.count >= 256 { describedTypes.removeAll() }
                describedTypes[query.text] = description.columns?.map(\.type)
            }
            return description
        case .showSecrets(_):
            return StatementDescription(parameterTypes: [], columns: [ResultColumn(name: "name", type: .text)])
        case .showConnections(_):
            return StatementDescription(
                parameterTypes: [],
                columns: [ResultColumn(name: "name", type: .text), ResultColumn(name: "type", type: .text)])
        case .showCreateConnection:
            return StatementDescription(
                parameterTypes: [],
                columns: [ResultColumn(name: "name", type: .text), ResultColumn(name: "create_sql", type: .text)])
        case .showVariable(let name?):
            _ = try withState { variables, _ throws(SQLError) in try variables.definition(name) }
            return StatementDescription(
                parameterTypes: [], columns: [ResultColumn(name: name.lowercased(), type: .text)])
        case .showVariable(nil):
            return StatementDescription(parameterTypes: [], columns: Self.showAllColumns)
        case .cursor(.fetch(let name, _, _)):
            return StatementDescription(parameterTypes: [], columns: try cursorColumns(name))
        case .subscribe(let subscribe):
            return try await describeSubscribe(subscribe)
        default:
            return StatementDescription(parameterTypes: [], columns: nil)
        }
    }

    public func execute(_ sql: String, parameters: [String?]) async throws -> StatementResult {
        let parsed = try Parser.parseOne(sql)
        return try await run(parsed.statement, parameters: parameters)
    }

    public func describeCursor(_ name: String) async throws -> [ResultColumn] {
        guard let columns = lock.withLock({ cursors[name]?.columns }) else {
            throw SQLError(sqlState: "34000", message: "portal \"\(name)\" does not exist")
        }
        return columns
    }

    public func parameterStatus() async -> [(name: String, value: String)] {
        lock.withLock { variables.reported }
    }

    var queryContext: QueryContext { queryState.context }

    /// What every query takes from the variables, worked out once per change of them rather than per query.
    private var queryState: QueryState {
        lock.withLock {
            if let cached = cachedQueryState, cached.generation == variables.generation { return cached }
            var settings: [String: String] = [:]
            for row in variables.all { if let name = row[0], let value = row[1] { settings[name] = value } }
            let context = QueryContext(
                user: (try? variables.value("session_authorization")) ?? "materialize", settings: settings)
            let setting = (try? variables.value("statement_timeout")) ?? "0"
            let timeout = StatementTimeout.milliseconds(setting).flatMap { $0 > 0 ? $0 : nil }
            let state = QueryState(generation: variables.generation, context: context, timeout: timeout)
            cachedQueryState = state
            return state
        }
    }

    // MARK: - Statements

    static let showAllColumns = [
        ResultColumn(name: "name", type: .text), ResultColumn(name: "setting", type: .text),
        ResultColumn(name: "description", type: .text),
    ]

    func run(_ statement: Statement, parameters: [String?]) async throws(SQLError) -> StatementResult {
        switch statement {
        case .empty:
            return .command("")
        case .query(let query):
            if let stored = try await engine.runInSourceStorage(query, parameters: parameters) { return stored }
            let types = lock.withLock { describedTypes[query.text] }
            return try await engine.catalog.openQuery(
                query, parameters: parameters, context: queryContext, columnTypes: types, timeout: statementTimeout)
        case .copyTo(let copy) where copy.subscribe != nil:
            return try await runCopySubscribe(copy)
        case .subscribe(let subscribe):
            return try await runSubscribe(subscribe)
        case .copyTo(let copy):
            var result = try await engine.catalog.openQuery(
                copy.query, context: queryContext, timeout: statementTimeout)
            result.copy = copy
            result.commandTag = "COPY \(result.rows.count)"
            return result
        case .cursor(let command):
            return try await runCursor(command)
        case .setVariable(let set):
            if set.name == "transaction" { return .command("SET") }
            if set.name == "statement_timeout", let value = set.value, StatementTimeout.milliseconds(value) == nil {
                throw SQLError(
                    sqlState: "22023", message: "invalid value for parameter \"statement_timeout\": \"\(value)\"",
                    hint: "Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".")
            }
            try withState { variables, _ throws(SQLError) in try variables.set(set.name, to: set.value) }
            return .command("SET")
        case .resetVariable(let name):
            try withState { variables, _ throws(SQLError) in
                if let name {
                    try variables.set(name, to: nil)
                } else {
                    for definition in variables.definitions where definition.settable {
                        try variables.set(definition.name, to: nil)
                    }
                }
            }
            return .command("RESET")
        case .showVariable(let name?):
            let value = try withState { variables, _ throws(SQLError) in try variables.value(name) }
            return StatementResult(
                columns: [ResultColumn(name: name.lowercased(), type: .text)], rows: [[value]], commandTag: "SHOW")
        case .showVariable(nil):
            let rows = try withState { variables, _ throws(SQLError) in variables.all }
            return StatementResult(columns: Self.showAllColumns, rows: rows, commandTag: "SHOW")
        case .transaction(let command) where command.isSavepoint:
            // Queries cannot write and DDL is refused inside a transaction, so a savepoint has nothing to keep.
            guard lock.withLock({ inTransaction }) else {
                let what = command.commandTag == "ROLLBACK" ? "ROLLBACK TO SAVEPOINT" : command.commandTag
                throw SQLError(
                    sqlState: "25P01",
                    message: "\(what)\(what == "RELEASE" ? " SAVEPOINT" : "") can only be used in transaction blocks")
            }
            var result = StatementResult.command(command.commandTag)
            if case .rollbackTo = command { result.keepsTransaction = true }
            return result
        case .transaction(let command):
            if command != .begin { closeCursors(keepingHeld: true) }
            // PostgreSQL's warnings, with their SQLSTATEs (active_sql_transaction, no_active_sql_transaction).
            let notice: StatementNotice? = try withState { _, inTransaction throws(SQLError) in
                defer { inTransaction = command == .begin }
                switch (command, inTransaction) {
                case (.begin, true): return .warning("there is already a transaction in progress", sqlState: "25001")
                case (.commit, false), (.rollback, false):
                    return .warning("there is no transaction in progress", sqlState: "25P01")
                default: return nil
                }
            }
            return .command(command.commandTag, notices: notice.map { [$0] } ?? [])
        default:
            // Each DDL statement commits by itself; inside BEGIN … it would outlive a ROLLBACK, so it is refused
            // there, as Materialize does.
            if statement.isDDL, lock.withLock({ inTransaction }) {
                throw SQLError(
                    sqlState: "25001", message: "\(statement.commandTag) cannot be run inside a transaction block",
                    hint: "run it outside BEGIN … COMMIT; each such statement commits by itself")
            }
            // DDL checks names against the copy first: take in what other replicas stored.
            if statement.isDDL { await engine.refreshCatalog() }
            var result = try await engine.catalog.execute(statement)
            await engine.catalogChanged(by: statement)
            if result.columns != nil, result.commandTag.hasPrefix("SELECT"), statement.commandTag == "SHOW" {
                result.commandTag = "SHOW"
            }
            return result
        }
    }

    /// The session's `statement_timeout` in milliseconds (nil: none). The query's cursor enforces it for as long
    /// as the query runs, streaming included, and stops it with 57014, as PostgreSQL does.
    /// `statement_timeout` in milliseconds; nil when it is off (0).
    var statementTimeout: Int? { queryState.timeout }
}

/// A session's query context and statement timeout as of one generation of its variables.
struct QueryState {
    var generation: Int
    var context: QueryContext
    var timeout: Int?
}

/// `statement_timeout`'s values: an integer of milliseconds or a number with a unit, as PostgreSQL takes them.
enum StatementTimeout {
    static func milliseconds(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = trimmed.prefix { $0.isNumber }
        guard let number = Int(digits), number >= 0 else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        switch unit {
        case "", "ms": return number
        case "us": return number / 1000
        case "s": return number * 1000
        case "min": return number * 60_000
        case "h": return number * 3_600_000
        case "d": return number * 86_400_000
        default: return nil
        }
    }
}
