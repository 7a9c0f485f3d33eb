import KafkaWire
import Testing

@testable import KafkaClient

@Suite struct FetchPlannerTests {
    typealias Position = FetchPlanner.Position

    /// Six partitions over three brokers, as the virtual cluster spreads them (p mod 3 + 1).
    func planner() -> FetchPlanner {
        FetchPlanner(
            assignment: [0, 1, 2, 3, 4, 5], leaders: [0: 1, 1: 2, 2: 3, 3: 1, 4: 2, 5: 3],
            positions: [0: 10, 1: 11, 2: 12, 3: 13, 4: 14, 5: 15], maxBytes: [3: 4096], withRoom: [0, 1, 2, 3, 4, 5],
            defaultMaxBytes: 1024)
    }

    @Test func oneRequestPerLeaderCoveringAllItsPartitions() {
        let plan = planner().plan()
        #expect(plan.unrouted.isEmpty)
        #expect(
            plan.fetches == [
                .init(
                    nodeID: 1,
                    partitions: [
                        Position(partition: 0, offset: 10, maxBytes: 1024),
                        Position(partition: 3, offset: 13, maxBytes: 4096),
                    ]),
                .init(
                    nodeID: 2,
                    partitions: [
                        Position(partition: 1, offset: 11, maxBytes: 1024),
                        Position(partition: 4, offset: 14, maxBytes: 1024),
                    ]),
                .init(
                    nodeID: 3,
                    partitions: [
                        Position(partition: 2, offset: 12, maxBytes: 1024),
                        Position(partition: 5, offset: 15, maxBytes: 1024),
                    ]),
            ])
    }

    @Test func fullBuffersAreLeftOutAndABrokerWithNothingToFetchGetsNoRequest() {
        var planner = planner()
        planner.withRoom = [0, 1, 4]
        let plan = planner.plan()
        #expect(plan.fetches.map(\.nodeID) == [1, 2])
        #expect(plan.fetches.map { $0.partitions.map(\.partition) } == [[0], [1, 4]])
    }

    @Test func busyBrokersAndHeldPartitionsWait() {
        var planner = planner()
        planner.busyBrokers = [2]
        planner.held = [3, 5]
        let plan = planner.plan()
        #expect(plan.fetches.map(\.nodeID) == [1, 3])
        #expect(plan.fetches.map { $0.partitions.map(\.partition) } == [[0], [2]])
    }

    @Test func leadershipMovesAPartitionToItsNewLeadersRequest() {
        var planner = planner()
        planner.leaders[0] = 2
        planner.leaders[5] = nil
        let plan = planner.plan()
        #expect(plan.fetches.map { $0.partitions.map(\.partition) } == [[3], [0, 1, 4], [2]])
        #expect(plan.unrouted == [5])
    }

    @Test func onlyAssignedPartitionsWithAPositionAreFetched() {
        var planner = planner()
        planner.assignment = [4, 1, 1]
        planner.positions[4] = nil
        #expect(
            planner.plan().fetches == [
                .init(nodeID: 2, partitions: [Position(partition: 1, offset: 11, maxBytes: 1024)])
            ])
    }

    @Test func requestNamesTheTopicBeforeV13AndItsIDFrom13() {
        let fetch = FetchPlanner.BrokerFetch(
            nodeID: 1,
            partitions: [
                Position(partition: 0, offset: 5, maxBytes: 100), Position(partition: 3, offset: 7, maxBytes: 200),
            ])
        let id = KafkaUUID(high: 1, low: 2)
        let byName = fetch.request(topic: "t", topicID: id, version: 12, maxWaitMs: 500, minBytes: 1)
        #expect(byName.topics.map(\.name) == ["t"])
        #expect(byName.topics.first?.partitions.map(\.fetchOffset) == [5, 7])
        #expect(byName.maxBytes == 300)
        #expect(byName.sessionID == 0 && byName.sessionEpoch == -1)
        let byID = fetch.request(topic: "t", topicID: id, version: 13, maxWaitMs: 500, minBytes: 1)
        #expect(byID.topics.map(\.topicID) == [id])
        #expect(byID.maxWaitMs == 500 && byID.minBytes == 1)
        let capped = fetch.request(topic: "t", topicID: id, version: 17, maxWaitMs: 500, minBytes: 1, maxBytes: 250)
        #expect(capped.maxBytes == 250)
    }
}
