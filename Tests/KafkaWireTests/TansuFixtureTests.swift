import KafkaWire
import NIOCore
import Testing

/// Decodes frames captured between librdkafka and tansu (see `TansuFrames.swift` and
/// `scripts/capture-wire-fixtures`). The capture created topic `fixtures` with 2 partitions, produced 3 records
/// (keys k0-k2, values value-0..2, header h=x, timestamps 1700000000000+i) to partition 0, consumed them,
/// looked up offsets, committed offset 3 for group `fixture-group`, read it back; then a member of group
/// `fixture-subscriber` subscribed (range assignor) and consumed the records, and the topic was deleted.
@Suite struct TansuFixtureTests {
    /// Decodes a captured request with Inlet, checks the header, and checks Inlet writes the same bytes back.
    func request<R: KafkaReadableRequest>(_: R.Type, version: Int16, hex: String) throws -> R {
        var frame = ByteBuffer(hex: hex)
        let original = frame
        let header = try KafkaRequestHeader(from: &frame, headerVersion: R.requestHeaderVersion(for: version))
        #expect(header.apiKey == R.apiKey)
        #expect(header.apiVersion == version)
        #expect(header.clientID == "rdkafka")
        let request = try R(from: &frame, version: version)
        #expect(frame.readableBytes == 0, "\(R.self) v\(version) leftovers")
        let rewritten = try KafkaRequestEncoder.encode(
            request, version: version, correlationID: header.correlationID, clientID: header.clientID)
        #expect(rewritten.getSlice(at: 4, length: rewritten.readableBytes - 4) == original, "\(R.self) v\(version)")
        return request
    }

    /// Decodes a captured response through the response decoder; with `exact`, checks Inlet writes the same bytes.
    func response<R: KafkaRequest>(
        _: R.Type, version: Int16, hex: String, exact: Bool = true
    ) throws -> R.Response where R.Response: KafkaWritableResponse {
        let frame = ByteBuffer(hex: hex)
        let (correlationID, response) = try KafkaResponseDecoder.decodeWithCorrelationID(
            R.self, version: version, frame: frame)
        if exact {
            var rewritten = try KafkaResponseEncoder.encode(
                response, for: R.self, version: version, correlationID: correlationID)
            rewritten.moveReaderIndex(forwardBy: 4)
            #expect(rewritten == frame, "\(R.Response.self) v\(version)")
        }
        return response
    }

    @Test func apiVersionsV3() throws {
        let request = try request(ApiVersionsRequest.self, version: 3, hex: TansuFrames.apiVersionsRequestV3)
        #expect(request.clientSoftwareName == "confluent-kafka-python")
        // tansu writes every tagged field, even at its default, so its bytes are not Inlet's canonical form.
        let response = try response(
            ApiVersionsRequest.self, version: 3, hex: TansuFrames.apiVersionsResponseV3, exact: false)
        #expect(response.errorCode == .noError)
        #expect(response.apiKeys.count == 36)
        #expect(response.versions(for: .produce) == 0...11)
        #expect(response.versions(for: .fetch) == 0...17)
        #expect(response.versions(for: .listOffsets) == 0...9)
        #expect(response.versions(for: .metadata) == 0...12)
        #expect(response.versions(for: .apiVersions) == 0...4)
        #expect(response.versions(for: .saslAuthenticate) == 0...2)
        #expect(response.finalizedFeaturesEpoch == -1)
        #expect(response.supportedFeatures.isEmpty && response.finalizedFeatures.isEmpty)
        #expect(!response.zkMigrationReady)
        #expect(response.unknownTaggedFields.isEmpty)
        // What Inlet speaks with tansu: the highest version both support.
        #expect(response.negotiatedVersion(for: ProduceRequest.self) == 11)
        #expect(response.negotiatedVersion(for: FetchRequest.self) == 17)
        #expect(response.negotiatedVersion(for: ListOffsetsRequest.self) == 9)
        #expect(response.negotiatedVersion(for: MetadataRequest.self) == 12)
        #expect(response.negotiatedVersion(for: ApiVersionsRequest.self) == 4)
    }

    @Test func metadataV12() throws {
        let request = try request(MetadataRequest.self, version: 12, hex: TansuFrames.metadataRequestV12)
        #expect(request.topics?.compactMap(\.name) == ["fixtures"])
        let response = try response(MetadataRequest.self, version: 12, hex: TansuFrames.metadataResponseV12)
        #expect(response.brokers.count == 1)
        #expect(response.brokers[0].nodeID == 111)
        #expect(response.brokers[0].host == "127.0.0.1")
        #expect(response.clusterID == "tansu_cluster")
        #expect(response.controllerID == 111)
        let topic = try #require(response.topics.first)
        #expect(topic.name == "fixtures")
        #expect(topic.errorCode == .noError)
        #expect(!topic.topicID.isZero)
        #expect(topic.partitions.map(\.partitionIndex).sorted() == [0, 1])
        #expect(topic.partitions.allSatisfy { $0.leaderID == 111 })
    }

