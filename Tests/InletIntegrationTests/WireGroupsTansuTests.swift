import InletTestSupport
import KafkaWire
import NIOCore
import Testing

/// The classic consumer-group cycle (join, sync, heartbeat, leave) written by KafkaWire and answered by tansu,
/// across every supported version of each message.
@Suite("Wire: consumer group messages against tansu", .serialized)
struct WireGroupsTansuTests {
    @Test func joinSyncHeartbeatLeaveEveryVersion() async throws {
        try await withWireConnection { connection, _ in
            let apiVersions = try await connection.send(ApiVersionsRequest(), version: 3)
            #expect(apiVersions.negotiatedVersion(for: JoinGroupRequest.self) == 9)
            #expect(apiVersions.negotiatedVersion(for: SyncGroupRequest.self) == 5)
            #expect(apiVersions.negotiatedVersion(for: HeartbeatRequest.self) == 4)
            #expect(apiVersions.negotiatedVersion(for: LeaveGroupRequest.self) == 5)
            for joinVersion in JoinGroupRequest.supportedVersions {
                // Spread the other messages' versions over the join versions so each is used at least once.
                let step = joinVersion - JoinGroupRequest.supportedVersions.lowerBound
                let syncVersion = 1 + step % 5
                let heartbeatVersion = 1 + step % 4
                let leaveVersion = 1 + step % 5
                let group = "wire-group-\(joinVersion)"
                let label =
                    "join v\(joinVersion), sync v\(syncVersion), heartbeat v\(heartbeatVersion), leave v\(leaveVersion)"
                var subscription = ByteBuffer()
                ConsumerProtocolSubscription(topics: ["orders"]).write(into: &subscription, version: 1)
                // tansu 0.6.0 holds a join for half the session timeout; 6 s (Kafka's minimum) keeps this quick.
                var join = JoinGroupRequest(
                    groupID: group, sessionTimeoutMs: 6_000, rebalanceTimeoutMs: 1_000,
                    protocols: [.init(name: "range", metadata: subscription)])
                var joined = try await connection.send(join, version: joinVersion)
                // Kafka sends MEMBER_ID_REQUIRED only from v4; tansu 0.6.0 sends it in every version.
                if joined.errorCode == .memberIdRequired {
                    #expect(!joined.memberID.isEmpty)
                    join.memberID = joined.memberID
                    joined = try await connection.send(join, version: joinVersion)
                }
                #expect(joined.errorCode == .noError, "\(label): \(joined.errorCode)")
                #expect(joined.isLeader, "\(label)")
                // Kafka's first generation is 1; tansu 0.6.0 starts at 0.
                #expect(joined.generationID >= 0, "\(label)")
                #expect(joined.protocolName == "range", "\(label)")
                let member = try #require(joined.members.first { $0.memberID == joined.memberID }, "\(label)")
                var metadata = member.metadata
                #expect(try ConsumerProtocolSubscription(from: &metadata).topics == ["orders"], "\(label)")

                var assignment = ByteBuffer()
                ConsumerProtocolAssignment(assignedPartitions: [.init(topic: "orders", partitions: [0, 1])])
                    .write(into: &assignment, version: 1)
                let synced = try await connection.send(
                    SyncGroupRequest(
                        groupID: group, generationID: joined.generationID, memberID: joined.memberID,
                        protocolType: "consumer", protocolName: "range",
                        assignments: [.init(memberID: joined.memberID, assignment: assignment)]),
                    version: syncVersion)
                #expect(synced.errorCode == .noError, "\(label): \(synced.errorCode)")
                var received = synced.assignment
                let decoded = try ConsumerProtocolAssignment(from: &received)
                #expect(decoded.assignedPartitions == [.init(topic: "orders", partitions: [0, 1])], "\(label)")

                let heartbeat = try await connection.send(
                    HeartbeatRequest(groupID: group, generationID: joined.generationID, memberID: joined.memberID),
                    version: heartbeatVersion)
                #expect(heartbeat.errorCode == .noError, "\(label): \(heartbeat.errorCode)")

                let left = try await connection.send(
                    LeaveGroupRequest(groupID: group, members: [.init(memberID: joined.memberID)]),
                    version: leaveVersion)
                #expect(left.errorCode == .noError, "\(label): \(left.errorCode)")
                if leaveVersion >= 3 { #expect(left.members.map(\.memberID) == [joined.memberID], "\(label)") }
            }
        }
    }
}
