import KafkaWire
import NIOCore
import Testing

@Suite struct AdminMessagesTests {
    static let topicID = KafkaUUID(high: 0xABCD, low: 0x1234)

    @Test(arguments: ListOffsetsRequest.supportedVersions)
    func listOffsetsRoundTrips(version: Int16) throws {
        let request = ListOffsetsRequest(
            replicaID: -1, isolationLevel: version >= 2 ? 1 : 0,
            topics: [
                .init(
                    name: "orders",
                    partitions: [
                        .init(partitionIndex: 0, currentLeaderEpoch: version >= 4 ? 3 : -1, timestamp: -2),
                        .init(partitionIndex: 1, timestamp: 1_700_000_000_000),
                    ])
            ], timeoutMs: version >= 10 ? 5_000 : 30_000)
        try expectRequestRoundTrip(request, version: version)
        let response = ListOffsetsResponse(
            throttleTimeMs: version >= 2 ? 3 : 0,
            topics: [
                .init(
                    name: "orders",
                    partitions: [
                        .init(partitionIndex: 0, timestamp: -1, offset: 12, leaderEpoch: version >= 4 ? 3 : -1),
                        .init(partitionIndex: 1, errorCode: .notLeaderOrFollower),
                    ])
            ])
        try expectResponseRoundTrip(response, for: ListOffsetsRequest.self, version: version)
    }

    @Test(arguments: CreateTopicsRequest.supportedVersions)
    func createTopicsRoundTrips(version: Int16) throws {
        let request = CreateTopicsRequest(
            topics: [
                .init(
                    name: "orders", numPartitions: 3, replicationFactor: 1,
                    configs: [.init(name: "cleanup.policy", value: "compact"), .init(name: "x", value: nil)]),
                .init(
                    name: "assigned", numPartitions: -1, replicationFactor: -1,
                    assignments: [.init(partitionIndex: 0, brokerIDs: [1, 2])]),
            ], timeoutMs: 10_000, validateOnly: true)
        try expectRequestRoundTrip(request, version: version)
        var created = CreateTopicsResponse.Topic(name: "orders", topicID: version >= 7 ? Self.topicID : .zero)
        if version >= 5 {
            created.numPartitions = 3
            created.replicationFactor = 1
            created.configs = [.init(name: "cleanup.policy", value: "compact", readOnly: false, configSource: 5)]
            created.topicConfigErrorCode = .topicAuthorizationFailed
        }
        let response = CreateTopicsResponse(
            throttleTimeMs: 2,
            topics: [created, .init(name: "dup", errorCode: .topicAlreadyExists, errorMessage: "exists")])
        try expectResponseRoundTrip(response, for: CreateTopicsRequest.self, version: version)
    }

    @Test(arguments: DeleteTopicsRequest.supportedVersions)
    func deleteTopicsRoundTrips(version: Int16) throws {
        var topics: [DeleteTopicsRequest.Topic] = [.init(name: "orders"), .init(name: "payments")]
        if version >= 6 { topics.append(.init(name: nil, topicID: Self.topicID)) }
        try expectRequestRoundTrip(DeleteTopicsRequest(topics: topics, timeoutMs: 1_000), version: version)
        var results: [DeleteTopicsResponse.Result] = [
            .init(name: "orders"),
            .init(name: "payments", errorCode: .unknownTopicOrPartition, errorMessage: version >= 5 ? "no" : nil),
        ]
        if version >= 6 { results.append(.init(name: nil, topicID: Self.topicID, errorCode: .unknownTopicId)) }
        try expectResponseRoundTrip(
            DeleteTopicsResponse(throttleTimeMs: 4, responses: results), for: DeleteTopicsRequest.self, version: version
        )
    }

    @Test func deleteByIDNeedsV6() {
        var buffer = ByteBuffer()
        let request = DeleteTopicsRequest(topics: [.init(name: nil, topicID: Self.topicID)])
        #expect(throws: KafkaWireError.self) { try request.write(into: &buffer, version: 5) }
    }
}
