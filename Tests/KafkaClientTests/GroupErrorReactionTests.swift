import KafkaWire
import Testing

@testable import KafkaClient

/// What a group member does about each error code of JoinGroup, SyncGroup and Heartbeat: the classic protocol's
/// rules as Kafka's Java consumer applies them.
@Suite("Consumer group error reactions")
struct GroupErrorReactionTests {
    @Test func rebalancesEvictionsAndCoordinatorMoves() {
        #expect(GroupErrorReaction(.noError, group: "g") == .proceed)
        #expect(GroupErrorReaction(.rebalanceInProgress, group: "g") == .rejoin)
        #expect(GroupErrorReaction(.illegalGeneration, group: "g") == .rejoin)
        #expect(GroupErrorReaction(.unknownMemberId, group: "g") == .rejoinAsNewMember)
        #expect(GroupErrorReaction(.fencedInstanceId, group: "g") == .rejoinAsNewMember)
        #expect(GroupErrorReaction(.notCoordinator, group: "g") == .findCoordinator)
        #expect(GroupErrorReaction(.coordinatorNotAvailable, group: "g") == .findCoordinator)
        #expect(GroupErrorReaction(.coordinatorLoadInProgress, group: "g") == .retry)
    }

    @Test func refusalsStopWithAMessageThatSaysWhatToChange() throws {
        let denied = try #require(
            GroupErrorReaction(.groupAuthorizationFailed, group: "inlet-u7").error(
                kafkaErrorCode: .groupAuthorizationFailed))
        #expect(denied.message.contains("--group inlet-u7") && denied.message.contains("READ"), "\(denied.message)")
        #expect(denied.kafkaErrorCode == KafkaErrorCode.groupAuthorizationFailed.rawValue)
        let timeout = try #require(
            GroupErrorReaction(.invalidSessionTimeout, group: "g").error(kafkaErrorCode: .invalidSessionTimeout))
        #expect(timeout.code == .configuration && timeout.message.contains("group.min.session.timeout.ms"))
        let protocolClash = try #require(
            GroupErrorReaction(.inconsistentGroupProtocol, group: "g").error(
                kafkaErrorCode: .inconsistentGroupProtocol))
        #expect(protocolClash.message.contains("GROUP ID PREFIX"))
        #expect(GroupErrorReaction(.rebalanceInProgress, group: "g").error(kafkaErrorCode: .rebalanceInProgress) == nil)
    }
}
