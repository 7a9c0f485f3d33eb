import KafkaWire
import NIOCore
import Testing

@Suite struct GroupAndSaslMessagesTests {
    @Test(arguments: SaslHandshakeRequest.supportedVersions)
    func saslHandshakeRoundTrips(version: Int16) throws {
        try expectRequestRoundTrip(SaslHandshakeRequest(mechanism: "SCRAM-SHA-512"), version: version)
        try expectResponseRoundTrip(
            SaslHandshakeResponse(errorCode: .unsupportedSaslMechanism, mechanisms: ["PLAIN", "SCRAM-SHA-256"]),
            for: SaslHandshakeRequest.self, version: version)
    }

    @Test(arguments: SaslAuthenticateRequest.supportedVersions)
    func saslAuthenticateRoundTrips(version: Int16) throws {
        try expectRequestRoundTrip(SaslAuthenticateRequest(authBytes: Array("n,,n=user,r=abc".utf8)), version: version)
        try expectResponseRoundTrip(
            SaslAuthenticateResponse(
                errorCode: .saslAuthenticationFailed, errorMessage: "bad credentials", authBytes: [1, 2],
                sessionLifetimeMs: version >= 1 ? 3_600_000 : 0),
            for: SaslAuthenticateRequest.self, version: version)
        #expect(!"\(SaslAuthenticateRequest(authBytes: Array("secret".utf8)))".contains("secret"))
    }

    @Test(arguments: FindCoordinatorRequest.supportedVersions)
    func findCoordinatorRoundTrips(version: Int16) throws {
        try expectRequestRoundTrip(FindCoordinatorRequest(group: "inlet-group"), version: version)
        if version >= 4 {
            try expectRequestRoundTrip(FindCoordinatorRequest(keyType: 1, keys: ["a", "b"]), version: version)
        }
        let coordinators: [FindCoordinatorResponse.Coordinator] =
            version >= 4
            ? [
                .init(key: "a", nodeID: 1, host: "b-1.internal", port: 9092),
                .init(key: "b", nodeID: -1, host: "", port: -1, errorCode: .coordinatorNotAvailable, errorMessage: "x"),
            ]
            : [.init(nodeID: 3, host: "b-3.internal", port: 9094, errorCode: .noError, errorMessage: nil)]
        try expectResponseRoundTrip(
            FindCoordinatorResponse(throttleTimeMs: 1, coordinators: coordinators), for: FindCoordinatorRequest.self,
            version: version)
    }

    @Test(arguments: OffsetCommitRequest.supportedVersions)
    func offsetCommitRoundTrips(version: Int16) throws {
        let request = OffsetCommitRequest(
            groupID: "inlet", generationIDOrMemberEpoch: -1, memberID: "",
            groupInstanceID: version >= 7 ? "instance-1" : nil, retentionTimeMs: version <= 4 ? 86_400_000 : -1,
            topics: [
                .init(
                    name: "orders",
                    partitions: [
                        .init(
                            partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: version >= 6 ? 3 : -1,
                            committedMetadata: "m"),
                        .init(partitionIndex: 1, committedOffset: 7),
                    ])
            ])
        try expectRequestRoundTrip(request, version: version)
        let response = OffsetCommitResponse(
            throttleTimeMs: version >= 3 ? 8 : 0,
            topics: [
                .init(
                    name: "orders",
                    partitions: [.init(partitionIndex: 0), .init(partitionIndex: 1, errorCode: .notCoordinator)])
            ])
        try expectResponseRoundTrip(response, for: OffsetCommitRequest.self, version: version)
    }

    @Test(arguments: OffsetFetchRequest.supportedVersions)
    func offsetFetchRoundTrips(version: Int16) throws {
        let topics: [OffsetFetchRequest.Topic] = [.init(name: "orders", partitionIndexes: [0, 1])]
        try expectRequestRoundTrip(
            OffsetFetchRequest(groupID: "inlet", topics: topics, requireStable: version >= 7), version: version)
        if version >= 2 {
            try expectRequestRoundTrip(OffsetFetchRequest(groupID: "inlet", topics: nil), version: version)
        }
        if version >= 8 {
            try expectRequestRoundTrip(
                OffsetFetchRequest(groups: [
                    .init(
                        groupID: "a", memberID: version >= 9 ? "m" : nil, memberEpoch: version >= 9 ? 4 : -1,
                        topics: topics),
                    .init(groupID: "b", topics: nil),
                ]), version: version)
        }
        let partitions: [OffsetFetchResponse.Partition] = [
            .init(partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: version >= 5 ? 3 : -1, metadata: "m"),
            .init(partitionIndex: 1, committedOffset: -1, errorCode: .unstableOffsetCommit),
        ]
        let group = OffsetFetchResponse.Group(
            groupID: version >= 8 ? "inlet" : "", topics: [.init(name: "orders", partitions: partitions)],
            errorCode: version >= 2 ? .groupAuthorizationFailed : .noError)
        var groups = [group]
        if version >= 8 { groups.append(.init(groupID: "other", topics: [], errorCode: .noError)) }
        try expectResponseRoundTrip(
            OffsetFetchResponse(throttleTimeMs: version >= 3 ? 6 : 0, groups: groups), for: OffsetFetchRequest.self,
            version: version)
    }
}
