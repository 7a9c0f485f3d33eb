import KafkaWire

/// What a group member does about the error code of a JoinGroup, SyncGroup or Heartbeat answer: the classic
/// protocol's rules, in one place so every request follows them alike.
enum GroupErrorReaction: Equatable {
    /// No error.
    case proceed
    /// The group is rebalancing or moved to a new generation: give up the partitions and join again.
    case rejoin
    /// The coordinator no longer knows this member (its session expired, or it was removed): give up the
    /// partitions and join again as a new member.
    case rejoinAsNewMember
    /// The coordinator moved or is not up yet: find it again, then retry.
    case findCoordinator
    /// A passing condition (the group's log is loading): retry after a backoff.
    case retry
    /// The member cannot take part: stop with this error.
    case fail(KafkaClientError.Code, String)

    init(_ code: KafkaErrorCode, group: String) {
        switch code {
        case .noError: self = .proceed
        case .rebalanceInProgress, .illegalGeneration: self = .rejoin
        case .unknownMemberId, .fencedInstanceId: self = .rejoinAsNewMember
        case .notCoordinator, .coordinatorNotAvailable: self = .findCoordinator
        case .coordinatorLoadInProgress: self = .retry
        case .groupAuthorizationFailed:
            self = .fail(
                .broker,
                "the connection's principal may not join consumer group \(group) (\(code)); grant it READ on the group, e.g. kafka-acls --add --allow-principal User:NAME --operation Read --group \(group)"
            )
        case .invalidSessionTimeout:
            self = .fail(
                .configuration,
                "the broker refused the session timeout of consumer group \(group) (\(code)); choose one between the broker's group.min.session.timeout.ms and group.max.session.timeout.ms"
            )
        case .inconsistentGroupProtocol:
            self = .fail(
                .broker,
                "consumer group \(group) has members that are not consumers or share no assignor with Inlet (\(code)); give the source a GROUP ID PREFIX no other application uses"
            )
        case .invalidGroupId:
            self = .fail(.configuration, "the broker refused the consumer group id \(group) (\(code))")
        default:
            self = .fail(.broker, "the coordinator of consumer group \(group) answered \(code): \(code.explanation)")
        }
    }

    /// The error to stop with, for `.fail`.
    func error(kafkaErrorCode: KafkaErrorCode) -> KafkaClientError? {
        guard case .fail(let code, let message) = self else { return nil }
        return KafkaClientError(code, message, kafkaErrorCode: kafkaErrorCode.rawValue)
    }
}