    @Test func createTopicsV4() throws {
        let request = try request(CreateTopicsRequest.self, version: 4, hex: TansuFrames.createTopicsRequestV4)
        #expect(request.topics.map(\.name) == ["fixtures"])
        #expect(request.topics[0].numPartitions == 2)
        #expect(request.topics[0].replicationFactor == 1)
        let response = try response(CreateTopicsRequest.self, version: 4, hex: TansuFrames.createTopicsResponseV4)
        #expect(response.topics.map(\.name) == ["fixtures"])
        #expect(response.topics[0].errorCode == .noError)
    }

    @Test func produceV10() throws {
        let request = try request(ProduceRequest.self, version: 10, hex: TansuFrames.produceRequestV10)
        #expect(request.topics.map(\.name) == ["fixtures"])
        let records = try #require(request.topics[0].partitions.first?.records)
        #expect(request.topics[0].partitions[0].index == 0)
        // A record batch v2: base offset, length, leader epoch, magic 2.
        #expect(records.getInteger(at: records.readerIndex + 16, as: UInt8.self) == 2)
        #expect(Int(records.getInteger(at: records.readerIndex + 8, as: Int32.self)!) == records.readableBytes - 12)
        let response = try response(ProduceRequest.self, version: 10, hex: TansuFrames.produceResponseV10)
        let partition = try #require(response.topics.first?.partitions.first)
        #expect(response.topics[0].name == "fixtures")
        #expect(partition.errorCode == .noError)
        #expect(partition.baseOffset == 0)
    }

    @Test func fetchV16UsesTopicIDs() throws {
        let request = try request(FetchRequest.self, version: 16, hex: TansuFrames.fetchRequestV16)
        #expect(request.replicaID == -1)
        #expect(!request.topics[0].topicID.isZero)
        #expect(request.topics[0].name == "")
        // tansu writes the NodeEndpoints tag even when empty; Inlet omits it, so the bytes differ by design.
        let response = try response(FetchRequest.self, version: 16, hex: TansuFrames.fetchResponseV16, exact: false)
        #expect(response.nodeEndpoints.isEmpty)
        let topic = try #require(response.topics.first)
        #expect(topic.topicID == request.topics[0].topicID)
        let partition = try #require(topic.partitions.first { $0.partitionIndex == 0 })
        #expect(partition.errorCode == .noError)
        #expect(partition.highWatermark == 3)
        let records = try #require(partition.records)
        #expect(records.readableBytes > 61)
        #expect(records.getInteger(at: records.readerIndex + 16, as: UInt8.self) == 2)
        // The three values are in the batch (uncompressed).
        let text = String(decoding: records.readableBytesView, as: UTF8.self)
        #expect(text.contains("value-0") && text.contains("value-2"))
    }

    @Test func listOffsetsV7() throws {
        let request = try request(ListOffsetsRequest.self, version: 7, hex: TansuFrames.listOffsetsRequestV7)
        #expect(request.topics.map(\.name) == ["fixtures"])
        let response = try response(ListOffsetsRequest.self, version: 7, hex: TansuFrames.listOffsetsResponseV7)
        let partition = try #require(response.topics.first?.partitions.first)
        #expect(partition.errorCode == .noError)
        #expect([0, 1, 3].contains(partition.offset))
    }

    @Test func findCoordinatorV2() throws {
        let request = try request(FindCoordinatorRequest.self, version: 2, hex: TansuFrames.findCoordinatorRequestV2)
        #expect(request.keys == ["fixture-group"])
        #expect(request.keyType == 0)
        let response = try response(FindCoordinatorRequest.self, version: 2, hex: TansuFrames.findCoordinatorResponseV2)
        #expect(response.coordinators.count == 1)
        #expect(response.coordinators[0].errorCode == .noError)
        #expect(response.coordinators[0].nodeID == 111)
        #expect(response.coordinators[0].host == "127.0.0.1")
    }

    @Test func offsetCommitV9() throws {
        let request = try request(OffsetCommitRequest.self, version: 9, hex: TansuFrames.offsetCommitRequestV9)
        #expect(request.groupID == "fixture-group")
        #expect(request.topics.first?.partitions.first?.committedOffset == 3)
        let response = try response(OffsetCommitRequest.self, version: 9, hex: TansuFrames.offsetCommitResponseV9)
        #expect(response.topics.first?.partitions.first?.errorCode == .noError)
    }

