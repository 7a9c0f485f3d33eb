// The Kafka error codes, generated from apache/kafka clients/src/main/java/org/apache/kafka/common/protocol/
// Errors.java (2024-10 snapshot); "retriable" means the Java exception extends RetriableException.

extension KafkaErrorCode {
    /// `UNKNOWN_SERVER_ERROR` (-1).
    public static let unknownServerError = KafkaErrorCode(rawValue: -1)
    /// `NONE` (0).
    public static let noError = KafkaErrorCode(rawValue: 0)
    /// `OFFSET_OUT_OF_RANGE` (1).
    public static let offsetOutOfRange = KafkaErrorCode(rawValue: 1)
    /// `CORRUPT_MESSAGE` (2), retriable.
    public static let corruptMessage = KafkaErrorCode(rawValue: 2)
    /// `UNKNOWN_TOPIC_OR_PARTITION` (3), retriable.
    public static let unknownTopicOrPartition = KafkaErrorCode(rawValue: 3)
    /// `INVALID_FETCH_SIZE` (4).
    public static let invalidFetchSize = KafkaErrorCode(rawValue: 4)
    /// `LEADER_NOT_AVAILABLE` (5), retriable.
    public static let leaderNotAvailable = KafkaErrorCode(rawValue: 5)
    /// `NOT_LEADER_OR_FOLLOWER` (6), retriable.
    public static let notLeaderOrFollower = KafkaErrorCode(rawValue: 6)
    /// `REQUEST_TIMED_OUT` (7), retriable.
    public static let requestTimedOut = KafkaErrorCode(rawValue: 7)
    /// `BROKER_NOT_AVAILABLE` (8).
    public static let brokerNotAvailable = KafkaErrorCode(rawValue: 8)
    /// `REPLICA_NOT_AVAILABLE` (9), retriable.
    public static let replicaNotAvailable = KafkaErrorCode(rawValue: 9)
    /// `MESSAGE_TOO_LARGE` (10).
    public static let messageTooLarge = KafkaErrorCode(rawValue: 10)
    /// `STALE_CONTROLLER_EPOCH` (11).
    public static let staleControllerEpoch = KafkaErrorCode(rawValue: 11)
    /// `OFFSET_METADATA_TOO_LARGE` (12).
    public static let offsetMetadataTooLarge = KafkaErrorCode(rawValue: 12)
    /// `NETWORK_EXCEPTION` (13), retriable.
    public static let networkException = KafkaErrorCode(rawValue: 13)
    /// `COORDINATOR_LOAD_IN_PROGRESS` (14), retriable.
    public static let coordinatorLoadInProgress = KafkaErrorCode(rawValue: 14)
    /// `COORDINATOR_NOT_AVAILABLE` (15), retriable.
    public static let coordinatorNotAvailable = KafkaErrorCode(rawValue: 15)
    /// `NOT_COORDINATOR` (16), retriable.
    public static let notCoordinator = KafkaErrorCode(rawValue: 16)
    /// `INVALID_TOPIC_EXCEPTION` (17).
    public static let invalidTopicException = KafkaErrorCode(rawValue: 17)
    /// `RECORD_LIST_TOO_LARGE` (18).
    public static let recordListTooLarge = KafkaErrorCode(rawValue: 18)
    /// `NOT_ENOUGH_REPLICAS` (19), retriable.
    public static let notEnoughReplicas = KafkaErrorCode(rawValue: 19)
    /// `NOT_ENOUGH_REPLICAS_AFTER_APPEND` (20), retriable.
    public static let notEnoughReplicasAfterAppend = KafkaErrorCode(rawValue: 20)
    /// `INVALID_REQUIRED_ACKS` (21).
    public static let invalidRequiredAcks = KafkaErrorCode(rawValue: 21)
    /// `ILLEGAL_GENERATION` (22).
    public static let illegalGeneration = KafkaErrorCode(rawValue: 22)
    /// `INCONSISTENT_GROUP_PROTOCOL` (23).
    public static let inconsistentGroupProtocol = KafkaErrorCode(rawValue: 23)
    /// `INVALID_GROUP_ID` (24).
    public static let invalidGroupId = KafkaErrorCode(rawValue: 24)
    /// `UNKNOWN_MEMBER_ID` (25).
    public static let unknownMemberId = KafkaErrorCode(rawValue: 25)
    /// `INVALID_SESSION_TIMEOUT` (26).
    public static let invalidSessionTimeout = KafkaErrorCode(rawValue: 26)
    /// `REBALANCE_IN_PROGRESS` (27).
    public static let rebalanceInProgress = KafkaErrorCode(rawValue: 27)
    /// `INVALID_COMMIT_OFFSET_SIZE` (28).
    public static let invalidCommitOffsetSize = KafkaErrorCode(rawValue: 28)
    /// `TOPIC_AUTHORIZATION_FAILED` (29).
    public static let topicAuthorizationFailed = KafkaErrorCode(rawValue: 29)
    /// `GROUP_AUTHORIZATION_FAILED` (30).
    public static let groupAuthorizationFailed = KafkaErrorCode(rawValue: 30)
    /// `CLUSTER_AUTHORIZATION_FAILED` (31).
    public static let clusterAuthorizationFailed = KafkaErrorCode(rawValue: 31)
    /// `INVALID_TIMESTAMP` (32).
    public static let invalidTimestamp = KafkaErrorCode(rawValue: 32)
    /// `UNSUPPORTED_SASL_MECHANISM` (33).
    public static let unsupportedSaslMechanism = KafkaErrorCode(rawValue: 33)
    /// `ILLEGAL_SASL_STATE` (34).
    public static let illegalSaslState = KafkaErrorCode(rawValue: 34)
    /// `UNSUPPORTED_VERSION` (35).
    public static let unsupportedVersion = KafkaErrorCode(rawValue: 35)
    /// `TOPIC_ALREADY_EXISTS` (36).
    public static let topicAlreadyExists = KafkaErrorCode(rawValue: 36)
    /// `INVALID_PARTITIONS` (37).
    public static let invalidPartitions = KafkaErrorCode(rawValue: 37)
    /// `INVALID_REPLICATION_FACTOR` (38).
    public static let invalidReplicationFactor = KafkaErrorCode(rawValue: 38)
    /// `INVALID_REPLICA_ASSIGNMENT` (39).
    public static let invalidReplicaAssignment = KafkaErrorCode(rawValue: 39)
    /// `INVALID_CONFIG` (40).
    public static let invalidConfig = KafkaErrorCode(rawValue: 40)
    /// `NOT_CONTROLLER` (41), retriable.
    public static let notController = KafkaErrorCode(rawValue: 41)
    /// `INVALID_REQUEST` (42).
    public static let invalidRequest = KafkaErrorCode(rawValue: 42)
    /// `UNSUPPORTED_FOR_MESSAGE_FORMAT` (43).
    public static let unsupportedForMessageFormat = KafkaErrorCode(rawValue: 43)
    /// `POLICY_VIOLATION` (44).
    public static let policyViolation = KafkaErrorCode(rawValue: 44)
    /// `OUT_OF_ORDER_SEQUENCE_NUMBER` (45).
    public static let outOfOrderSequenceNumber = KafkaErrorCode(rawValue: 45)
    /// `DUPLICATE_SEQUENCE_NUMBER` (46).
    public static let duplicateSequenceNumber = KafkaErrorCode(rawValue: 46)
    /// `INVALID_PRODUCER_EPOCH` (47).
    public static let invalidProducerEpoch = KafkaErrorCode(rawValue: 47)
    /// `INVALID_TXN_STATE` (48).
    public static let invalidTxnState = KafkaErrorCode(rawValue: 48)
    /// `INVALID_PRODUCER_ID_MAPPING` (49).
    public static let invalidProducerIdMapping = KafkaErrorCode(rawValue: 49)
    /// `INVALID_TRANSACTION_TIMEOUT` (50).
    public static let invalidTransactionTimeout = KafkaErrorCode(rawValue: 50)
    /// `CONCURRENT_TRANSACTIONS` (51), retriable.
    public static let concurrentTransactions = KafkaErrorCode(rawValue: 51)
    /// `TRANSACTION_COORDINATOR_FENCED` (52).
    public static let transactionCoordinatorFenced = KafkaErrorCode(rawValue: 52)
    /// `TRANSACTIONAL_ID_AUTHORIZATION_FAILED` (53).
    public static let transactionalIdAuthorizationFailed = KafkaErrorCode(rawValue: 53)
    /// `SECURITY_DISABLED` (54).
    public static let securityDisabled = KafkaErrorCode(rawValue: 54)
    /// `OPERATION_NOT_ATTEMPTED` (55).
    public static let operationNotAttempted = KafkaErrorCode(rawValue: 55)
    /// `KAFKA_STORAGE_ERROR` (56), retriable.
    public static let kafkaStorageError = KafkaErrorCode(rawValue: 56)
    /// `LOG_DIR_NOT_FOUND` (57).
    public static let logDirNotFound = KafkaErrorCode(rawValue: 57)
    /// `SASL_AUTHENTICATION_FAILED` (58).
    public static let saslAuthenticationFailed = KafkaErrorCode(rawValue: 58)
    /// `UNKNOWN_PRODUCER_ID` (59).
    public static let unknownProducerId = KafkaErrorCode(rawValue: 59)
    /// `REASSIGNMENT_IN_PROGRESS` (60).
    public static let reassignmentInProgress = KafkaErrorCode(rawValue: 60)
    /// `DELEGATION_TOKEN_AUTH_DISABLED` (61).
    public static let delegationTokenAuthDisabled = KafkaErrorCode(rawValue: 61)
    /// `DELEGATION_TOKEN_NOT_FOUND` (62).
    public static let delegationTokenNotFound = KafkaErrorCode(rawValue: 62)
    /// `DELEGATION_TOKEN_OWNER_MISMATCH` (63).
    public static let delegationTokenOwnerMismatch = KafkaErrorCode(rawValue: 63)
    /// `DELEGATION_TOKEN_REQUEST_NOT_ALLOWED` (64).
    public static let delegationTokenRequestNotAllowed = KafkaErrorCode(rawValue: 64)
    /// `DELEGATION_TOKEN_AUTHORIZATION_FAILED` (65).
    public static let delegationTokenAuthorizationFailed = KafkaErrorCode(rawValue: 65)
    /// `DELEGATION_TOKEN_EXPIRED` (66).
    public static let delegationTokenExpired = KafkaErrorCode(rawValue: 66)
    /// `INVALID_PRINCIPAL_TYPE` (67).
    public static let invalidPrincipalType = KafkaErrorCode(rawValue: 67)
    /// `NON_EMPTY_GROUP` (68).
    public static let nonEmptyGroup = KafkaErrorCode(rawValue: 68)
    /// `GROUP_ID_NOT_FOUND` (69).
    public static let groupIdNotFound = KafkaErrorCode(rawValue: 69)
    /// `FETCH_SESSION_ID_NOT_FOUND` (70), retriable.
    public static let fetchSessionIdNotFound = KafkaErrorCode(rawValue: 70)
    /// `INVALID_FETCH_SESSION_EPOCH` (71), retriable.
    public static let invalidFetchSessionEpoch = KafkaErrorCode(rawValue: 71)
    /// `LISTENER_NOT_FOUND` (72), retriable.
    public static let listenerNotFound = KafkaErrorCode(rawValue: 72)
    /// `TOPIC_DELETION_DISABLED` (73).
    public static let topicDeletionDisabled = KafkaErrorCode(rawValue: 73)
    /// `FENCED_LEADER_EPOCH` (74), retriable.
    public static let fencedLeaderEpoch = KafkaErrorCode(rawValue: 74)
    /// `UNKNOWN_LEADER_EPOCH` (75), retriable.
    public static let unknownLeaderEpoch = KafkaErrorCode(rawValue: 75)
    /// `UNSUPPORTED_COMPRESSION_TYPE` (76).
    public static let unsupportedCompressionType = KafkaErrorCode(rawValue: 76)
    /// `STALE_BROKER_EPOCH` (77).
    public static let staleBrokerEpoch = KafkaErrorCode(rawValue: 77)
    /// `OFFSET_NOT_AVAILABLE` (78), retriable.
    public static let offsetNotAvailable = KafkaErrorCode(rawValue: 78)
    /// `MEMBER_ID_REQUIRED` (79).
    public static let memberIdRequired = KafkaErrorCode(rawValue: 79)
    /// `PREFERRED_LEADER_NOT_AVAILABLE` (80), retriable.
    public static let preferredLeaderNotAvailable = KafkaErrorCode(rawValue: 80)
    /// `GROUP_MAX_SIZE_REACHED` (81).
    public static let groupMaxSizeReached = KafkaErrorCode(rawValue: 81)
    /// `FENCED_INSTANCE_ID` (82).
    public static let fencedInstanceId = KafkaErrorCode(rawValue: 82)
    /// `ELIGIBLE_LEADERS_NOT_AVAILABLE` (83), retriable.
    public static let eligibleLeadersNotAvailable = KafkaErrorCode(rawValue: 83)
    /// `ELECTION_NOT_NEEDED` (84), retriable.
    public static let electionNotNeeded = KafkaErrorCode(rawValue: 84)
    /// `NO_REASSIGNMENT_IN_PROGRESS` (85).
    public static let noReassignmentInProgress = KafkaErrorCode(rawValue: 85)
    /// `GROUP_SUBSCRIBED_TO_TOPIC` (86).
    public static let groupSubscribedToTopic = KafkaErrorCode(rawValue: 86)
    /// `INVALID_RECORD` (87).
    public static let invalidRecord = KafkaErrorCode(rawValue: 87)
    /// `UNSTABLE_OFFSET_COMMIT` (88), retriable.
    public static let unstableOffsetCommit = KafkaErrorCode(rawValue: 88)
    /// `THROTTLING_QUOTA_EXCEEDED` (89), retriable.
    public static let throttlingQuotaExceeded = KafkaErrorCode(rawValue: 89)
    /// `PRODUCER_FENCED` (90).
    public static let producerFenced = KafkaErrorCode(rawValue: 90)
    /// `RESOURCE_NOT_FOUND` (91).
    public static let resourceNotFound = KafkaErrorCode(rawValue: 91)
    /// `DUPLICATE_RESOURCE` (92).
    public static let duplicateResource = KafkaErrorCode(rawValue: 92)
    /// `UNACCEPTABLE_CREDENTIAL` (93).
    public static let unacceptableCredential = KafkaErrorCode(rawValue: 93)
    /// `INCONSISTENT_VOTER_SET` (94).
    public static let inconsistentVoterSet = KafkaErrorCode(rawValue: 94)
    /// `INVALID_UPDATE_VERSION` (95).
    public static let invalidUpdateVersion = KafkaErrorCode(rawValue: 95)
    /// `FEATURE_UPDATE_FAILED` (96).
    public static let featureUpdateFailed = KafkaErrorCode(rawValue: 96)
    /// `PRINCIPAL_DESERIALIZATION_FAILURE` (97).
    public static let principalDeserializationFailure = KafkaErrorCode(rawValue: 97)
    /// `SNAPSHOT_NOT_FOUND` (98).
    public static let snapshotNotFound = KafkaErrorCode(rawValue: 98)
    /// `POSITION_OUT_OF_RANGE` (99).
    public static let positionOutOfRange = KafkaErrorCode(rawValue: 99)
    /// `UNKNOWN_TOPIC_ID` (100), retriable.
    public static let unknownTopicId = KafkaErrorCode(rawValue: 100)
    /// `DUPLICATE_BROKER_REGISTRATION` (101).
    public static let duplicateBrokerRegistration = KafkaErrorCode(rawValue: 101)
    /// `BROKER_ID_NOT_REGISTERED` (102).
    public static let brokerIdNotRegistered = KafkaErrorCode(rawValue: 102)
    /// `INCONSISTENT_TOPIC_ID` (103), retriable.
    public static let inconsistentTopicId = KafkaErrorCode(rawValue: 103)
    /// `INCONSISTENT_CLUSTER_ID` (104).
    public static let inconsistentClusterId = KafkaErrorCode(rawValue: 104)
    /// `TRANSACTIONAL_ID_NOT_FOUND` (105).
    public static let transactionalIdNotFound = KafkaErrorCode(rawValue: 105)
    /// `FETCH_SESSION_TOPIC_ID_ERROR` (106), retriable.
    public static let fetchSessionTopicIdError = KafkaErrorCode(rawValue: 106)
    /// `INELIGIBLE_REPLICA` (107).
    public static let ineligibleReplica = KafkaErrorCode(rawValue: 107)
    /// `NEW_LEADER_ELECTED` (108).
    public static let newLeaderElected = KafkaErrorCode(rawValue: 108)
    /// `OFFSET_MOVED_TO_TIERED_STORAGE` (109).
    public static let offsetMovedToTieredStorage = KafkaErrorCode(rawValue: 109)
    /// `FENCED_MEMBER_EPOCH` (110).
    public static let fencedMemberEpoch = KafkaErrorCode(rawValue: 110)
    /// `UNRELEASED_INSTANCE_ID` (111).
    public static let unreleasedInstanceId = KafkaErrorCode(rawValue: 111)
    /// `UNSUPPORTED_ASSIGNOR` (112).
    public static let unsupportedAssignor = KafkaErrorCode(rawValue: 112)
    /// `STALE_MEMBER_EPOCH` (113).
    public static let staleMemberEpoch = KafkaErrorCode(rawValue: 113)
    /// `MISMATCHED_ENDPOINT_TYPE` (114).
    public static let mismatchedEndpointType = KafkaErrorCode(rawValue: 114)
    /// `UNSUPPORTED_ENDPOINT_TYPE` (115).
    public static let unsupportedEndpointType = KafkaErrorCode(rawValue: 115)
    /// `UNKNOWN_CONTROLLER_ID` (116).
    public static let unknownControllerId = KafkaErrorCode(rawValue: 116)
    /// `UNKNOWN_SUBSCRIPTION_ID` (117).
    public static let unknownSubscriptionId = KafkaErrorCode(rawValue: 117)
    /// `TELEMETRY_TOO_LARGE` (118).
    public static let telemetryTooLarge = KafkaErrorCode(rawValue: 118)
    /// `INVALID_REGISTRATION` (119).
    public static let invalidRegistration = KafkaErrorCode(rawValue: 119)
    /// `TRANSACTION_ABORTABLE` (120).
    public static let transactionAbortable = KafkaErrorCode(rawValue: 120)
    /// `INVALID_RECORD_STATE` (121).
    public static let invalidRecordState = KafkaErrorCode(rawValue: 121)
    /// `SHARE_SESSION_NOT_FOUND` (122), retriable.
    public static let shareSessionNotFound = KafkaErrorCode(rawValue: 122)
    /// `INVALID_SHARE_SESSION_EPOCH` (123), retriable.
    public static let invalidShareSessionEpoch = KafkaErrorCode(rawValue: 123)
    /// `FENCED_STATE_EPOCH` (124).
    public static let fencedStateEpoch = KafkaErrorCode(rawValue: 124)
    /// `INVALID_VOTER_KEY` (125).
    public static let invalidVoterKey = KafkaErrorCode(rawValue: 125)
    /// `DUPLICATE_VOTER` (126).
    public static let duplicateVoter = KafkaErrorCode(rawValue: 126)
    /// `VOTER_NOT_FOUND` (127).
    public static let voterNotFound = KafkaErrorCode(rawValue: 127)
    /// `INVALID_REGULAR_EXPRESSION` (128).
    public static let invalidRegularExpression = KafkaErrorCode(rawValue: 128)
}

