import Catalog
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO
import SQL

/// The catalog's definitions in PostgreSQL, shared by every replica on one database (`inlet serve --storage`).
///
/// Schema `inlet_catalog` holds one table per shared catalog table (the same names and columns; sealed secrets and
/// SSH private keys stay sealed with the key file, as `bytea`) and `inlet_state`: the version every change bumps
/// and a key check sealed with the replicas' key file. A change holds a transaction-level advisory lock, so DDL on
/// two replicas runs one at a time, and ends with `NOTIFY inlet_catalog`.
public final class PostgreSQLCatalogAuthority: CatalogAuthority {
    public static let schema = "inlet_catalog"
    static let channel = "inlet_catalog"
    /// The advisory lock every change holds ("inlet" in ASCII).
    static let lockKey: Int64 = 0x69_6E_6C_65_74

    public let url: PostgreSQLStorageURL
    let logger: Logger

    public init(url: PostgreSQLStorageURL, logger: Logger = Logger(label: "inlet.catalog.postgresql")) {
        self.url = url
        self.logger = logger
    }

    public var description: String { url.description }

    public func prepare(
        shape: CatalogTables, keyCheck: @Sendable (Data?) throws(SQLError) -> Data?
    ) async throws(SQLError) {
        let schema = PostgreSQLIdentifier.quote(Self.schema)
        try await transaction("cannot prepare the catalog") { connection in
            try await self.lock(connection)
            try await self.execute("CREATE SCHEMA IF NOT EXISTS \(schema)", on: connection)
            try await self.execute(
                """
                CREATE TABLE IF NOT EXISTS \(schema).inlet_state (
                    singleton bool PRIMARY KEY DEFAULT true CHECK (singleton), version int8 NOT NULL, key_check bytea)
                """, on: connection)
            try await self.execute(
                "INSERT INTO \(schema).inlet_state (version) VALUES (0) ON CONFLICT DO NOTHING", on: connection)
            try await self.execute("CREATE SEQUENCE IF NOT EXISTS \(schema).inlet_replica_numbers", on: connection)
            for table in shape.tables { try await self.create(table, on: connection) }
            try await self.checkColumns(shape, on: connection)
            let rows = try await connection.query(
                "SELECT key_check FROM \(unescaped: schema).inlet_state", logger: self.logger)
            var stored: Data?
            for try await row in rows {
                stored = row.first?.bytes.map { Data($0.readableBytesView) }
            }
            if let check = try keyCheck(stored) {
                try await connection.query(
                    "UPDATE \(unescaped: schema).inlet_state SET key_check = \(ByteBuffer(bytes: check))",
                    logger: self.logger)
            }
        }
    }

    public func allocateReplicaNumber() async throws(SQLError) -> Int64 {
        try await withConnection("cannot allocate a replica id") { connection in
            let rows = try await connection.query(
                "SELECT nextval('\(unescaped: Self.schema).inlet_replica_numbers')", logger: self.logger)
            for try await number in rows.decode(Int64.self) { return number }
            throw SQLError.internal("nextval returned no row")
        }
    }

    public func storedVersion() async throws(SQLError) -> Int64 {
        try await withConnection("cannot read the catalog's version") { connection in
            try await self.version(on: connection)
        }
    }

    public func load(shape: CatalogTables) async throws(SQLError) -> CatalogTables {
        try await withConnection("cannot read the catalog") { connection in
            // One snapshot for the version and every table.
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            let tables = try await self.read(shape, on: connection)
            try await connection.query("COMMIT", logger: self.logger)
            return tables
        }
    }

    public func change<T: Sendable>(
        shape: CatalogTables, _ body: @Sendable (CatalogTables) async throws(SQLError) -> (T, CatalogTables?)
    ) async throws(SQLError) -> (T, CatalogTables?) {
        let outcome: Result<(T, CatalogTables?), SQLError> = try await transaction("cannot change the catalog") {
            connection in
            try await self.lock(connection)
            let current = try await self.read(shape, on: connection)
            let result: (T, CatalogTables?)
            do throws(SQLError) {
                result = try await body(current)
            } catch {
                return .failure(error)
            }
            guard let next = result.1 else { return .success(result) }
            try await self.store(next.changes(from: current), on: connection)
            try await connection.query(
                "UPDATE \(unescaped: PostgreSQLIdentifier.quote(Self.schema)).inlet_state SET version = \(next.version)",
                logger: self.logger)
            try await connection.query(
                PostgresQuery(unsafeSQL: "NOTIFY \(Self.channel), '\(next.version)'"), logger: self.logger)
            return .success(result)
        }
        return try outcome.get()
    }

    public func watch(every interval: Duration, _ changed: @escaping @Sendable () async -> Void) async {
        while !Task.isCancelled {
            do {
                try await withConnection("cannot listen for catalog changes") { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        // What changed before LISTEN took effect is read now.
                        await changed()
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask {
                                for try await _ in notifications { await changed() }
                            }
                            group.addTask {
                                while true {
                                    try await Task.sleep(for: interval)
                                    await changed()
                                }
                            }
                            _ = try await group.next()
                            group.cancelAll()
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("\(error); checking for catalog changes every \(interval) until it is back")
                await changed()
                try? await Task.sleep(for: interval)
            }
        }
    }

    // MARK: - Connections

    /// One connection of its own per call (DDL is rare; no pool needs to run before the server starts).
    private func withConnection<T: Sendable>(
        _ what: String, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws(SQLError) -> T {
        let configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database,
            tls: .disable)
        do {
            let connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration,
                id: Self.connectionIDs.next(), logger: logger)
            do {
                let value = try await body(connection)
                try? await connection.close()
                return value
            } catch {
                try? await connection.close()
                throw error
            }
        } catch {
            let cause = Self.cause(of: error)
            if let refusal = cause as? SQLError { throw refusal }
            throw SQLError(
                sqlState: "58000", message: "\(what) in \(url): \(PostgreSQLSourceStorage.describe(cause))",
                hint: "check that the --storage database is up and the user may create schema \(Self.schema)")
        }
    }

    private func transaction<T: Sendable>(
        _ what: String, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws(SQLError) -> T {
        try await withConnection(what) { connection in
            try await connection.withTransaction(logger: self.logger) { connection in try await body(connection) }
        }
    }

    /// The error behind postgres-nio's transaction error (the statement's, or COMMIT's).
    private static func cause(of error: any Error) -> any Error {
        guard let transaction = error as? PostgresTransactionError else { return error }
        return transaction.closureError ?? transaction.commitError ?? transaction.beginError ?? error
    }

    private static let connectionIDs = ConnectionIDs()
}

/// Ids for the authority's connections (postgres-nio's logs name them).
private final class ConnectionIDs: Sendable {
    private let counter = NIOLockedValueBox(0)

    func next() -> Int {
        counter.withLockedValue {
            $0 += 1; return $0
        }
    }
}
