import Foundation
import GRDB
import SQL

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

    /// A relation a source fills, as the query planner resolves it.
    struct SourceRelation {
        var id: String
        var sourceID: String
        var columns: [ResultColumn]
    }

    private let lock = NSLock()
    private var generation = 0
    private var relations: Relations?
    private var synchronised: [ObjectIdentifier: Int] = [:]
    /// Source relations by name (nil: no such relation) as of `shapesGeneration`.
    private var shapes: [String: SourceRelation?] = [:]
    private var shapesGeneration = 0

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

    /// The source relation named `name`, from the cache while the catalog has not changed, else from `load`
    /// (kept only if no catalog write happened meanwhile). Every query plans its relations through here.
    func sourceRelation(_ name: String, load: () throws -> SourceRelation?) rethrows -> SourceRelation? {
        let started: Int = lock.withLock {
            if shapesGeneration != generation {
                shapes.removeAll(keepingCapacity: true)
                shapesGeneration = generation
            }
            return generation
        }
        if let cached = lock.withLock({ shapesGeneration == started ? shapes[name] : nil }) { return cached }
        let loaded = try load()
        lock.withLock {
            if shapesGeneration == started, generation == started { shapes[name] = .some(loaded) }
        }
        return loaded
    }
}
