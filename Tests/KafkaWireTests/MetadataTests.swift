import KafkaWire
import NIOCore
import Testing

@Suite struct MetadataTests {
    static let topicID = KafkaUUID(high: 0xDEAD_BEEF_0000_0001, low: 42)

    @Test(arguments: MetadataRequest.supportedVersions)
    func requestRoundTrips(version: Int16) throws {
        // Before v4 the flag is not on the wire and brokers behave as if it were true.
        let allow = version < 4 || version.isMultiple(of: 2)
        var request = MetadataRequest(topicNames: ["orders", "payments"], allowAutoTopicCreation: allow)
        if version >= 8 { request.includeTopicAuthorizedOperations = true }
        if (8...10).contains(version) { request.includeClusterAuthorizedOperations = true }
        if version >= 10 { request.topics?.append(.init(topicID: Self.topicID)) }
        try expectRequestRoundTrip(request, version: version)
        // nil asks for all topics; an empty array for none.
        try expectRequestRoundTrip(MetadataRequest(topicNames: nil, allowAutoTopicCreation: allow), version: version)
        try expectRequestRoundTrip(MetadataRequest(topicNames: [], allowAutoTopicCreation: allow), version: version)
    }

    @Test func topicIDsCannotBeSentBeforeV10() throws {
        var buffer = ByteBuffer()
        let request = MetadataRequest(topics: [.init(topicID: Self.topicID)])
        #expect(throws: KafkaWireError.self) { try request.write(into: &buffer, version: 9) }
    }

    static func response(version: Int16) -> MetadataResponse {
        let partition = MetadataResponse.Partition(
            errorCode: .noError, partitionIndex: 0, leaderID: 2, leaderEpoch: version >= 7 ? 5 : -1,
            replicaNodes: [2, 3], isrNodes: [2], offlineReplicas: version >= 5 ? [3] : [])
        let failed = MetadataResponse.Partition(
            errorCode: .leaderNotAvailable, partitionIndex: 1, leaderID: -1, leaderEpoch: -1)
        var topics = [
            MetadataResponse.Topic(
                name: "orders", topicID: version >= 10 ? topicID : .zero, isInternal: false,
                partitions: [partition, failed], topicAuthorizedOperations: version >= 8 ? 0x0F : Int32.min),
            MetadataResponse.Topic(errorCode: .unknownTopicOrPartition, name: "missing", partitions: []),
        ]
        if version >= 12 { topics.append(.init(errorCode: .unknownTopicId, name: nil, partitions: [])) }
        return MetadataResponse(
            throttleTimeMs: version >= 3 ? 9 : 0,
            brokers: [
                .init(nodeID: 1, host: "b-1.msk.internal", port: 9096, rack: "use1-az1"),
                .init(nodeID: 2, host: "b-2.msk.internal", port: 9096, rack: nil),
            ],
            clusterID: version >= 2 ? "cluster-x" : nil, controllerID: 1, topics: topics,
            clusterAuthorizedOperations: (8...10).contains(version) ? 0x1F : Int32.min)
    }

    @Test(arguments: MetadataRequest.supportedVersions)
    func responseRoundTrips(version: Int16) throws {
        try expectResponseRoundTrip(Self.response(version: version), for: MetadataRequest.self, version: version)
    }
}