extension KafkaErrorCode {
    /// Protocol name, retriability and Kafka's own description of every known code.
    static func knownInfo(_ code: Int16) -> Info? {
        switch code {
        case -1:
            Info(
                name: "UNKNOWN_SERVER_ERROR", isRetriable: false,
                description: """
                    The server experienced an unexpected error when processing the request.
                    """)
        case 0:
            Info(name: "NONE", isRetriable: false, description: "")
        case 1:
            Info(
                name: "OFFSET_OUT_OF_RANGE", isRetriable: false,
                description: """
                    The requested offset is not within the range of offsets maintained by the server.
                    """)
        case 2:
            Info(
                name: "CORRUPT_MESSAGE", isRetriable: true,
                description: """
                    This message has failed its CRC checksum, exceeds the valid size, has a null key for a \
                    compacted topic, or is otherwise corrupt.
                    """)
        case 3:
            Info(
                name: "UNKNOWN_TOPIC_OR_PARTITION", isRetriable: true,
                description: """
                    This server does not host this topic-partition.
                    """)
        case 4:
            Info(name: "INVALID_FETCH_SIZE", isRetriable: false, description: "The requested fetch size is invalid.")
        case 5:
            Info(
                name: "LEADER_NOT_AVAILABLE", isRetriable: true,
                description: """
                    There is no leader for this topic-partition as we are in the middle of a leadership \
                    election.
                    """)
        case 6:
            Info(
                name: "NOT_LEADER_OR_FOLLOWER", isRetriable: true,
                description: """
                    For requests intended only for the leader, this error indicates that the broker is not the \
                    current leader. For requests intended for any replica, this error indicates that the \
                    broker is not a replica of the topic partition.
                    """)
        case 7:
            Info(name: "REQUEST_TIMED_OUT", isRetriable: true, description: "The request timed out.")
        case 8:
            Info(name: "BROKER_NOT_AVAILABLE", isRetriable: false, description: "The broker is not available.")
        case 9:
            Info(
                name: "REPLICA_NOT_AVAILABLE", isRetriable: true,
                description: """
                    The replica is not available for the requested topic-partition. Produce/Fetch requests and \
                    other requests intended only for the leader or follower return NOT_LEADER_OR_FOLLOWER if \
                    the broker is not a replica of the topic-partition.
                    """)
        case 10:
            Info(
                name: "MESSAGE_TOO_LARGE", isRetriable: false,
                description: """
                    The request included a message larger than the max message size the server will accept.
                    """)
        case 11:
            Info(
                name: "STALE_CONTROLLER_EPOCH", isRetriable: false,
                description: """
                    The controller moved to another broker.
                    """)
        case 12:
            Info(
                name: "OFFSET_METADATA_TOO_LARGE", isRetriable: false,
                description: """
                    The metadata field of the offset request was too large.
                    """)
        case 13:
            Info(
                name: "NETWORK_EXCEPTION", isRetriable: true,
                description: """
                    The server disconnected before a response was received.
                    """)
        case 14:
            Info(
                name: "COORDINATOR_LOAD_IN_PROGRESS", isRetriable: true,
                description: """
                    The coordinator is loading and hence can't process requests.
                    """)
        case 15:
            Info(name: "COORDINATOR_NOT_AVAILABLE", isRetriable: true, description: "The coordinator is not available.")
        case 16:
            Info(name: "NOT_COORDINATOR", isRetriable: true, description: "This is not the correct coordinator.")
        case 17:
            Info(
                name: "INVALID_TOPIC_EXCEPTION", isRetriable: false,
                description: """
                    The request attempted to perform an operation on an invalid topic.
                    """)
        case 18:
            Info(
                name: "RECORD_LIST_TOO_LARGE", isRetriable: false,
                description: """
                    The request included message batch larger than the configured segment size on the server.
                    """)
        case 19:
            Info(
                name: "NOT_ENOUGH_REPLICAS", isRetriable: true,
                description: """
                    Messages are rejected since there are fewer in-sync replicas than required.
                    """)
        case 20:
            Info(
                name: "NOT_ENOUGH_REPLICAS_AFTER_APPEND", isRetriable: true,
                description: """
                    Messages are written to the log, but to fewer in-sync replicas than required.
                    """)
        case 21:
            Info(
                name: "INVALID_REQUIRED_ACKS", isRetriable: false,
                description: """
                    Produce request specified an invalid value for required acks.
                    """)
        case 22:
            Info(
                name: "ILLEGAL_GENERATION", isRetriable: false,
                description: """
                    Specified group generation id is not valid.
                    """)
        case 23:
            Info(
                name: "INCONSISTENT_GROUP_PROTOCOL", isRetriable: false,
                description: """
                    The group member's supported protocols are incompatible with those of existing members or \
                    first group member tried to join with empty protocol type or empty protocol list.
                    """)
        case 24:
            Info(name: "INVALID_GROUP_ID", isRetriable: false, description: "The configured groupId is invalid.")
        case 25:
            Info(
                name: "UNKNOWN_MEMBER_ID", isRetriable: false,
                description: """
                    The coordinator is not aware of this member.
                    """)
        case 26:
            Info(
                name: "INVALID_SESSION_TIMEOUT", isRetriable: false,
                description: """
                    The session timeout is not within the range allowed by the broker (as configured by \
                    group.min.session.timeout.ms and group.max.session.timeout.ms).
                    """)
        case 27:
            Info(
                name: "REBALANCE_IN_PROGRESS", isRetriable: false,
                description: """
                    The group is rebalancing, so a rejoin is needed.
                    """)
        case 28:
            Info(
                name: "INVALID_COMMIT_OFFSET_SIZE", isRetriable: false,
                description: """
                    The committing offset data size is not valid.
                    """)
        case 29:
            Info(name: "TOPIC_AUTHORIZATION_FAILED", isRetriable: false, description: "Topic authorization failed.")
        case 30:
            Info(name: "GROUP_AUTHORIZATION_FAILED", isRetriable: false, description: "Group authorization failed.")
        case 31:
            Info(name: "CLUSTER_AUTHORIZATION_FAILED", isRetriable: false, description: "Cluster authorization failed.")
        case 32:
            Info(
                name: "INVALID_TIMESTAMP", isRetriable: false,
                description: """
                    The timestamp of the message is out of acceptable range.
                    """)
        case 33:
            Info(
                name: "UNSUPPORTED_SASL_MECHANISM", isRetriable: false,
                description: """
                    The broker does not support the requested SASL mechanism.
                    """)
        case 34:
            Info(
                name: "ILLEGAL_SASL_STATE", isRetriable: false,
                description: """
                    Request is not valid given the current SASL state.
                    """)
        case 35:
            Info(name: "UNSUPPORTED_VERSION", isRetriable: false, description: "The version of API is not supported.")
        case 36:
            Info(name: "TOPIC_ALREADY_EXISTS", isRetriable: false, description: "Topic with this name already exists.")
        case 37:
            Info(name: "INVALID_PARTITIONS", isRetriable: false, description: "Number of partitions is below 1.")
        case 38:
            Info(
                name: "INVALID_REPLICATION_FACTOR", isRetriable: false,
                description: """
                    Replication factor is below 1 or larger than the number of available brokers.
                    """)
        case 39:
            Info(name: "INVALID_REPLICA_ASSIGNMENT", isRetriable: false, description: "Replica assignment is invalid.")
        case 40:
            Info(name: "INVALID_CONFIG", isRetriable: false, description: "Configuration is invalid.")
        case 41:
            Info(
                name: "NOT_CONTROLLER", isRetriable: true,
                description: """
                    This is not the correct controller for this cluster.
                    """)
        case 42:
            Info(
                name: "INVALID_REQUEST", isRetriable: false,
                description: """
                    This most likely occurs because of a request being malformed by the client library or the \
                    message was sent to an incompatible broker. See the broker logs for more details.
                    """)
        case 43:
            Info(
                name: "UNSUPPORTED_FOR_MESSAGE_FORMAT", isRetriable: false,
                description: """
                    The message format version on the broker does not support the request.
                    """)
        case 44:
            Info(
                name: "POLICY_VIOLATION", isRetriable: false,
                description: """
                    Request parameters do not satisfy the configured policy.
                    """)
        case 45:
            Info(
                name: "OUT_OF_ORDER_SEQUENCE_NUMBER", isRetriable: false,
                description: """
                    The broker received an out of order sequence number.
                    """)
        case 46:
            Info(
                name: "DUPLICATE_SEQUENCE_NUMBER", isRetriable: false,
                description: """
                    The broker received a duplicate sequence number.
                    """)
        case 47:
            Info(
                name: "INVALID_PRODUCER_EPOCH", isRetriable: false,
                description: """
                    Producer attempted to produce with an old epoch.
                    """)
        case 48:
            Info(
                name: "INVALID_TXN_STATE", isRetriable: false,
                description: """
                    The producer attempted a transactional operation in an invalid state.
                    """)
        case 49:
            Info(
                name: "INVALID_PRODUCER_ID_MAPPING", isRetriable: false,
                description: """
                    The producer attempted to use a producer id which is not currently assigned to its \
                    transactional id.
                    """)
        case 50:
            Info(
                name: "INVALID_TRANSACTION_TIMEOUT", isRetriable: false,
                description: """
                    The transaction timeout is larger than the maximum value allowed by the broker (as \
                    configured by transaction.max.timeout.ms).
                    """)
        case 51:
            Info(
                name: "CONCURRENT_TRANSACTIONS", isRetriable: true,
                description: """
                    The producer attempted to update a transaction while another concurrent operation on the \
                    same transaction was ongoing.
                    """)
        case 52:
            Info(
                name: "TRANSACTION_COORDINATOR_FENCED", isRetriable: false,
                description: """
                    Indicates that the transaction coordinator sending a WriteTxnMarker is no longer the \
                    current coordinator for a given producer.
                    """)
        case 53:
            Info(
                name: "TRANSACTIONAL_ID_AUTHORIZATION_FAILED", isRetriable: false,
                description: """
                    Transactional Id authorization failed.
                    """)
        case 54:
            Info(name: "SECURITY_DISABLED", isRetriable: false, description: "Security features are disabled.")
        case 55:
            Info(
                name: "OPERATION_NOT_ATTEMPTED", isRetriable: false,
                description: """
                    The broker did not attempt to execute this operation. This may happen for batched RPCs \
                    where some operations in the batch failed, causing the broker to respond without trying \
                    the rest.
                    """)
        case 56:
            Info(
                name: "KAFKA_STORAGE_ERROR", isRetriable: true,
                description: """
                    Disk error when trying to access log file on the disk.
                    """)
        case 57:
            Info(
                name: "LOG_DIR_NOT_FOUND", isRetriable: false,
                description: """
                    The user-specified log directory is not found in the broker config.
                    """)
        case 58:
            Info(name: "SASL_AUTHENTICATION_FAILED", isRetriable: false, description: "SASL Authentication failed.")
        case 59:
            Info(
                name: "UNKNOWN_PRODUCER_ID", isRetriable: false,
                description: """
                    This exception is raised by the broker if it could not locate the producer metadata \
                    associated with the producerId in question. This could happen if, for instance, the \
                    producer's records were deleted because their retention time had elapsed. Once the last \
                    records of the producerId are removed, the producer's metadata is removed from the broker, \
                    and future appends by the producer will return this exception.
                    """)
        case 60:
            Info(
                name: "REASSIGNMENT_IN_PROGRESS", isRetriable: false,
                description: """
                    A partition reassignment is in progress.
                    """)
        case 61:
            Info(
                name: "DELEGATION_TOKEN_AUTH_DISABLED", isRetriable: false,
                description: """
                    Delegation Token feature is not enabled.
                    """)
        case 62:
            Info(
                name: "DELEGATION_TOKEN_NOT_FOUND", isRetriable: false,
                description: """
                    Delegation Token is not found on server.
                    """)
        case 63:
            Info(
                name: "DELEGATION_TOKEN_OWNER_MISMATCH", isRetriable: false,
                description: """
                    Specified Principal is not valid Owner/Renewer.
                    """)
        case 64:
            Info(
                name: "DELEGATION_TOKEN_REQUEST_NOT_ALLOWED", isRetriable: false,
                description: """
                    Delegation Token requests are not allowed on PLAINTEXT/1-way SSL channels and on \
                    delegation token authenticated channels.
                    """)
        case 65:
            Info(
                name: "DELEGATION_TOKEN_AUTHORIZATION_FAILED", isRetriable: false,
                description: """
                    Delegation Token authorization failed.
                    """)
        case 66:
            Info(name: "DELEGATION_TOKEN_EXPIRED", isRetriable: false, description: "Delegation Token is expired.")
        case 67:
            Info(
                name: "INVALID_PRINCIPAL_TYPE", isRetriable: false,
                description: """
                    Supplied principalType is not supported.
                    """)
        case 68:
            Info(name: "NON_EMPTY_GROUP", isRetriable: false, description: "The group is not empty.")
        case 69:
            Info(name: "GROUP_ID_NOT_FOUND", isRetriable: false, description: "The group id does not exist.")
        case 70:
            Info(
                name: "FETCH_SESSION_ID_NOT_FOUND", isRetriable: true,
                description: """
                    The fetch session ID was not found.
                    """)
        case 71:
            Info(
                name: "INVALID_FETCH_SESSION_EPOCH", isRetriable: true,
                description: """
                    The fetch session epoch is invalid.
                    """)
        case 72:
            Info(
                name: "LISTENER_NOT_FOUND", isRetriable: true,
                description: """
                    There is no listener on the leader broker that matches the listener on which metadata \
                    request was processed.
                    """)
        case 73:
            Info(name: "TOPIC_DELETION_DISABLED", isRetriable: false, description: "Topic deletion is disabled.")
        case 74:
            Info(
                name: "FENCED_LEADER_EPOCH", isRetriable: true,
                description: """
                    The leader epoch in the request is older than the epoch on the broker.
                    """)
        case 75:
            Info(
                name: "UNKNOWN_LEADER_EPOCH", isRetriable: true,
                description: """
                    The leader epoch in the request is newer than the epoch on the broker.
                    """)
        case 76:
            Info(
                name: "UNSUPPORTED_COMPRESSION_TYPE", isRetriable: false,
                description: """
                    The requesting client does not support the compression type of given partition.
                    """)
        case 77:
            Info(name: "STALE_BROKER_EPOCH", isRetriable: false, description: "Broker epoch has changed.")
        case 78:
            Info(
                name: "OFFSET_NOT_AVAILABLE", isRetriable: true,
                description: """
                    The leader high watermark has not caught up from a recent leader election so the offsets \
                    cannot be guaranteed to be monotonically increasing.
                    """)
        case 79:
            Info(
                name: "MEMBER_ID_REQUIRED", isRetriable: false,
                description: """
                    The group member needs to have a valid member id before actually entering a consumer \
                    group.
                    """)
        case 80:
            Info(
                name: "PREFERRED_LEADER_NOT_AVAILABLE", isRetriable: true,
                description: """
                    The preferred leader was not available.
                    """)
        case 81:
            Info(
                name: "GROUP_MAX_SIZE_REACHED", isRetriable: false,
                description: """
                    The consumer group has reached its max size.
                    """)
        case 82:
            Info(
                name: "FENCED_INSTANCE_ID", isRetriable: false,
                description: """
                    The broker rejected this static consumer since another consumer with the same \
                    group.instance.id has registered with a different member.id.
                    """)
        case 83:
            Info(
                name: "ELIGIBLE_LEADERS_NOT_AVAILABLE", isRetriable: true,
                description: """
                    Eligible topic partition leaders are not available.
                    """)
        case 84:
            Info(
                name: "ELECTION_NOT_NEEDED", isRetriable: true,
                description: """
                    Leader election not needed for topic partition.
                    """)
        case 85:
            Info(
                name: "NO_REASSIGNMENT_IN_PROGRESS", isRetriable: false,
                description: """
                    No partition reassignment is in progress.
                    """)
        case 86:
            Info(
                name: "GROUP_SUBSCRIBED_TO_TOPIC", isRetriable: false,
                description: """
                    Deleting offsets of a topic is forbidden while the consumer group is actively subscribed \
                    to it.
                    """)
        case 87:
            Info(
                name: "INVALID_RECORD", isRetriable: false,
                description: """
                    This record has failed the validation on broker and hence will be rejected.
                    """)
        case 88:
            Info(
                name: "UNSTABLE_OFFSET_COMMIT", isRetriable: true,
                description: """
                    There are unstable offsets that need to be cleared.
                    """)
        case 89:
            Info(
                name: "THROTTLING_QUOTA_EXCEEDED", isRetriable: true,
                description: """
                    The throttling quota has been exceeded.
                    """)
        case 90:
            Info(
                name: "PRODUCER_FENCED", isRetriable: false,
                description: """
                    There is a newer producer with the same transactionalId which fences the current one.
                    """)
        case 91:
            Info(
                name: "RESOURCE_NOT_FOUND", isRetriable: false,
                description: """
                    A request illegally referred to a resource that does not exist.
                    """)
        case 92:
            Info(
                name: "DUPLICATE_RESOURCE", isRetriable: false,
                description: """
                    A request illegally referred to the same resource twice.
                    """)
        case 93:
            Info(
                name: "UNACCEPTABLE_CREDENTIAL", isRetriable: false,
                description: """
                    Requested credential would not meet criteria for acceptability.
                    """)
        case 94:
            Info(
                name: "INCONSISTENT_VOTER_SET", isRetriable: false,
                description: """
                    Indicates that the either the sender or recipient of a voter-only request is not one of \
                    the expected voters.
                    """)
        case 95:
            Info(
                name: "INVALID_UPDATE_VERSION", isRetriable: false,
                description: """
                    The given update version was invalid.
                    """)
        case 96:
            Info(
                name: "FEATURE_UPDATE_FAILED", isRetriable: false,
                description: """
                    Unable to update finalized features due to an unexpected server error.
                    """)
        case 97:
            Info(
                name: "PRINCIPAL_DESERIALIZATION_FAILURE", isRetriable: false,
                description: """
                    Request principal deserialization failed during forwarding. This indicates an internal \
                    error on the broker cluster security setup.
                    """)
        case 98:
            Info(name: "SNAPSHOT_NOT_FOUND", isRetriable: false, description: "Requested snapshot was not found.")
        case 99:
            Info(
                name: "POSITION_OUT_OF_RANGE", isRetriable: false,
                description: """
                    Requested position is not greater than or equal to zero, and less than the size of the \
                    snapshot.
                    """)
        case 100:
            Info(name: "UNKNOWN_TOPIC_ID", isRetriable: true, description: "This server does not host this topic ID.")
        case 101:
            Info(
                name: "DUPLICATE_BROKER_REGISTRATION", isRetriable: false,
                description: """
                    This broker ID is already in use.
                    """)
        case 102:
            Info(
                name: "BROKER_ID_NOT_REGISTERED", isRetriable: false,
                description: """
                    The given broker ID was not registered.
                    """)
        case 103:
            Info(
                name: "INCONSISTENT_TOPIC_ID", isRetriable: true,
                description: """
                    The log's topic ID did not match the topic ID in the request.
                    """)
        case 104:
            Info(
                name: "INCONSISTENT_CLUSTER_ID", isRetriable: false,
                description: """
                    The clusterId in the request does not match that found on the server.
                    """)
        case 105:
            Info(
                name: "TRANSACTIONAL_ID_NOT_FOUND", isRetriable: false,
                description: """
                    The transactionalId could not be found.
                    """)
        case 106:
            Info(
                name: "FETCH_SESSION_TOPIC_ID_ERROR", isRetriable: true,
                description: """
                    The fetch session encountered inconsistent topic ID usage.
                    """)
        case 107:
            Info(
                name: "INELIGIBLE_REPLICA", isRetriable: false,
                description: """
                    The new ISR contains at least one ineligible replica.
                    """)
        case 108:
            Info(
                name: "NEW_LEADER_ELECTED", isRetriable: false,
                description: """
                    The AlterPartition request successfully updated the partition state but the leader has \
                    changed.
                    """)
        case 109:
            Info(
                name: "OFFSET_MOVED_TO_TIERED_STORAGE", isRetriable: false,
                description: """
                    The requested offset is moved to tiered storage.
                    """)
        case 110:
            Info(
                name: "FENCED_MEMBER_EPOCH", isRetriable: false,
                description: """
                    The member epoch is fenced by the group coordinator. The member must abandon all its \
                    partitions and rejoin.
                    """)
        case 111:
            Info(
                name: "UNRELEASED_INSTANCE_ID", isRetriable: false,
                description: """
                    The instance ID is still used by another member in the consumer group. That member must \
                    leave first.
                    """)
        case 112:
            Info(
                name: "UNSUPPORTED_ASSIGNOR", isRetriable: false,
                description: """
                    The assignor or its version range is not supported by the consumer group.
                    """)
        case 113:
            Info(
                name: "STALE_MEMBER_EPOCH", isRetriable: false,
                description: """
                    The member epoch is stale. The member must retry after receiving its updated member epoch \
                    via the ConsumerGroupHeartbeat API.
                    """)
        case 114:
            Info(
                name: "MISMATCHED_ENDPOINT_TYPE", isRetriable: false,
                description: """
                    The request was sent to an endpoint of the wrong type.
                    """)
        case 115:
            Info(
                name: "UNSUPPORTED_ENDPOINT_TYPE", isRetriable: false,
                description: """
                    This endpoint type is not supported yet.
                    """)
        case 116:
            Info(name: "UNKNOWN_CONTROLLER_ID", isRetriable: false, description: "This controller ID is not known.")
        case 117:
            Info(
                name: "UNKNOWN_SUBSCRIPTION_ID", isRetriable: false,
                description: """
                    Client sent a push telemetry request with an invalid or outdated subscription ID.
                    """)
        case 118:
            Info(
                name: "TELEMETRY_TOO_LARGE", isRetriable: false,
                description: """
                    Client sent a push telemetry request larger than the maximum size the broker will accept.
                    """)
        case 119:
            Info(
                name: "INVALID_REGISTRATION", isRetriable: false,
                description: """
                    The controller has considered the broker registration to be invalid.
                    """)
        case 120:
            Info(
                name: "TRANSACTION_ABORTABLE", isRetriable: false,
                description: """
                    The server encountered an error with the transaction. The client can abort the transaction \
                    to continue using this transactional ID.
                    """)
        case 121:
            Info(
                name: "INVALID_RECORD_STATE", isRetriable: false,
                description: """
                    The record state is invalid. The acknowledgement of delivery could not be completed.
                    """)
        case 122:
            Info(name: "SHARE_SESSION_NOT_FOUND", isRetriable: true, description: "The share session was not found.")
        case 123:
            Info(
                name: "INVALID_SHARE_SESSION_EPOCH", isRetriable: true,
                description: """
                    The share session epoch is invalid.
                    """)
        case 124:
            Info(
                name: "FENCED_STATE_EPOCH", isRetriable: false,
                description: """
                    The share coordinator rejected the request because the share-group state epoch did not \
                    match.
                    """)
        case 125:
            Info(
                name: "INVALID_VOTER_KEY", isRetriable: false,
                description: """
                    The voter key doesn't match the receiving replica's key.
                    """)
        case 126:
            Info(
                name: "DUPLICATE_VOTER", isRetriable: false,
                description: """
                    The voter is already part of the set of voters.
                    """)
        case 127:
            Info(
                name: "VOTER_NOT_FOUND", isRetriable: false,
                description: """
                    The voter is not part of the set of voters.
                    """)
        case 128:
            Info(
                name: "INVALID_REGULAR_EXPRESSION", isRetriable: false,
                description: """
                    The regular expression is not valid.
                    """)
        default: nil
        }
    }
}
