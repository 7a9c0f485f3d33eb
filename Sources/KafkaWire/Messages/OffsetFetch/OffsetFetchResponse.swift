import NIOCore

/// A consumer group's committed offsets per partition (offset -1: nothing committed).
///
/// Versions 1-9, flexible from v6. v8+ answers per group; v1-7 answer one group with top-level fields, read into
/// a single `Group` whose `groupID` is `""` (the protocol does not repeat it). The group-level error exists in
/// v2+.
public struct OffsetFetchResponse: KafkaWritableResponse, Hashable {
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var committedOffset: Int64
        /// v5+.
        public var committedLeaderEpoch: Int32
        public var metadata: String?
        public var errorCode: KafkaErrorCode

        public init(
            partitionIndex: Int32, committedOffset: Int64, committedLeaderEpoch: Int32 = -1, metadata: String? = nil,
            errorCode: KafkaErrorCode = .noError
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.metadata = metadata
            self.errorCode = errorCode
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

    public struct Group: Hashable, Sendable {
        /// v8+; `""` in v1-7.
        public var groupID: String
        public var topics: [Topic]
        /// v2+.
        public var errorCode: KafkaErrorCode

        public init(groupID: String = "", topics: [Topic], errorCode: KafkaErrorCode = .noError) {
            self.groupID = groupID
            self.topics = topics
            self.errorCode = errorCode
        }
    }

    /// v3+.
    public var throttleTimeMs: Int32
    public var groups: [Group]

    public init(throttleTimeMs: Int32 = 0, groups: [Group]) {
        self.throttleTimeMs = throttleTimeMs
        self.groups = groups
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        throttleTimeMs = version >= 3 ? try buffer.readKafkaInt32("ThrottleTimeMs") : 0
        if version <= 7 {
            var group = Group(topics: try Self.readTopics(&buffer, version: version))
            if version >= 2 { group.errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode")) }
            groups = [group]
        } else {
            groups = try buffer.readKafkaArray("Groups", compact: true) { buffer in
                let group = Group(
                    groupID: try buffer.readKafkaString("GroupId", compact: true),
                    topics: try Self.readTopics(&buffer, version: version),
                    errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode")))
                try buffer.readKafkaTaggedFields()
                return group
            }
        }
        if flexible { try buffer.readKafkaTaggedFields() }
    }

    private static func readTopics(_ buffer: inout ByteBuffer, version: Int16) throws -> [Topic] {
        let flexible = version >= 6
        return try buffer.readKafkaArray("Topics", compact: flexible) { buffer in
            let name = try buffer.readKafkaString("Name", compact: flexible)
            let partitions = try buffer.readKafkaArray("Partitions", compact: flexible) { buffer in
                var partition = Partition(
                    partitionIndex: try buffer.readKafkaInt32("PartitionIndex"),
                    committedOffset: try buffer.readKafkaInt64("CommittedOffset"))
                if version >= 5 { partition.committedLeaderEpoch = try buffer.readKafkaInt32("CommittedLeaderEpoch") }
                partition.metadata = try buffer.readKafkaNullableString("Metadata", compact: flexible)
                partition.errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode"))
                if flexible { try buffer.readKafkaTaggedFields() }
                return partition
            }
            if flexible { try buffer.readKafkaTaggedFields() }
            return Topic(name: name, partitions: partitions)
        }
    }

    private static func writeTopics(_ topics: [Topic], into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        buffer.writeKafkaArray(topics, compact: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, compact: flexible)
            buffer.writeKafkaArray(topic.partitions, compact: flexible) { buffer, partition in
                buffer.writeInteger(partition.partitionIndex)
                buffer.writeInteger(partition.committedOffset)
                if version >= 5 { buffer.writeInteger(partition.committedLeaderEpoch) }
                buffer.writeKafkaNullableString(partition.metadata, compact: flexible)
                buffer.writeInteger(partition.errorCode.rawValue)
                if flexible { buffer.writeEmptyKafkaTaggedFields() }
            }
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        if version >= 3 { buffer.writeInteger(throttleTimeMs) }
        if version <= 7 {
            guard groups.count == 1, let group = groups.first else {
                throw KafkaWireError(
                    kind: .unencodable, message: "v\(version) answers exactly one group, not \(groups.count)",
                    field: "Groups")
            }
            Self.writeTopics(group.topics, into: &buffer, version: version)
            if version >= 2 { buffer.writeInteger(group.errorCode.rawValue) }
        } else {
            buffer.writeKafkaArray(groups, compact: true) { buffer, group in
                buffer.writeKafkaString(group.groupID, compact: true)
                Self.writeTopics(group.topics, into: &buffer, version: version)
                buffer.writeInteger(group.errorCode.rawValue)
                buffer.writeEmptyKafkaTaggedFields()
            }
        }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }
}
