/// A query's result as a multiset of rows in PostgreSQL text form, kept in the order rows were first seen, so two
/// results of one query differ by the rows whose count changed.
///
/// This is what a subscription emits between two runs of its query: each row whose count fell, with the negative
/// difference, then each row whose count rose; identical rows collapse into one update whose difference counts them,
/// as Materialize consolidates its updates.
public struct RowMultiset: Sendable, Equatable {
    private(set) var counts: [[String?]: Int] = [:]
    /// Distinct rows in the order they first appeared.
    private(set) var order: [[String?]] = []

    public init(_ rows: [[String?]] = []) {
        counts.reserveCapacity(rows.count)
        for row in rows {
            if let count = counts[row] {
                counts[row] = count + 1
            } else {
                counts[row] = 1
                order.append(row)
            }
        }
    }

    /// How many times `row` is in the multiset.
    public func count(of row: [String?]) -> Int { counts[row] ?? 0 }

    /// How many rows there are, duplicates counted.
    public var total: Int { counts.values.reduce(0, +) }

    /// Every distinct row with its count, in first-seen order: a snapshot's updates.
    public var updates: [(row: [String?], diff: Int)] {
        order.map { ($0, counts[$0] ?? 0) }
    }

    /// The updates that turn `self` into `new`: removals (negative) in this result's order, then additions
    /// (positive) in the new result's order.
    public func changes(to new: RowMultiset) -> [(row: [String?], diff: Int)] {
        var changes: [(row: [String?], diff: Int)] = []
        for row in order {
            let diff = new.count(of: row) - (counts[row] ?? 0)
            if diff < 0 { changes.append((row, diff)) }
        }
        for row in new.order {
            let diff = (new.counts[row] ?? 0) - count(of: row)
            if diff > 0 { changes.append((row, diff)) }
        }
        return changes
    }
}
