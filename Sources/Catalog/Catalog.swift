import Foundation
import GRDB
import SQL

/// Inlet's catalog: secrets and connections (and later sources) persisted in SQLite in the data directory,
/// with the system relations (`mz_connections`, …) that clients query.
///
/// One catalog serves every client session; SQLite serializes writers, and every DDL statement runs in one
/// transaction, so a failed statement leaves nothing behind. Secret values and SSH private keys are sealed by
/// the `SecretVault` and never appear in relations, messages or logs.
public final class Catalog: Sendable {
    public static let databaseFileName = "catalog.sqlite"

    /// The SQLite database holding the catalog; the storage engine's relations may live beside it.
    public let database: DatabasePool
    public let configuration: CatalogConfiguration
    /// Where the catalog, the secrets key and the sources' databases live.
    public let dataDirectory: URL
    let vault: SecretVault
    /// The authorizer of each reading connection, enforced while a client's query runs (see `QueryAuthorizer`).
    let authorizers: QueryAuthorizers
    /// Which source files the reading connections have attached, valid until the next catalog write.
    let attachCache = AttachCache()
    /// Plans by query text, valid until the next catalog write.
    let planCache = PlanCache()

    /// Opens (or creates) the catalog in `dataDirectory`, creating the directory and the secrets key file.
    public init(dataDirectory: URL, configuration: CatalogConfiguration = CatalogConfiguration()) throws(SQLError) {
        self.configuration = configuration
        self.dataDirectory = dataDirectory
        do {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw SQLError.internal(
                "cannot create the data directory \(dataDirectory.path): \(error.localizedDescription)")
        }
        vault = try SecretVault(directory: dataDirectory)
        let path = dataDirectory.appendingPathComponent(Self.databaseFileName).path
        do {
            var grdb = Configuration()
            grdb.foreignKeysEnabled = true
            grdb.label = "inlet.catalog"
            grdb.busyMode = .timeout(10)
            let serverVersion = configuration.serverVersion
            let authorizers = QueryAuthorizers(engineViews: CatalogSchema.engineViews)
            self.authorizers = authorizers
            grdb.prepareDatabase { db in
                PostgresFunctions.install(in: db, serverVersion: serverVersion)
                // Clients' queries run on the pool's readers; the writer keeps GRDB's own authorizer.
                if db.configuration.readonly { authorizers.install(on: db) }
            }
            // A cursor (a suspended portal, a DECLAREd cursor, a streaming result) holds its reader while open.
            grdb.maximumReaderCount = 16
            database = try DatabasePool(path: path, configuration: grdb)
            try CatalogSchema.migrator().migrate(database)
            try database.write { db in
                try db.execute(
                    sql:
                        "INSERT OR REPLACE INTO inlet_settings (key, value) VALUES ('aws_account_id', ?), ('role_prefix', ?)",
                    arguments: [configuration.awsAccountID, configuration.rolePrefix])
            }
        } catch {
            throw SQLError.internal("cannot open the catalog database \(path): \(error)")
        }
    }

    /// Runs `body` in one write transaction; any error rolls everything back.
    func write<T>(_ body: (Database) throws -> T) throws(SQLError) -> T {
        do {
            defer { attachCache.invalidate() }
            return try database.write { db in try body(db) }
        } catch let error as SQLError {
            throw error
        } catch {
            throw SQLError.internal("the catalog could not be updated: \(Self.describe(error))")
        }
    }

    /// Runs `body` in one write transaction without blocking the caller's thread; any error rolls it back.
    ///
    /// `changesRelations: false` is for the runtime's own records (statuses, statistics, pinned host keys), which
    /// add no relation and change no plan, so the attach and plan caches stay valid while sources run.
    /// With an authority, a write to the definitions replicas share (`sharedByReplicas`, by default whether it
    /// changes relations) is stored there first (see `writeThrough`).
    func write<T: Sendable>(
        changesRelations: Bool = true, sharedByReplicas: Bool? = nil,
        _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(SQLError) -> T {
        if sharedByReplicas ?? changesRelations, let authority = configuration.authority {
            return try await writeThrough(authority, changesRelations: changesRelations, body)
        }
        return try await writeLocally(changesRelations: changesRelations, body)
    }

    /// Runs `body` in one write transaction of the local SQLite catalog.
    func writeLocally<T: Sendable>(
        changesRelations: Bool, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(SQLError) -> T {
        do {
            defer { if changesRelations { attachCache.invalidate() } }
            return try await database.write { db in try body(db) }
        } catch let error as SQLError {
            throw error
        } catch {
            throw SQLError.internal("the catalog could not be updated: \(Self.describe(error))")
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(SQLError) -> T {
        do {
            return try await database.read { db in try body(db) }
        } catch let error as SQLError {
            throw error
        } catch {
            throw SQLError.internal("the catalog could not be read: \(Self.describe(error))")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(SQLError) -> T {
        do {
            return try database.read { db in try body(db) }
        } catch let error as SQLError {
            throw error
        } catch {
            throw SQLError.internal("the catalog could not be read: \(Self.describe(error))")
        }
    }

    /// A database error without the statement's arguments.
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode)" }
        return "\(error)"
    }

    /// A new object id: `u1`, `u2`, … never reused.
    func allocateID(_ db: Database) throws -> (id: String, oid: Int64) {
        guard let next = try Int64.fetchOne(db, sql: "SELECT next FROM inlet_id_sequence") else {
            throw SQLError.internal("the catalog's id sequence is missing")
        }
        try db.execute(sql: "UPDATE inlet_id_sequence SET next = next + 1")
        return ("u\(next)", 20_000 + next)
    }

    static func now() -> String {
        PostgresTimestamp.format(Date())
    }
}

/// Formats timestamps as PostgreSQL's `timestamptz` text output in UTC.
enum PostgresTimestamp {
    static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = Int64(seconds.rounded(.down))
        let micros = Int64(((seconds - Double(whole)) * 1_000_000).rounded())
        var time = time_t(whole)
        var parts = tm()
        gmtime_r(&time, &parts)
        let base = String(
            format: "%04d-%02d-%02d %02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        return base + String(format: ".%06lld", micros) + "+00"
    }
}
