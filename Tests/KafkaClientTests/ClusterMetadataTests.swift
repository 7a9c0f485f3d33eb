import Testing

@testable import KafkaClient

@Suite struct ClusterMetadataTests {
    /// `leaders(topic:)` lists exactly the partitions `leader(topic:partition:)` gives a broker for.
    @Test func leadersAreThePartitionsWithALeaderMetadataLists() throws {
        let metadata = ClusterMetadata(
            brokers: [
                1: BrokerAddress(nodeID: 1, host: "b-1", port: 9092),
                2: BrokerAddress(nodeID: 2, host: "b-2", port: 9092),
            ],
            topics: [
                "orders": .init(
                    name: "orders",
                    partitions: [
                        .init(id: 0, leader: 1),
                        .init(id: 1, leader: 2, errorCode: 9),  // REPLICA_NOT_AVAILABLE: still led
                        .init(id: 2, leader: -1, errorCode: 5),  // LEADER_NOT_AVAILABLE
                        .init(id: 3, leader: 7),  // led by a node metadata does not list
                    ]),
                "gone": .init(name: "gone", errorCode: 3, partitions: [.init(id: 0, leader: 1)]),
            ])
        #expect(metadata.leaders(topic: "orders") == [0: 1, 1: 2])
        for partition: Int32 in 0..<4 {
            let leader = try? metadata.leader(topic: "orders", partition: partition)
            #expect(leader?.nodeID == metadata.leaders(topic: "orders")[partition], "partition \(partition)")
        }
        #expect(metadata.leaders(topic: "gone").isEmpty)
        #expect(metadata.leaders(topic: "unknown").isEmpty)
    }
}
