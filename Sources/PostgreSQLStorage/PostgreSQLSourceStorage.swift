import Logging
import PostgresNIO
import ServiceLifecycle
import Storage

/// Source relations in a PostgreSQL database (`inlet serve --storage postgresql://…`): one schema per source,
/// `inlet_<source id>`, holding its relations under their own names, their errors relations, the progress
/// relation and the `inlet_offsets` and `inlet_topic` tables.
///
/// It is a `Service`: its connection pool runs while the server runs, so add it to the `ServiceGroup` before the
/// sources (services stop in reverse order, so the sources stop before the pool does).
public final class PostgreSQLSourceStorage: SourceStorage, Service {
    public let url: PostgreSQLStorageURL
    let client: PostgresClient
    let logger: Logger
    /// Called inside every commit's transaction once the fence has passed (tests order two writers with it).
    let afterFence: (@Sendable (String) async -> Void)?

    public init(
        url: PostgreSQLStorageURL, logger: Logger = Logger(label: "inlet.storage.postgresql"),
        afterFence: (@Sendable (String) async -> Void)? = nil
    ) {
        self.url = url
        self.logger = logger
        self.afterFence = afterFence
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database,
            tls: .disable)
        configuration.options.maximumConnections = 32
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// Runs the connection pool until the task is cancelled or the service group shuts down.
    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.client.run() }
    }

    /// The store of a source. It does not connect yet: the runtime prepares the relations at the start of every run,
    /// so a database that is down stalls the source (and it retries) instead of failing CREATE SOURCE.
    public func store(for layout: SourceLayout) async throws(StorageError) -> any SourceStore {
        PostgreSQLSourceStore(storage: self, sourceID: layout.sourceID)
    }

    /// A store of source `sourceID` whose relations are prepared by the caller (tests, tools).
    public func openStore(sourceID: String) -> PostgreSQLSourceStore {
        PostgreSQLSourceStore(storage: self, sourceID: sourceID)
    }

    public func removeStore(sourceID: String) async throws(StorageError) {
        let schema = PostgreSQLIdentifier.schema(forSource: sourceID)
        try await run("cannot drop the relations of source \(sourceID)") { connection in
            _ = try await connection.query(
                PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(PostgreSQLIdentifier.quote(schema)) CASCADE"),
                logger: self.logger)
        }
    }

    /// Runs `body` on a pooled connection in one transaction; failures become a `StorageError` that starts with
    /// `what`.
    func transaction<T: Sendable>(
        _ what: String, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws(StorageError) -> T {
        try await run(what) { connection in
            try await connection.query("BEGIN", logger: self.logger)
            do {
                let value = try await body(connection)
                try await connection.query("COMMIT", logger: self.logger)
                return value
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: self.logger)
                throw error
            }
        }
    }

    func run<T: Sendable>(
        _ what: String, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws(StorageError) -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError("\(what) in \(url): \(Self.describe(error))")
        }
    }

    /// The server's message and SQLSTATE (postgres-nio's own description hides them).
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return message + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
            }
            return "\(error.code)"
        }
        return "\(error)"
    }
}
