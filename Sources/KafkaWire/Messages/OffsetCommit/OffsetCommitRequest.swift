import NIOCore

/// Stores a consumer group's committed offsets on its coordinator.
///
/// Versions 2-9, flexible from v8. A consumer that assigns partitions itself (no group membership) commits with
/// generation -1 and an empty member id.
public struct OffsetCommitRequest: KafkaReadableRequest, Hashable {
    public typealias Response = OffsetCommitResponse

    public static let apiKey = APIKey.offsetCommit
    public static let supportedVersions: ClosedRange<Int16> = 2...9
    public static let firstFlexibleVersion: Int16? = 8

    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var committedOffset: Int64
        /// v6+.
        public var committedLeaderEpoch: Int32
        public var committedMetadata: String?

        public init(
            partitionIndex: Int32, committedOffset: Int64, committedLeaderEpoch: Int32 = -1,
            committedMetadata: String? = nil
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.committedMetadata = committedMetadata
        }
    }

    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]

        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    public var groupID: String
    /// The generation (classic groups) or member epoch (KIP-848 groups); -1 for standalone consumers.
    public var generationIDOrMemberEpoch: Int32
    public var memberID: String
    /// v7+.
    public var groupInstanceID: String?
    /// v2-4; -1 uses the broker's retention.
    public var retentionTimeMs: Int64
    public var topics: [Topic]

    public init(
        groupID: String, generationIDOrMemberEpoch: Int32 = -1, memberID: String = "", groupInstanceID: String? = nil,
        retentionTimeMs: Int64 = -1, topics: [Topic]
    ) {
        self.groupID = groupID
        self.generationIDOrMemberEpoch = generationIDOrMemberEpoch
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.retentionTimeMs = retentionTimeMs
        self.topics = topics
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 8
        buffer.writeKafkaString(groupID, compact: flexible)
        buffer.writeInteger(generationIDOrMemberEpoch)
        buffer.writeKafkaString(memberID, compact: flexible)
        if version >= 7 { buffer.writeKafkaNullableString(groupInstanceID, compact: flexible) }
        if version <= 4 { buffer.writeInteger(retentionTimeMs) }
        buffer.writeKafkaArray(topics, compact: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, compact: flexible)
            buffer.writeKafkaArray(topic.partitions, compact: flexible) { buffer, partition in
                buffer.writeInteger(partition.partitionIndex)
                buffer.writeInteger(partition.committedOffset)
                if version >= 6 { buffer.writeInteger(partition.committedLeaderEpoch) }
                buffer.writeKafkaNullableString(partition.committedMetadata, compact: flexible)
                if flexible { buffer.writeEmptyKafkaTaggedFields() }
            }
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 8
        self.init(groupID: try buffer.readKafkaString("GroupId", compact: flexible), topics: [])
        generationIDOrMemberEpoch = try buffer.readKafkaInt32("GenerationIdOrMemberEpoch")
        memberID = try buffer.readKafkaString("MemberId", compact: flexible)
        if version >= 7 { groupInstanceID = try buffer.readKafkaNullableString("GroupInstanceId", compact: flexible) }
        if version <= 4 { retentionTimeMs = try buffer.readKafkaInt64("RetentionTimeMs") }
        topics = try buffer.readKafkaArray("Topics", compact: flexible) { buffer in
            let name = try buffer.readKafkaString("Name", compact: flexible)
            let partitions = try buffer.readKafkaArray("Partitions", compact: flexible) { buffer in
                var partition = Partition(
                    partitionIndex: try buffer.readKafkaInt32("PartitionIndex"),
                    committedOffset: try buffer.readKafkaInt64("CommittedOffset"))
                if version >= 6 { partition.committedLeaderEpoch = try buffer.readKafkaInt32("CommittedLeaderEpoch") }
                partition.committedMetadata = try buffer.readKafkaNullableString("CommittedMetadata", compact: flexible)
                if flexible { try buffer.readKafkaTaggedFields() }
                return partition
            }
            if flexible { try buffer.readKafkaTaggedFields() }
            return Topic(name: name, partitions: partitions)
        }
        if flexible { try buffer.readKafkaTaggedFields() }
    }
}
