import Foundation
import GRDB
import GRDBSQLite
import SQL

/// What a query may ask about the session that runs it (`current_user`).
public struct QueryContext: Sendable {
    public var user: String
    /// The session's variables by name, for `current_setting`.
    public var settings: [String: String]

    public init(user: String = "materialize", settings: [String: String] = [:]) {
        self.user = user
        self.settings = settings
    }
}

extension Catalog {
    /// Runs a query in the storage engine (SQLite) with text parameters (`nil` is NULL) and returns its rows in
    /// PostgreSQL text format with PostgreSQL column types, all of them.
    ///
    /// `columnTypes`, when given (the types an earlier `describeQuery` reported), fixes the result types so that
    /// an extended-protocol Execute answers exactly as its Describe said.
    public func runQuery(
        _ query: Query, parameters: [String?] = [], context: QueryContext = QueryContext(),
        columnTypes: [SQLType]? = nil
    ) async throws(SQLError) -> StatementResult {
        try await openQuery(query, parameters: parameters, context: context, columnTypes: columnTypes).collected()
    }

    /// Runs a query and returns its first `firstBatch` rows; when there are more, the result's `cursor` reads
    /// the rest on demand, with the statement kept open on its reading connection until the cursor ends.
    ///
    /// Columns the planner could not type are typed from the first batch. `timeout` (milliseconds,
    /// `statement_timeout`) stops the query, however far it got, with 57014; cancelling the calling task
    /// before the first batch is back stops it too.
    public func openQuery(
        _ query: Query, parameters: [String?] = [], context: QueryContext = QueryContext(),
        columnTypes: [SQLType]? = nil, firstBatch: Int = 1024, timeout: Int? = nil
    ) async throws(SQLError) -> StatementResult {
        let statement = try Self.parsedQuery(query.text)
        // Only when the planner cannot translate the query: the rewrite is a pass over the text per query.
        let rewritten = { @Sendable () throws(SQLError) -> String in
            try QueryRewriter.rewrite(query.text, context: context)
        }
        let cursor = QueryCursor(timeout: timeout)
        let result: Result<StatementResult, SQLError> = await withTaskCancellationHandler {
            await withCheckedContinuation {
                (continuation: CheckedContinuation<Result<StatementResult, SQLError>, Never>) in
                let once = ResumeOnce(continuation)
                database.asyncUnsafeRead { [self] connection in
                    do {
                        let db = try connection.get()
                        try attachSources(db, for: query.text)
                        try enforcingAuthorizer(db) {
                            let prepared = try prepare(
                                db, statement: statement, text: query.text, rewritten: rewritten, context: context,
                                parameterTypes: [])
                            try Self.open(
                                prepared, db: db, parameters: parameters, columnTypes: columnTypes,
                                firstBatch: firstBatch, cursor: cursor, answer: once.resume)
                        }
                    } catch {
                        once.resume(.failure(cursor.stopped ?? Self.sqlError(error)))
                    }
                    cursor.end()
                }
            }
        } onCancel: {
            cursor.cancel(SQLError.canceled)
        }
        return try result.get()
    }

    /// Binds and steps the prepared query: answers with the first batch, then serves the cursor when more rows
    /// follow. Runs on the reading connection's thread.
    private static func open(
        _ prepared: PreparedQuery, db: Database, parameters: [String?], columnTypes: [SQLType]?, firstBatch: Int,
        cursor: QueryCursor, answer: (Result<StatementResult, SQLError>) -> Void
    ) throws {
        let parameterCount = Int(sqlite3_bind_parameter_count(prepared.statement.sqliteStatement))
        guard parameters.count >= parameterCount else {
            throw SQLError(
                sqlState: "08P01",
                message:
                    "the query uses \(parameterCount) parameters but \(parameters.count) were bound; bind one value per $n"
            )
        }
        let arguments = StatementArguments(
            parameters.prefix(parameterCount).map { $0 as (any DatabaseValueConvertible)? })
        guard cursor.begin(on: db) else { throw cursor.stopped ?? SQLError.canceled }
        let rows = try Row.fetchCursor(prepared.statement, arguments: arguments)
        var first: [[CatalogValue]] = []
        while first.count < firstBatch, let row = try rows.next() {
            first.append((0..<row.count).map { storage(row[$0] as DatabaseValue) })
        }
        let names = prepared.names
        let types = (0..<names.count).map { column in
            if let columnTypes, columnTypes.count == names.count { return columnTypes[column] }
            return prepared.types[column]
                ?? (parameterCount == 0 ? PostgresTypeMapping.inferredType(values: first.map { $0[column] }) : .text)
        }
        let columns = zip(names, types).map { ResultColumn(name: $0, type: $1) }
        let text = first.map { row in row.enumerated().map { PostgresTypeMapping.text($1, as: types[$0]) } }
        guard first.count == firstBatch else {
            answer(.success(StatementResult(columns: columns, rows: text, commandTag: "SELECT \(text.count)")))
            return
        }
        do {
            // The handle goes to the caller only: when the caller drops it, the cursor closes and this thread
            // lets go of the connection.
            var result = StatementResult(columns: columns, rows: text, commandTag: "SELECT \(text.count)")
            result.cursor = QueryCursorHandle(cursor)
            answer(.success(result))
        }
        cursor.serve(
            rows,
            convert: { row in
                (0..<row.count).map { PostgresTypeMapping.text(storage(row[$0] as DatabaseValue), as: types[$0]) }
            },
            error: sqlError)
    }

