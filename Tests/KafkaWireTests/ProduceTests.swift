import KafkaWire
import NIOCore
import Testing

@Suite struct ProduceTests {
    static let batch = ByteBuffer(bytes: Array(0..<80))

    @Test(arguments: ProduceRequest.supportedVersions)
    func requestRoundTrips(version: Int16) throws {
        let request = ProduceRequest(
            transactionalID: version.isMultiple(of: 2) ? nil : "tx-1", acks: -1, timeoutMs: 30_000,
            topics: [
                .init(
                    name: "orders", partitions: [.init(index: 0, records: Self.batch), .init(index: 3, records: nil)]),
                .init(name: "empty", partitions: []),
            ])
        try expectRequestRoundTrip(request, version: version)
        var body = ByteBuffer()
        try request.write(into: &body, version: version)
        #expect(request.estimatedBodySize >= body.readableBytes, "the encoder allocates once")
    }

    @Test(arguments: ProduceRequest.supportedVersions)
    func responseRoundTrips(version: Int16) throws {
        var partition = ProduceResponse.Partition(
            index: 0, errorCode: .notLeaderOrFollower, baseOffset: -1, logAppendTimeMs: 1_700_000_000_000,
            logStartOffset: version >= 5 ? 17 : -1)
        if version >= 8 {
            partition.recordErrors = [.init(batchIndex: 2, message: "bad"), .init(batchIndex: 3, message: nil)]
            partition.errorMessage = "moved"
        }
        if version >= 10 { partition.currentLeader = .init(leaderID: 2, leaderEpoch: 9) }
        let response = ProduceResponse(
            topics: [.init(name: "orders", partitions: [partition, .init(index: 1, baseOffset: 42)])],
            throttleTimeMs: 5,
            nodeEndpoints: version >= 10 ? [.init(nodeID: 2, host: "b-2.msk.internal", port: 9096, rack: "az1")] : [])
        try expectResponseRoundTrip(response, for: ProduceRequest.self, version: version)
    }

    @Test func recordsAreSlicedWithoutCopying() throws {
        var buffer = ByteBuffer()
        try ProduceRequest(
            acks: 1, timeoutMs: 1, topics: [.init(name: "t", partitions: [.init(index: 0, records: Self.batch)])]
        )
        .write(into: &buffer, version: 9)
        let decoded = try ProduceRequest(from: &buffer, version: 9)
        #expect(decoded.topics[0].partitions[0].records == Self.batch)
    }
}