    @Test func offsetFetchV9() throws {
        // The largest OffsetFetch is the subscriber's, asking for both partitions before anything was committed.
        let request = try request(OffsetFetchRequest.self, version: 9, hex: TansuFrames.offsetFetchRequestV9)
        #expect(request.groups.map(\.groupID) == ["fixture-subscriber"])
        let response = try response(OffsetFetchRequest.self, version: 9, hex: TansuFrames.offsetFetchResponseV9)
        let group = try #require(response.groups.first)
        #expect(group.groupID == "fixture-subscriber")
        #expect(group.errorCode == .noError)
        let partitions = try #require(group.topics.first?.partitions)
        #expect(partitions.map(\.partitionIndex).sorted() == [0, 1])
        #expect(partitions.allSatisfy { $0.committedOffset == -1 })
    }

    @Test func consumerGroupMembership() throws {
        let join = try request(JoinGroupRequest.self, version: 5, hex: TansuFrames.joinGroupRequestV5)
        #expect(join.groupID == "fixture-subscriber")
        #expect(join.protocolType == "consumer")
        #expect(join.sessionTimeoutMs == 6_000)
        let range = try #require(join.protocols.first { $0.name == "range" })
        var metadata = range.metadata
        #expect(try ConsumerProtocolSubscription(from: &metadata).topics == ["fixtures"])

        let joined = try response(JoinGroupRequest.self, version: 5, hex: TansuFrames.joinGroupResponseV5)
        #expect(joined.errorCode == .noError)
        #expect(joined.isLeader)
        #expect(joined.protocolName == "range")
        #expect(joined.members.count == 1)

        let sync = try request(SyncGroupRequest.self, version: 3, hex: TansuFrames.syncGroupRequestV3)
        #expect(sync.memberID == joined.memberID)
        var leaderAssignment = try #require(sync.assignments.first).assignment
        let assigned = try ConsumerProtocolAssignment(from: &leaderAssignment).assignedPartitions
        #expect(assigned == [.init(topic: "fixtures", partitions: [0, 1])])
        let synced = try response(SyncGroupRequest.self, version: 3, hex: TansuFrames.syncGroupResponseV3)
        var mine = synced.assignment
        #expect(try ConsumerProtocolAssignment(from: &mine).assignedPartitions == assigned)

        let heartbeat = try request(HeartbeatRequest.self, version: 3, hex: TansuFrames.heartbeatRequestV3)
        #expect(heartbeat.memberID == joined.memberID)
        _ = try response(HeartbeatRequest.self, version: 3, hex: TansuFrames.heartbeatResponseV3)

        let leave = try request(LeaveGroupRequest.self, version: 1, hex: TansuFrames.leaveGroupRequestV1)
        #expect(leave.members.map(\.memberID) == [joined.memberID])
        let left = try response(LeaveGroupRequest.self, version: 1, hex: TansuFrames.leaveGroupResponseV1)
        #expect(left.errorCode == .noError)
    }

    @Test func deleteTopicsV4() throws {
        let request = try request(DeleteTopicsRequest.self, version: 4, hex: TansuFrames.deleteTopicsRequestV4)
        #expect(request.topics.map(\.name) == ["fixtures"])
        let response = try response(DeleteTopicsRequest.self, version: 4, hex: TansuFrames.deleteTopicsResponseV4)
        #expect(response.responses.map(\.name) == ["fixtures"])
        #expect(response.responses[0].errorCode == .noError)
    }

    @Test func capturedFramesSurviveTheFrameDecoderInChunks() throws {
        var stream = ByteBuffer()
        let hexes = [TansuFrames.apiVersionsResponseV3, TansuFrames.metadataResponseV12, TansuFrames.fetchResponseV16]
        for hex in hexes {
            let body = ByteBuffer(hex: hex)
            stream.writeInteger(Int32(body.readableBytes))
            stream.writeImmutableBuffer(body)
        }
        let decoder = KafkaFrameDecoder()
        var pending = ByteBuffer()
        var frames: [ByteBuffer] = []
        var generator = ChunkSizeGenerator(seed: 7)
        while stream.readableBytes > 0 {
            var chunk = stream.readSlice(length: min(Int.random(in: 1...40, using: &generator), stream.readableBytes))!
            pending.writeBuffer(&chunk)
            while let frame = try decoder.nextFrame(from: &pending) { frames.append(frame) }
        }
        #expect(frames == hexes.map { ByteBuffer(hex: $0) })
        _ = try decodeResponse(ApiVersionsRequest.self, version: 3, frame: frames[0])
        _ = try decodeResponse(MetadataRequest.self, version: 12, frame: frames[1])
        _ = try decodeResponse(FetchRequest.self, version: 16, frame: frames[2])
    }
}