    /// Runs `body` with the query authorizer enforcing, translating its refusals.
    private func enforcingAuthorizer(_ db: Database, _ body: () throws -> Void) throws {
        guard let authorizer = authorizers.authorizer(for: db) else {
            throw SQLError.internal("the reading connection has no query authorizer")
        }
        do {
            try authorizer.enforcing { try body() }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_AUTH {
            throw authorizer.denial ?? SQLError(sqlState: "42501", message: "permission denied")
        } catch let error as DatabaseError {
            if let denial = authorizer.denial { throw denial }
            throw error
        }
    }

    /// Any error of a query's read as the client sees it.
    static func sqlError(_ error: any Error) -> SQLError {
        switch error {
        case let error as SQLError: error
        case is CancellationError: SQLError.canceled
        case let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT: SQLError.canceled
        case let error as DatabaseError: queryError(error)
        default: SQLError.internal("the query failed: \(error)")
        }
    }

    /// The parameter and result types of a query, without returning its rows. A query the planner typed is
    /// described without running; otherwise columns without a declared type are typed from the values the
    /// query returns now when it takes no parameters (as `runQuery` does), and as text otherwise.
    public func describeQuery(
        _ query: Query, parameterTypes: [Int32] = [], context: QueryContext = QueryContext()
    ) async throws(SQLError) -> StatementDescription {
        let statement = try Self.parsedQuery(query.text)
        // Only when the planner cannot translate the query: the rewrite is a pass over the text per query.
        let rewritten = { @Sendable () throws(SQLError) -> String in
            try QueryRewriter.rewrite(query.text, context: context)
        }
        let declaredTypes = parameterTypes.map { $0 == 0 ? nil : Self.type(oid: $0) }
        let prepared = try await queryRead(query.text) { [self] db in
            let prepared = try prepare(
                db, statement: statement, text: query.text, rewritten: rewritten, context: context,
                parameterTypes: declaredTypes)
            return (
                prepared.names, prepared.types, prepared.parameterTypes,
                Int(sqlite3_bind_parameter_count(prepared.statement.sqliteStatement))
            )
        }
        let (names, declared, plannedParameters, parameterCount) = prepared
        var columns: [ResultColumn]
        if let plannedParameters {
            columns = zip(names, declared).map { ResultColumn(name: $0, type: $1 ?? .text) }
            let count = max(parameterCount, plannedParameters.count)
            let parameters = (0..<count).map { index -> SQLType in
                if index < declaredTypes.count, let type = declaredTypes[index] { return type }
                return index < plannedParameters.count ? plannedParameters[index] : .text
            }
            return StatementDescription(parameterTypes: parameters, columns: names.isEmpty ? [] : columns)
        }
        if parameterCount == 0, declared.contains(where: { $0 == nil }) {
            let result = try await openQuery(query, context: context)
            result.cursor?.close()
            columns = result.columns ?? []
        } else {
            // With parameters the query cannot run before Bind; SQLite declares no type for expressions, so
            // name the one whose type every client relies on: count(…) (named "count") is bigint, as in PostgreSQL.
            columns = zip(names, declared).map { name, type in
                ResultColumn(name: name, type: type ?? (name == "count" ? .int8 : .text))
            }
        }
        if names.isEmpty { columns = [] }
        let parameters = (0..<parameterCount).map { index -> SQLType in
            let declaredOID = index < parameterTypes.count ? parameterTypes[index] : 0
            return declaredOID == 0 ? .text : Self.type(oid: declaredOID)
        }
        return StatementDescription(parameterTypes: parameters, columns: columns)
    }

    static func type(oid: Int32) -> SQLType {
        knownTypes.first { $0.oid == oid } ?? SQLType(oid: oid, name: "oid \(oid)", size: -1)
    }

    static let knownTypes: [SQLType] = [
        .bool, .bytea, .int8, .int2, .int4, .text, .oid, .float8, .unknown, .textArray, .timestamp, .timestamptz,
        .numeric, .jsonb,
    ]

    /// Reads on GRDB's reader threads, so a long query does not hold one of the few cooperative threads. Outside a
    /// transaction, so the source files the query names can be attached first; a single statement still reads one
    /// consistent snapshot of every file. Views are planned through it too, as the queries that read them.
    func queryRead<T: Sendable>(
        _ text: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(SQLError) -> T {
        do {
            return try await database.unsafeRead { [self] db in
                try attachSources(db, for: text)
                guard let authorizer = authorizers.authorizer(for: db) else {
                    throw SQLError.internal("the reading connection has no query authorizer")
                }
                do {
                    return try authorizer.enforcing { try body(db) }
                } catch let error as DatabaseError where error.resultCode == .SQLITE_AUTH {
                    throw authorizer.denial ?? SQLError(sqlState: "42501", message: "permission denied")
                } catch let error as DatabaseError {
                    // A refusal inside a table-valued function surfaces as that function's error.
                    if let denial = authorizer.denial { throw denial }
                    throw error
                }
            }
        } catch let error as SQLError {
            throw error
        } catch is CancellationError {
            throw SQLError.canceled
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
            throw SQLError.canceled
        } catch let error as DatabaseError {
            throw Self.queryError(error)
        } catch {
            throw SQLError.internal("the query failed: \(error)")
        }
    }

    private static func prepareQuery(_ db: Database, sql: String) throws -> GRDB.Statement {
        let statement = try db.makeStatement(sql: sql)
        guard statement.isReadonly else {
            throw SQLError.featureNotSupported("only queries that read can run here; relations are read-only")
        }
        return statement
    }

    /// A query ready to run: planned with PostgreSQL's types when the planner translates it, else the token
    /// rewrite of its text with the types SQLite declares (nil for expressions).
    struct PreparedQuery {
        var statement: GRDB.Statement
        var names: [String]
        var types: [SQLType?]
        /// Set when the planner typed the query.
        var parameterTypes: [SQLType]?
        /// The planner's plan, when it planned the query.
        var planned: PlannedQuery?
    }

    func prepare(
        _ db: Database, statement parsed: SelectStatement?, text: String, rewritten: () throws(SQLError) -> String,
        context: QueryContext, parameterTypes: [SQLType?]
    ) throws -> PreparedQuery {
        let key = PlanCache.Key(
            text: text, user: context.user, settings: context.settings, parameterTypes: parameterTypes,
            generation: attachCache.currentGeneration)
        if parsed != nil, let planned = planCache.plan(for: key),
            let statement = try? Self.prepareQuery(db, sql: planned.sql)
        {
            return PreparedQuery(
                statement: statement, names: planned.columns.map(\.name), types: planned.columns.map(\.type),
                parameterTypes: planned.parameterTypes)
        }
        let prepared = try Self.prepare(
            db, statement: parsed, rewritten: rewritten, context: context, parameterTypes: parameterTypes,
            cache: attachCache)
        if let planned = prepared.planned { planCache.store(planned, for: key) }
        return prepared
    }

    /// The query's tree, or nil when the parser cannot read it (the rewrite path may still run it); a construct
    /// the parser refuses (0A000) is the answer, since the rewrite would answer it differently from PostgreSQL.
    static func parsedQuery(_ text: String) throws(SQLError) -> SelectStatement? {
        do {
            return try Parser.parseSelectStatement(text)
        } catch  where error.sqlState == "0A000" {
            throw error
        } catch {
            return nil
        }
    }

    static func prepare(
        _ db: Database, statement parsed: SelectStatement?, rewritten: () throws(SQLError) -> String,
        context: QueryContext, parameterTypes: [SQLType?], cache: AttachCache? = nil
    ) throws -> PreparedQuery {
        var planningError: QueryPlanningError?
        if let parsed {
            var resolver = CatalogRelationResolver(db: db, user: context.user)
            resolver.cache = cache
            var planner = QueryPlanner(
                resolver: resolver,
                context: PlanningContext(user: context.user, settings: context.settings),
                parameterTypes: parameterTypes)
            do {
                let planned = try planner.plan(parsed)
                // SQL the engine cannot prepare is the planner's shortcoming: the rewrite path still answers.
                if let statement = try? prepareQuery(db, sql: planned.sql) {
                    return PreparedQuery(
                        statement: statement, names: planned.columns.map(\.name), types: planned.columns.map(\.type),
                        parameterTypes: planned.parameterTypes, planned: planned)
                }
            } catch {
                // A relation the planner cannot type (a system view with computed columns) and constructs it
                // lacks go to the rewrite path; any other error is the query's own, reported as PostgreSQL does.
                // pg_catalog and information_schema exist for the planner only: the rewrite cannot answer them.
                guard (error.isUnsupported || error.sqlState == "42P01"), !resolver.log.namedCatalogRelation else {
                    throw SQLError(
                        sqlState: error.sqlState, message: error.message, position: error.position.position,
                        hint: error.hint)
                }
                planningError = error
            }
        }
        do {
            let statement = try prepareQuery(db, sql: try rewritten())
            let (names, types) = columns(of: statement)
            return PreparedQuery(statement: statement, names: names, types: types, parameterTypes: nil)
        } catch {
            // The planner's error names the problem as PostgreSQL would (an unknown column, a type mismatch);
            // an unsupported construct leaves the engine's own error.
            _ = planningError
            throw error
        }
    }

    private static func columns(of statement: GRDB.Statement) -> ([String], [SQLType?]) {
        let raw = statement.sqliteStatement
        var names: [String] = []
        var types: [SQLType?] = []
        for index in 0..<Int32(statement.columnCount) {
            let declared = sqlite3_column_decltype(raw, index).map { String(cString: $0) }
            let type = declared.flatMap(PostgresTypeMapping.type(declared:))
            names.append(columnName(String(cString: sqlite3_column_name(raw, index)), hasDeclaredType: declared != nil))
            types.append(type)
        }
        return (names, types)
    }

    /// PostgreSQL's column names: the name of a column or alias, the function's name for `f(…)`, else `?column?`.
    static func columnName(_ name: String, hasDeclaredType: Bool) -> String {
        if hasDeclaredType { return name }
        let isWord =
            name.first.map { $0 == "_" || $0.isLetter } == true
            && name.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
        if isWord { return name }
        if let paren = name.firstIndex(of: "("), name.hasSuffix(")") {
            let function = name[..<paren]
            if !function.isEmpty, function.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }) {
                return function.lowercased()
            }
        }
        return "?column?"
    }

