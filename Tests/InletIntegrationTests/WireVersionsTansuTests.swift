import InletTestSupport
import KafkaWire
import NIOCore
import Testing

/// Every supported version of every KafkaWire message, written by Inlet and answered by a real tansu broker:
/// proves tansu accepts Inlet's requests and Inlet reads tansu's responses exactly (no leftovers), version by
/// version, including the classic versions librdkafka never uses with tansu.
@Suite("Wire: every message version against tansu", .serialized)
struct WireVersionsTansuTests {
    /// The versions both Inlet and tansu support, checked against what tansu 0.6.0 is known to advertise
    /// (docs/kafka-versions.md), so a change on either side shows up here instead of silently shrinking coverage.
    func versions<R: KafkaRequest>(
        _: R.Type, on connection: WireTansuConnection, expected: ClosedRange<Int16>
    ) async throws -> ClosedRange<Int16> {
        let apiVersions = try await connection.send(ApiVersionsRequest(), version: 3)
        let broker = try #require(apiVersions.versions(for: R.apiKey), "tansu does not support \(R.apiKey)")
        let low = max(broker.lowerBound, R.supportedVersions.lowerBound)
        let high = min(broker.upperBound, R.supportedVersions.upperBound)
        #expect(low...high == expected, "\(R.apiKey) versions shared by Inlet and tansu")
        return low...high
    }

    func createTopic(_ name: String, partitions: Int32 = 2, on connection: WireTansuConnection) async throws {
        let response = try await connection.send(
            CreateTopicsRequest(topics: [.init(name: name, numPartitions: partitions, replicationFactor: 1)]),
            version: 7)
        #expect(response.topics.map(\.errorCode) == [.noError], "create \(name)")
    }

    func topicID(_ name: String, on connection: WireTansuConnection) async throws -> KafkaUUID {
        let metadata = try await connection.send(MetadataRequest(topicNames: [name]), version: 12)
        return try #require(metadata.topics.first { $0.name == name }?.topicID)
    }

    @Test func apiVersionsEveryVersion() async throws {
        try await withWireConnection { connection, _ in
            for version in ApiVersionsRequest.supportedVersions {
                let response = try await connection.send(ApiVersionsRequest(), version: version)
                #expect(response.errorCode == .noError, "v\(version)")
                #expect(response.versions(for: .fetch) == 0...17, "v\(version)")
                #expect(response.apiKeys.count == 36, "v\(version)")
            }
        }
    }

