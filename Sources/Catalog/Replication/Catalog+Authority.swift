import Foundation
import GRDB
import SQL

extension Catalog {
    /// What the key check seals: opening it proves a replica holds the key file the database's values were sealed
    /// with.
    static let keyCheckText = "inlet key check"
    static let keyCheckID = "inlet_catalog"

    /// Joins the authority at start: creates its tables when missing, refuses a replica whose key file is not the one
    /// the stored secrets were sealed with, then brings the local copy up to date. The first replica of an empty
    /// database stores the definitions its data directory already has (at least the id sequence); a data directory
    /// that has definitions of its own and never joined is refused when the database has others, rather than losing
    /// either.
    public func joinAuthority() async throws(SQLError) {
        guard let authority = configuration.authority else { return }
        let local = try await read { db in try Self.sharedTables(db) }
        let shape = CatalogTables(
            version: 0, tables: local.tables.map { CatalogTable(name: $0.name, columns: $0.columns) })
        let vault = self.vault
        let keyFile = dataDirectory.appendingPathComponent(SecretVault.keyFileName).path
        try await authority.prepare(shape: shape) { stored throws(SQLError) in
            guard let stored else { return try vault.seal(Array(Self.keyCheckText.utf8), for: Self.keyCheckID) }
            guard (try? vault.unseal(stored, for: Self.keyCheckID)) == Array(Self.keyCheckText.utf8) else {
                throw SQLError(
                    sqlState: "28000",
                    message:
                        "this database's secrets were sealed with another key file than \(keyFile) (\(authority.description))",
                    hint:
                        "give every replica of one database the same key file: copy \(SecretVault.keyFileName) from the data directory of a replica that runs, then start again"
                )
            }
            return nil
        }
        try await nameReplica(authority)
        let hasItems = local.tables.first { $0.name == "inlet_items" }?.rows.isEmpty == false
        var stored = try await authority.load(shape: shape)
        // The first replica stores what its copy holds: its objects, or at least the id sequence.
        if stored.version == 0 {
            let (_, seeded) = try await authority.change(shape: shape) { current throws(SQLError) in
                ((), current.version == 0 ? CatalogTables(version: 1, tables: local.tables) : nil)
            }
            if seeded != nil {
                try await refreshFromAuthority()
                return
            }
            // Another replica was first.
            stored = try await authority.load(shape: shape)
        }
        if local.version == 0, hasItems {
            throw SQLError(
                sqlState: "55000",
                message:
                    "the data directory \(dataDirectory.path) has catalog objects of its own, and \(authority.description) has others",
                hint:
                    "start this replica with an empty data directory (it loads the database's objects), or drop the objects of one of them"
            )
        }
        try await bringUpToDate(stored)
    }

    /// Gives this data directory its replica id (`r1`, `r2` …) from the authority the first time it joins: the
    /// `replica_id` of its statuses and statistics.
    private func nameReplica(_ authority: any CatalogAuthority) async throws(SQLError) {
        let named = try await read { db in
            try String.fetchOne(db, sql: "SELECT value FROM inlet_settings WHERE key = 'replica_id'") != nil
        }
        guard !named else { return }
        let number = try await authority.allocateReplicaNumber()
        try await writeLocally(changesRelations: false) { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO inlet_settings (key, value) VALUES ('replica_id', ?)",
                arguments: ["r\(number)"])
        }
    }

    /// Brings the local copy up to date with the authority; returns what changed, nil when it was up to date.
    @discardableResult
    public func refreshFromAuthority() async throws(SQLError) -> CatalogRefresh? {
        guard let authority = configuration.authority else { return nil }
        let shape = try await read { db in try Self.sharedTables(db, rows: false) }
        guard try await authority.storedVersion() > shape.version else { return nil }
        return try await bringUpToDate(try await authority.load(shape: shape))
    }

    /// The authority's version the local copy is at (0 before it took in any).
    public func authorityVersion() async throws(SQLError) -> Int64 {
        try await read { db in try Self.localVersion(db) }
    }

    @discardableResult
    private func bringUpToDate(_ stored: CatalogTables) async throws(SQLError) -> CatalogRefresh? {
        try await writeLocally(changesRelations: true) { [self] db in try apply(stored, to: db) }
    }

    /// A write of shared definitions with an authority: under the authority's lock, `body` runs on the local copy
    /// brought to the stored version, what it made is read, and the local transaction is rolled back; the
    /// authority stores the result as its next version, and only then does the local copy take it in. So the copy
    /// only ever holds what the authority stored, ids come from the authority's sequence, and two replicas' DDL
    /// runs one at a time (a name taken on one is refused on the other as on one machine).
    func writeThrough<T: Sendable>(
        _ authority: any CatalogAuthority, changesRelations: Bool, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(SQLError) -> T {
        let shape = try await read { db in try Self.sharedTables(db, rows: false) }
        let (result, stored) = try await authority.change(shape: shape) { [self] current throws(SQLError) in
            let (result, next) = try await dryRun(on: current, body)
            let unchanged = next.changes(from: current).allSatisfy(\.isEmpty)
            return (result, unchanged ? nil : CatalogTables(version: current.version + 1, tables: next.tables))
        }
        if let stored { try await bringUpToDate(stored) }
        return result
    }

    /// `body` on the local copy brought to `current`, in a transaction that is rolled back: its result and the
    /// shared tables as it left them.
    private func dryRun<T: Sendable>(
        on current: CatalogTables, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(SQLError) -> (T, CatalogTables) {
        do {
            return try await database.writeWithoutTransaction { [self] db in
                var outcome: Result<(T, CatalogTables), any Error>?
                try db.inTransaction {
                    outcome = Result {
                        var brought = current
                        // Any version above the copy's makes `apply` take `current` in.
                        brought.version = Int64.max
                        _ = try apply(brought, to: db)
                        let result = try body(db)
                        return (result, try Self.sharedTables(db))
                    }
                    return .rollback
                }
                guard let outcome else { throw SQLError.internal("the catalog change did not run") }
                return try outcome.get()
            }
        } catch let error as SQLError {
            throw error
        } catch {
            throw SQLError.internal("the catalog could not be updated: \(Self.describe(error))")
        }
    }
}