    static func storage(_ value: DatabaseValue) -> CatalogValue {
        switch value.storage {
        case .null: return .null
        case .int64(let number): return .integer(number)
        case .double(let number): return .real(number)
        case .string(let text): return .text(text)
        case .blob(let data): return .blob(Array(data))
        }
    }

    /// A SQLite error as a PostgreSQL one; SQLite's messages name the problem ("no such table: x").
    static func queryError(_ error: DatabaseError) -> SQLError {
        let message = error.message ?? "SQLite error \(error.resultCode)"
        if let sqlState = PostgresFunctionErrors.sqlState(for: message) {
            return SQLError(sqlState: sqlState, message: message)
        }
        if message.hasPrefix("no such table") {
            return SQLError(
                sqlState: "42P01", message: message.replacingOccurrences(of: "no such table", with: "unknown relation"))
        }
        if message.hasPrefix("no such column") {
            return SQLError(
                sqlState: "42703", message: message.replacingOccurrences(of: "no such column", with: "unknown column"))
        }
        if message.hasPrefix("no such function") {
            return SQLError(
                sqlState: "42883",
                message: message.replacingOccurrences(of: "no such function", with: "unknown function"))
        }
        if message == "division by zero" {
            return SQLError(sqlState: "22012", message: message)
        }
        if message.hasPrefix("invalid regular expression") {
            return SQLError(sqlState: "2201B", message: message)
        }
        if message.hasPrefix("relation \""), message.hasSuffix("does not exist") {
            return SQLError(sqlState: "42P01", message: message)
        }
        if message.hasPrefix("type \"") || message.hasPrefix("role \""), message.hasSuffix("does not exist") {
            return SQLError(sqlState: "42704", message: message)
        }
        if message.hasPrefix("database \""), message.hasSuffix("does not exist") {
            return SQLError(sqlState: "3D000", message: message)
        }
        if message.hasPrefix("schema \""), message.hasSuffix("does not exist") {
            return SQLError(sqlState: "3F000", message: message)
        }
        if message.hasPrefix("invalid input syntax for type date") {
            return SQLError(sqlState: "22007", message: message)
        }
        if message.hasPrefix("date/time field value out of range") {
            return SQLError(sqlState: "22008", message: message)
        }
        if message.hasPrefix("malformed array literal") {
            return SQLError(sqlState: "22P02", message: message)
        }
        if message == "integer out of range" || message == "bigint out of range" || message == "smallint out of range"
            || message == "value out of range: overflow"
        {
            return SQLError(sqlState: "22003", message: message)
        }
        if message.contains("syntax error") || message.contains("incomplete input") {
            return SQLError(sqlState: "42601", message: message)
        }
        return SQLError(sqlState: "XX000", message: message)
    }
}