    @Test func createMetadataAndDeleteEveryVersion() async throws {
        try await withWireConnection { connection, tansu in
            for version in try await versions(CreateTopicsRequest.self, on: connection, expected: 2...7) {
                let response = try await connection.send(
                    CreateTopicsRequest(topics: [.init(name: "ct-\(version)", numPartitions: 3, replicationFactor: 1)]),
                    version: version)
                #expect(response.topics.map(\.name) == ["ct-\(version)"])
                #expect(response.topics.map(\.errorCode) == [.noError], "CreateTopics v\(version)")
                let again = try await connection.send(
                    CreateTopicsRequest(topics: [.init(name: "ct-\(version)", numPartitions: 3, replicationFactor: 1)]),
                    version: version)
                #expect(again.topics.map(\.errorCode) == [.topicAlreadyExists], "CreateTopics v\(version) twice")
            }
            for version in try await versions(MetadataRequest.self, on: connection, expected: 1...12) {
                let response = try await connection.send(
                    MetadataRequest(topicNames: ["ct-2", "no-such-topic-\(version)"]), version: version)
                #expect(response.brokers.map(\.nodeID) == [Int32(Tansu.nodeID)], "Metadata v\(version)")
                #expect(response.brokers.first?.port == Int32(tansu.port), "Metadata v\(version)")
                let topic = try #require(response.topics.first { $0.name == "ct-2" }, "Metadata v\(version)")
                #expect(topic.errorCode == .noError)
                #expect(topic.partitions.map(\.partitionIndex).sorted() == [0, 1, 2], "Metadata v\(version)")
                #expect(topic.partitions.allSatisfy { $0.leaderID == Int32(Tansu.nodeID) })
                if version >= 10 { #expect(!topic.topicID.isZero, "Metadata v\(version) topic id") }
                // AllowAutoTopicCreation is only on the wire from v4; before, brokers behave as if it were true.
                let missing = try #require(response.topics.first { $0.name == "no-such-topic-\(version)" })
                if version < 4 {
                    #expect(missing.errorCode == .noError, "Metadata v\(version) auto-creates")
                    #expect(missing.partitions.count == 4, "Metadata v\(version): tansu's default partition count")
                } else {
                    #expect(missing.errorCode == .unknownTopicOrPartition, "Metadata v\(version) with auto-create off")
                    #expect(missing.partitions.isEmpty)
                }
                let all = try await connection.send(MetadataRequest(topicNames: nil), version: version)
                #expect(Set(all.topics.compactMap(\.name)).isSuperset(of: (2...7).map { "ct-\($0)" }))
            }
            for version in try await versions(DeleteTopicsRequest.self, on: connection, expected: 1...6) {
                let name = "ct-\(version + 1)"
                let response = try await connection.send(DeleteTopicsRequest(topicNames: [name]), version: version)
                #expect(response.responses.map(\.errorCode) == [.noError], "DeleteTopics v\(version)")
                let metadata = try await connection.send(MetadataRequest(topicNames: nil), version: 12)
                #expect(!metadata.topics.contains { $0.name == name }, "DeleteTopics v\(version) deleted \(name)")
            }
        }
    }

    static func batch(_ values: [String], timestamp: Int64) throws -> ByteBuffer {
        var builder = RecordBatchBuilder()
        for (index, value) in values.enumerated() {
            builder.append(
                key: Array("k".utf8), value: Array(value.utf8), headers: [], timestamp: timestamp + Int64(index))
        }
        return try builder.build()
    }

    @Test func produceFetchAndListOffsetsEveryVersion() async throws {
        try await withWireConnection { connection, _ in
            try await createTopic("pf", on: connection)
            var produced: [String] = []
            for version in try await versions(ProduceRequest.self, on: connection, expected: 3...11) {
                let values = ["v\(version)-a", "v\(version)-b"]
                let records = try Self.batch(values, timestamp: 1_700_000_000_000 + Int64(version) * 10)
                let response = try await connection.send(
                    ProduceRequest(
                        acks: -1, timeoutMs: 10_000,
                        topics: [.init(name: "pf", partitions: [.init(index: 0, records: records)])]),
                    version: version)
                let partition = try #require(response.topics.first?.partitions.first, "Produce v\(version)")
                #expect(response.topics.first?.name == "pf")
                #expect(partition.errorCode == .noError, "Produce v\(version)")
                #expect(partition.baseOffset == Int64(produced.count), "Produce v\(version) base offset")
                produced += values
            }
            let id = try await topicID("pf", on: connection)
            for version in try await versions(FetchRequest.self, on: connection, expected: 4...17) {
                let topic =
                    version >= 13
                    ? FetchRequest.Topic(
                        topicID: id, partitions: [.init(partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20)])
                    : FetchRequest.Topic(
                        name: "pf", partitions: [.init(partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20)])
                let response = try await connection.send(
                    FetchRequest(maxWaitMs: 100, minBytes: 1, maxBytes: 4 << 20, topics: [topic]), version: version)
                let fetchedTopic = try #require(response.topics.first, "Fetch v\(version)")
                if version >= 13 { #expect(fetchedTopic.topicID == id) } else { #expect(fetchedTopic.name == "pf") }
                let partition = try #require(fetchedTopic.partitions.first, "Fetch v\(version)")
                #expect(partition.errorCode == .noError, "Fetch v\(version)")
                #expect(partition.highWatermark == Int64(produced.count), "Fetch v\(version) high watermark")
                var reader = RecordBatchReader(
                    try #require(partition.records), context: RecordBatchContext(topic: "pf", partition: 0))
                let fetched = try reader.readAll()
                #expect(
                    fetched.records.map { String(buffer: $0.value!) } == produced, "Fetch v\(version) record values")
                #expect(fetched.records.map(\.offset) == (0..<Int64(produced.count)).map { $0 })
            }
            for version in try await versions(ListOffsetsRequest.self, on: connection, expected: 1...9) {
                let response = try await connection.send(
                    ListOffsetsRequest(topics: [
                        .init(
                            name: "pf",
                            partitions: [
                                .init(partitionIndex: 0, timestamp: ListOffsetsRequest.earliestTimestamp),
                                .init(partitionIndex: 1, timestamp: ListOffsetsRequest.latestTimestamp),
                            ])
                    ]), version: version)
                let partitions = try #require(response.topics.first?.partitions, "ListOffsets v\(version)")
                #expect(partitions.map(\.errorCode) == [.noError, .noError], "ListOffsets v\(version)")
                #expect(partitions.first { $0.partitionIndex == 0 }?.offset == 0, "ListOffsets v\(version) earliest")
                #expect(
                    partitions.first { $0.partitionIndex == 1 }?.offset == 0, "ListOffsets v\(version) latest, empty")
                let latest = try await connection.send(
                    ListOffsetsRequest(topics: [
                        .init(
                            name: "pf",
                            partitions: [.init(partitionIndex: 0, timestamp: ListOffsetsRequest.latestTimestamp)])
                    ]), version: version)
                // Kafka answers the log end offset (the high watermark, 18 here); tansu 0.6.0 answers the offset of
                // the last record instead. Pinned so a tansu change is noticed (and clients do not trust "latest").
                #expect(
                    latest.topics.first?.partitions.first?.offset == Int64(produced.count) - 1,
                    "ListOffsets v\(version): tansu's latest offset")
            }
        }
    }

