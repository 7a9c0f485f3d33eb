import KafkaClient
import Testing

/// The assignors against the shares Kafka's Java RangeAssignor and RoundRobinAssignor compute for the same groups.
@Suite("Consumer group assignors")
struct KafkaGroupAssignorTests {
    @Test func rangeGivesContiguousRunsAndTheExtraToTheFirstMembers() {
        let shares = KafkaGroupAssignor.range.assign(
            subscriptions: ["m2": ["t"], "m1": ["t"], "m3": ["t"]], partitions: ["t": Array(0..<8)])
        #expect(shares == ["m1": ["t": [0, 1, 2]], "m2": ["t": [3, 4, 5]], "m3": ["t": [6, 7]]])
    }

    @Test func rangeWorksPerTopicAndLeavesMembersWithoutPartitionsEmpty() {
        let shares = KafkaGroupAssignor.range.assign(
            subscriptions: ["a": ["t0", "t1"], "b": ["t0", "t1"], "c": ["t1"]],
            partitions: ["t0": [0, 1, 2], "t1": [0]])
        #expect(shares == ["a": ["t0": [0, 1], "t1": [0]], "b": ["t0": [2]], "c": [:]])
    }

    @Test func roundRobinDealsPartitionsInTurnSkippingMembersNotSubscribed() {
        let shares = KafkaGroupAssignor.roundRobin.assign(
            subscriptions: ["c0": ["t0"], "c1": ["t0", "t1"], "c2": ["t0", "t1", "t2"]],
            partitions: ["t0": [0], "t1": [0, 1], "t2": [0, 1, 2]])
        // Kafka's RoundRobinAssignor documentation example.
        #expect(
            shares == [
                "c0": ["t0": [0]], "c1": ["t1": [0]], "c2": ["t1": [1], "t2": [0, 1, 2]],
            ])
    }

    @Test func everyPartitionGoesToExactlyOneMember() {
        for assignor in [KafkaGroupAssignor.range, .roundRobin] {
            for members in 1...13 {
                let subscriptions = Dictionary(uniqueKeysWithValues: (0..<members).map { ("m\($0)", ["t"]) })
                let shares = assignor.assign(subscriptions: subscriptions, partitions: ["t": Array(0..<12)])
                let all = shares.values.flatMap { $0["t"] ?? [] }
                #expect(all.sorted() == Array(0..<12), "\(assignor), \(members) members")
                #expect(shares.count == members)
                let sizes = shares.values.map { $0["t"]?.count ?? 0 }
                #expect(sizes.max()! - sizes.min()! <= 1, "\(assignor), \(members) members")
            }
        }
    }

    @Test func namesAreKafkas() {
        #expect(KafkaGroupAssignor.range.name == "range")
        #expect(KafkaGroupAssignor.roundRobin.name == "roundrobin")
        #expect(KafkaGroupAssignor(name: "roundrobin") == .roundRobin)
        #expect(KafkaGroupAssignor(name: "cooperative-sticky") == nil)
    }
}
