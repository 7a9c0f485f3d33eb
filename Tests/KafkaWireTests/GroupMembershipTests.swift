import KafkaWire
import NIOCore
import Testing

@Suite struct GroupMembershipTests {
    static func subscription() -> ByteBuffer {
        var buffer = ByteBuffer()
        ConsumerProtocolSubscription(topics: ["orders"]).write(into: &buffer)
        return buffer
    }

    @Test(arguments: JoinGroupRequest.supportedVersions)
    func joinGroupRoundTrips(version: Int16) throws {
        let request = JoinGroupRequest(
            groupID: "inlet", sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 30_000, memberID: "m-1",
            groupInstanceID: version >= 5 ? "i-1" : nil,
            protocols: [.init(name: "range", metadata: Self.subscription())],
            reason: version >= 8 ? "rejoin" : nil)
        try expectRequestRoundTrip(request, version: version)
        let response = JoinGroupResponse(
            throttleTimeMs: 3, errorCode: .noError, generationID: 4, protocolType: version >= 7 ? "consumer" : nil,
            protocolName: "range", leader: "m-1", skipAssignment: version >= 9, memberID: "m-1",
            members: [
                .init(memberID: "m-1", groupInstanceID: version >= 5 ? "i-1" : nil, metadata: Self.subscription()),
                .init(memberID: "m-2", metadata: ByteBuffer()),
            ])
        try expectResponseRoundTrip(response, for: JoinGroupRequest.self, version: version)
        #expect(response.isLeader)
    }

    @Test(arguments: SyncGroupRequest.supportedVersions)
    func syncGroupRoundTrips(version: Int16) throws {
        var assignment = ByteBuffer()
        ConsumerProtocolAssignment(assignedPartitions: [.init(topic: "orders", partitions: [0, 2])]).write(
            into: &assignment)
        let request = SyncGroupRequest(
            groupID: "inlet", generationID: 4, memberID: "m-1", groupInstanceID: version >= 3 ? "i-1" : nil,
            protocolType: version >= 5 ? "consumer" : nil, protocolName: version >= 5 ? "range" : nil,
            assignments: [.init(memberID: "m-1", assignment: assignment)])
        try expectRequestRoundTrip(request, version: version)
        let response = SyncGroupResponse(
            throttleTimeMs: 1, errorCode: .rebalanceInProgress, protocolType: version >= 5 ? "consumer" : nil,
            protocolName: version >= 5 ? "range" : nil, assignment: assignment)
        try expectResponseRoundTrip(response, for: SyncGroupRequest.self, version: version)
    }

    @Test(arguments: HeartbeatRequest.supportedVersions)
    func heartbeatRoundTrips(version: Int16) throws {
        try expectRequestRoundTrip(
            HeartbeatRequest(
                groupID: "inlet", generationID: 4, memberID: "m-1", groupInstanceID: version >= 3 ? "i" : nil),
            version: version)
        try expectResponseRoundTrip(
            HeartbeatResponse(throttleTimeMs: 2, errorCode: .rebalanceInProgress), for: HeartbeatRequest.self,
            version: version)
    }

    @Test(arguments: LeaveGroupRequest.supportedVersions)
    func leaveGroupRoundTrips(version: Int16) throws {
        let members: [LeaveGroupRequest.Member] =
            version >= 3
            ? [
                .init(memberID: "m-1", groupInstanceID: "i-1", reason: version >= 5 ? "bye" : nil),
                .init(memberID: "m-2"),
            ]
            : [.init(memberID: "m-1")]
        try expectRequestRoundTrip(LeaveGroupRequest(groupID: "inlet", members: members), version: version)
        let response = LeaveGroupResponse(
            throttleTimeMs: 1, errorCode: .noError,
            members: version >= 3 ? [.init(memberID: "m-1", groupInstanceID: "i-1", errorCode: .unknownMemberId)] : [])
        try expectResponseRoundTrip(response, for: LeaveGroupRequest.self, version: version)
    }

    @Test(arguments: ConsumerProtocolSubscription.supportedVersions)
    func consumerProtocolRoundTrips(version: Int16) throws {
        let subscription = ConsumerProtocolSubscription(
            topics: ["a", "b"], userData: ByteBuffer(bytes: [1]),
            ownedPartitions: version >= 1 ? [.init(topic: "a", partitions: [0, 1])] : [],
            generationID: version >= 2 ? 7 : -1, rackID: version >= 3 ? "az1" : nil)
        var buffer = ByteBuffer()
        subscription.write(into: &buffer, version: version)
        #expect(buffer.getInteger(at: 0, as: Int16.self) == version)
        #expect(try ConsumerProtocolSubscription(from: &buffer) == subscription)
        #expect(buffer.readableBytes == 0)

        let assignment = ConsumerProtocolAssignment(
            assignedPartitions: [.init(topic: "a", partitions: [3])], userData: nil)
        buffer.clear()
        assignment.write(into: &buffer, version: version)
        #expect(try ConsumerProtocolAssignment(from: &buffer) == assignment)
        var empty = ByteBuffer()
        #expect(try ConsumerProtocolAssignment(from: &empty).assignedPartitions.isEmpty)
    }

    @Test func consumerProtocolV0MatchesKafkaLayout() throws {
        var buffer = ByteBuffer()
        ConsumerProtocolSubscription(topics: ["t"]).write(into: &buffer, version: 0)
        // version 0 | one topic "t" | null user data
        #expect(buffer.hexString == "0000" + "00000001" + "000174" + "ffffffff")
    }
}