    @Test func coordinatorAndOffsetsEveryVersion() async throws {
        try await withWireConnection { connection, tansu in
            try await createTopic("oc", on: connection)
            for version in try await versions(FindCoordinatorRequest.self, on: connection, expected: 1...6) {
                let response = try await connection.send(
                    FindCoordinatorRequest(group: "g-\(version)"), version: version)
                let coordinator = try #require(response.coordinators.first, "FindCoordinator v\(version)")
                #expect(coordinator.errorCode == .noError, "FindCoordinator v\(version)")
                #expect(coordinator.nodeID == Int32(Tansu.nodeID))
                #expect(coordinator.port == Int32(tansu.port))
                if version >= 4 { #expect(coordinator.key == "g-\(version)") }
            }
            let commitVersions = try await versions(OffsetCommitRequest.self, on: connection, expected: 2...9)
            for version in commitVersions {
                let response = try await connection.send(
                    OffsetCommitRequest(
                        groupID: "inlet-wire",
                        topics: [
                            .init(
                                name: "oc", partitions: [.init(partitionIndex: 0, committedOffset: Int64(version) * 10)]
                            )
                        ]),
                    version: version)
                #expect(response.topics.first?.partitions.map(\.errorCode) == [.noError], "OffsetCommit v\(version)")
            }
            let last = Int64(commitVersions.upperBound) * 10
            for version in try await versions(OffsetFetchRequest.self, on: connection, expected: 1...9) {
                let response = try await connection.send(
                    OffsetFetchRequest(groupID: "inlet-wire", topics: [.init(name: "oc", partitionIndexes: [0])]),
                    version: version)
                let group = try #require(response.groups.first, "OffsetFetch v\(version)")
                #expect(group.errorCode == .noError, "OffsetFetch v\(version)")
                if version >= 8 { #expect(group.groupID == "inlet-wire") }
                let partition = group.topics.first?.partitions.first
                #expect(partition?.errorCode == .noError, "OffsetFetch v\(version)")
                #expect(partition?.committedOffset == last, "OffsetFetch v\(version) committed offset")
            }
        }
    }

    @Test func saslHandshakeEveryVersion() async throws {
        for version in SaslHandshakeRequest.supportedVersions {
            try await withWireConnection { connection, _ in
                // tansu's SASL does not authenticate in this build, but it must answer the handshake in a
                // format Inlet reads exactly.
                let response = try await connection.send(SaslHandshakeRequest(mechanism: "PLAIN"), version: version)
                #expect(
                    response.errorCode == .noError || response.errorCode == .unsupportedSaslMechanism,
                    "SaslHandshake v\(version): \(response.errorCode)")
            }
        }
    }
}
