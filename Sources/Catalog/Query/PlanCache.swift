import Foundation
import SQL

/// Plans by query text, so a prepared statement's Bind/Execute (and a query sent again, as a pgbench or a
/// dashboard does) is not planned again: the planner resolves every relation and column through the catalog.
///
/// A plan holds for the same text, user, settings and declared parameter types while the catalog does not
/// change (its generation, bumped by every catalog write).
final class PlanCache: @unchecked Sendable {
    struct Key: Hashable {
        var text: String
        var user: String
        var settings: [String: String]
        var parameterTypes: [SQLType?]
        var generation: Int
    }

    static let capacity = 512

    private let lock = NSLock()
    private var plans: [Key: PlannedQuery] = [:]

    func plan(for key: Key) -> PlannedQuery? {
        lock.withLock { plans[key] }
    }

    func store(_ plan: PlannedQuery, for key: Key) {
        lock.withLock {
            if plans.count >= Self.capacity { plans.removeAll(keepingCapacity: true) }
            plans[key] = plan
        }
    }
}
