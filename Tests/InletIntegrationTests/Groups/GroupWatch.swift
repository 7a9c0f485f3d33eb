import KafkaClient
import NIOConcurrencyHelpers
import Testing

/// Who owns which partitions, as the members of one group report it: every change any member reports is recorded
/// and a snapshot of all members' partitions is published, so a test waits for a state of the group by awaiting
/// the members' own assignment events, never by sleeping.
final class GroupWatch: Sendable {
    private let owners = NIOLockedValueBox<[String: Set<Int32>]>([:])
    private let snapshots: AsyncStream<[String: Set<Int32>]>
    private let publish: AsyncStream<[String: Set<Int32>]>.Continuation
    private let log = NIOLockedValueBox<[String]>([])

    init() {
        (snapshots, publish) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// Records one member's change; the handler a test passes to `KafkaGroupMember.run`.
    func record(_ member: String, _ change: KafkaGroupAssignmentChange) {
        let snapshot = owners.withLockedValue { owners in
            var mine = owners[member, default: []]
            mine.subtract(change.revoked.values.flatMap { $0 })
            mine.formUnion(change.assigned.values.flatMap { $0 })
            owners[member] = mine
            return owners
        }
        log.withLockedValue { $0.append("\(member): \(change)") }
        publish.yield(snapshot)
    }

    /// Waits until the live `members` split `partitions` with no overlap, every partition owned, each member
    /// owning at least one; returns their shares.
    @discardableResult
    func awaitSplit(among members: [String], of partitions: Range<Int32>) async -> [String: Set<Int32>] {
        for await snapshot in snapshots {
            let shares = members.map { snapshot[$0, default: []] }
            let union = shares.reduce(into: Set<Int32>()) { $0.formUnion($1) }
            if union == Set(partitions), shares.map(\.count).reduce(0, +) == partitions.count,
                shares.allSatisfy({ !$0.isEmpty })
            {
                return Dictionary(uniqueKeysWithValues: zip(members, shares))
            }
        }
        return [:]
    }

    /// The changes so far, one line each, for failure messages.
    var history: String { log.withLockedValue { $0.joined(separator: "\n") } }
}
