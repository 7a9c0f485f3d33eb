import KafkaWire
import NIOCore
import Testing

@Suite struct FetchTests {
    static let topicID = KafkaUUID(high: 1, low: 2)

    @Test(arguments: FetchRequest.supportedVersions)
    func requestRoundTrips(version: Int16) throws {
        let byID = version >= 13
        let partition = FetchRequest.Partition(
            partition: 4, currentLeaderEpoch: version >= 9 ? 3 : -1, fetchOffset: 1_000,
            lastFetchedEpoch: version >= 12 ? 2 : -1, logStartOffset: version >= 5 ? 10 : -1,
            partitionMaxBytes: 1 << 20)
        let request = FetchRequest(
            clusterID: version >= 12 ? "cluster-x" : nil, replicaID: -1, maxWaitMs: 500, minBytes: 1,
            maxBytes: 50 << 20, isolationLevel: 1, sessionID: version >= 7 ? 77 : 0,
            sessionEpoch: version >= 7 ? 2 : -1,
            topics: [
                .init(name: byID ? "" : "orders", topicID: byID ? Self.topicID : .zero, partitions: [partition])
            ],
            forgottenTopics: version >= 7
                ? [.init(name: byID ? "" : "old", topicID: byID ? Self.topicID : .zero, partitions: [1, 2])] : [],
            rackID: version >= 11 ? "use1-az1" : "")
        try expectRequestRoundTrip(request, version: version)
    }

    @Test(arguments: FetchRequest.supportedVersions)
    func responseRoundTrips(version: Int16) throws {
        let byID = version >= 13
        var partition = FetchResponse.Partition(
            partitionIndex: 0, highWatermark: 100, lastStableOffset: 90, logStartOffset: version >= 5 ? 5 : -1,
            abortedTransactions: [.init(producerID: 7, firstOffset: 50)],
            preferredReadReplica: version >= 11 ? 3 : -1, records: ByteBuffer(bytes: Array(repeating: 0xAB, count: 300))
        )
        if version >= 12 {
            partition.divergingEpoch = .init(epoch: 4, endOffset: 80)
            partition.currentLeader = .init(leaderID: 2, leaderEpoch: 5)
            partition.snapshotID = .init(endOffset: 60, epoch: 3)
        }
        let failed = FetchResponse.Partition(
            partitionIndex: 1, errorCode: .offsetOutOfRange, highWatermark: -1, records: nil)
        let response = FetchResponse(
            throttleTimeMs: 1, errorCode: version >= 7 ? .noError : .noError, sessionID: version >= 7 ? 77 : 0,
            topics: [
                .init(
                    name: byID ? "" : "orders", topicID: byID ? Self.topicID : .zero, partitions: [partition, failed])
            ],
            nodeEndpoints: version >= 16 ? [.init(nodeID: 2, host: "b-2", port: 9092)] : [])
        try expectResponseRoundTrip(response, for: FetchRequest.self, version: version)
    }

    @Test func recordsAreASliceOfTheFrame() throws {
        let records = ByteBuffer(bytes: Array(repeating: 7, count: 64))
        let response = FetchResponse(topics: [
            .init(name: "t", partitions: [.init(partitionIndex: 0, highWatermark: 1, records: records)])
        ])
        var framed = try KafkaResponseEncoder.encode(response, for: FetchRequest.self, version: 11, correlationID: 1)
        let frame = try #require(try KafkaFrameDecoder().nextFrame(from: &framed))
        let decoded = try decodeResponse(FetchRequest.self, version: 11, frame: frame)
        let slice = try #require(decoded.topics[0].partitions[0].records)
        #expect(slice == records)
        // Same storage: the slice points into the frame.
        frame.withUnsafeReadableBytes { framePointer in
            slice.withUnsafeReadableBytes { slicePointer in
                let start = UnsafeRawPointer(framePointer.baseAddress!)
                let inside = UnsafeRawPointer(slicePointer.baseAddress!)
                #expect(inside >= start && inside < start + framePointer.count)
            }
        }
    }
}
