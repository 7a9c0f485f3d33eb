import Foundation
import GRDB

/// What `attachSources` needs to know per query, kept between queries: which source holds each relation name,
/// which sources exist, and for each reading connection the catalog generation it was last synchronised with.
///
/// Every catalog write bumps the generation; until then a query that names only relations whose files are
/// already attached runs without a catalog query (SQLite answers `sqlite3_db_filename` for the schema itself).
final class AttachCache: @unchecked Sendable {
    struct Relations {
        var generation: Int
        /// Relation name to the sources holding a relation of that name.
        var sources: [String: Set<String>]
        var valid: Set<String>
    }

    private let lock = NSLock()
    private var generation = 0
    private var relations: Relations?
    private var synchronised: [ObjectIdentifier: Int] = [:]

    /// A catalog write happened: relations may have come or gone.
    func invalidate() {
        lock.withLock { generation += 1 }
    }

    var currentGeneration: Int { lock.withLock { generation } }

    /// The relations map if it is current.
    func current() -> Relations? {
        lock.withLock { relations?.generation == generation ? relations : nil }
    }

    func store(_ loaded: Relations) {
        lock.withLock {
            if relations == nil || loaded.generation >= relations!.generation { relations = loaded }
        }
    }

    /// Whether `db` was last synchronised (attached and detached) at `generation`.
    func isSynchronised(_ db: Database, at generation: Int) -> Bool {
        lock.withLock { synchronised[ObjectIdentifier(db)] == generation }
    }

    func markSynchronised(_ db: Database, at generation: Int) {
        lock.withLock { synchronised[ObjectIdentifier(db)] = generation }
    }
}
