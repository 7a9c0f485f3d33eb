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
        planner.inFlight = [2: 1]
        planner.held = [3, 5]
        let plan = planner.plan()
        #expect(plan.fetches.map(\.nodeID) == [1, 3])
        #expect(plan.fetches.map { $0.partitions.map(\.partition) } == [[0], [2]])
    }

    private func shapes(_ fetches: [FetchPlanner.BrokerFetch]) -> [[Int32]] {
        fetches.map { [$0.nodeID] + $0.partitions.map(\.partition) }
    }

    @Test func partitionsWithRecordsWaitingAreDealtOverTheFreeFetchSlots() {
        var planner = FetchPlanner(
            assignment: [0, 1, 2, 3, 4, 5, 6], leaders: [0: 1, 1: 1, 2: 1, 3: 1, 4: 1, 5: 2, 6: 3],
            positions: [0: 0, 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0], maxBytes: [:], withRoom: [0, 1, 2, 3, 4, 5, 6])
        planner.fetchesPerBroker = 2
        planner.backlogged = [0, 1, 2, 3, 4, 5, 6]
        planner.inFlight = [3: 1]
        #expect(shapes(planner.plan().fetches) == [[1, 0, 2, 4], [1, 1, 3], [2, 5], [3, 6]])
        // One slot left on broker 1, whose other fetch holds partitions 1 and 3; broker 3 has both slots taken.
        planner.inFlight = [1: 1, 3: 2]
        planner.held = [1, 3]
        #expect(shapes(planner.plan().fetches) == [[1, 0, 2, 4], [2, 5]])
        planner.inFlight = [1: 2]
        #expect(planner.plan().fetches.map(\.nodeID) == [2, 3])
    }

    /// A fetch for partitions with nothing waiting may be held back by the broker, and a broker answers one
    /// connection's requests in order: such partitions go alone only to an idle broker, else ride along.
    @Test func partitionsWithNothingWaitingNeverHoldUpABusyBroker() {
        var planner = FetchPlanner(
            assignment: [0, 1, 2], leaders: [0: 1, 1: 1, 2: 1], positions: [0: 5, 1: 6, 2: 7], maxBytes: [:],
            withRoom: [0, 1, 2])
        planner.fetchesPerBroker = 2
        planner.backlogged = [0, 2]
        #expect(shapes(planner.plan().fetches) == [[1, 0, 1], [1, 2]], "an idle broker: 1 rides with 0")
        planner.inFlight = [1: 1]
        planner.held = [2]
        #expect(shapes(planner.plan().fetches) == [[1, 0]], "a busy broker: 1 waits")
        planner.overdue = [1]
        #expect(shapes(planner.plan().fetches) == [[1, 0, 1]], "until it is overdue")
        planner.backlogged = []
        planner.overdue = []
        #expect(planner.plan().fetches.isEmpty, "nothing waiting anywhere: wait for the fetch in flight")
        planner.inFlight = [:]
        planner.held = []
        #expect(shapes(planner.plan().fetches) == [[1, 0, 1, 2]], "an idle broker: one fetch for all")
        planner.inFlight = [1: 1]
        planner.holding = [1]
        planner.backlogged = [0, 1, 2]
        #expect(planner.plan().fetches.isEmpty, "nothing more while a fetch may be held back")
    }

    @Test func fetchesWrittenAheadAreReusedAndNeverStarveAPartition() {
        var planner = FetchPlanner(
            assignment: [0, 1, 2], leaders: [0: 1, 1: 1, 2: 1], positions: [0: 5, 1: 6, 2: 7], maxBytes: [:],
            withRoom: [0, 1, 2], defaultMaxBytes: 100)
        planner.fetchesPerBroker = 2
        planner.backlogged = [0, 2]
        let first = FetchPlanner.BrokerFetch(nodeID: 1, partitions: [Position(partition: 0, offset: 5, maxBytes: 100)])
        let second = FetchPlanner.BrokerFetch(nodeID: 1, partitions: [Position(partition: 2, offset: 7, maxBytes: 100)])
        let stale = FetchPlanner.BrokerFetch(nodeID: 1, partitions: [Position(partition: 2, offset: 3, maxBytes: 100)])
        planner.writtenAhead = [stale, first, second]
        var plan = planner.plan()
        #expect(plan.reused == [first, second] && plan.fetches.isEmpty)
        // Partition 1 is overdue: the last fetch written ahead is given up and goes out again with it.
        planner.overdue = [1]
        plan = planner.plan()
        #expect(plan.reused == [first] && shapes(plan.fetches) == [[1, 1, 2]])
        // A written-ahead fetch whose partition lacks room by now is still used (it overshoots by one fetch).
        planner.overdue = []
        planner.withRoom = [1]
        #expect(planner.plan().reused == [first, second])
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
