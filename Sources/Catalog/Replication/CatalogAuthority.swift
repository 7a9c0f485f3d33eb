import Foundation
import SQL

/// The authoritative copy of the catalog's definitions, shared by several replicas (PostgreSQL, with
/// `inlet serve --storage postgresql://…`).
///
/// Each replica's SQLite catalog stays its materialized copy, which answers `mz_*` and `pg_catalog` queries: a DDL
/// statement is stored in the authority first, under its lock and in one transaction, and every replica brings its
/// copy up to date from what the authority stored.
public protocol CatalogAuthority: Sendable {
    /// Where the authority lives, for messages (without a password).
    var description: String { get }

    /// Creates the authority's tables in the shape of `shape` (its rows are ignored) when they are missing, and
    /// checks the key the sealed values were sealed with: `keyCheck` gets the stored check (nil when none is
    /// stored yet) and returns a check to store, nil to keep the stored one, or throws to refuse this replica.
    func prepare(
        shape: CatalogTables, keyCheck: @Sendable (Data?) throws(SQLError) -> Data?
    ) async throws(SQLError)

    /// A number no other replica of this authority was given, for a replica's id (`r1`, `r2` …).
    func allocateReplicaNumber() async throws(SQLError) -> Int64

    /// The version of the stored definitions (0 when nothing was stored yet), cheaper than `load`.
    func storedVersion() async throws(SQLError) -> Int64

    /// The stored definitions and their version (0 when nothing was stored yet).
    func load(shape: CatalogTables) async throws(SQLError) -> CatalogTables

    /// Holds the authority's lock and gives `body` the stored definitions; when `body` returns new definitions, they
    /// are stored as the next version, in the same transaction, and the other replicas are told. Returns `body`'s
    /// result and what was stored (nil when nothing changed). Concurrent changes, on any replica, run one at a time.
    func change<T: Sendable>(
        shape: CatalogTables, _ body: @Sendable (CatalogTables) async throws(SQLError) -> (T, CatalogTables?)
    ) async throws(SQLError) -> (T, CatalogTables?)

    /// Calls `changed` whenever the definitions may have changed elsewhere: on the authority's notification, and
    /// every `interval` in case one was missed. Returns when the task is cancelled.
    func watch(every interval: Duration, _ changed: @escaping @Sendable () async -> Void) async
}
