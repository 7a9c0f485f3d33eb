import NIOCore

/// Reads a consumer group's committed offsets from its coordinator.
///
/// Versions 1-9, flexible from v6. v8+ asks for several groups at once; v1-7 carry exactly one group (and
/// ignore the member id and epoch of v9). `topics == nil` asks for all of a group's partitions (v2+).
public struct OffsetFetchRequest: KafkaReadableRequest, Hashable {
    public typealias Response = OffsetFetchResponse

    public static let apiKey = APIKey.offsetFetch
    public static let supportedVersions: ClosedRange<Int16> = 1...9
    public static let firstFlexibleVersion: Int16? = 6

    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitionIndexes: [Int32]

        public init(name: String, partitionIndexes: [Int32]) {
            self.name = name
            self.partitionIndexes = partitionIndexes
        }
    }

    public struct Group: Hashable, Sendable {
        public var groupID: String
        /// v9+.
        public var memberID: String?
        /// v9+.
        public var memberEpoch: Int32
        /// nil: all partitions with committed offsets (v2+).
        public var topics: [Topic]?

        public init(groupID: String, memberID: String? = nil, memberEpoch: Int32 = -1, topics: [Topic]?) {
            self.groupID = groupID
            self.memberID = memberID
            self.memberEpoch = memberEpoch
            self.topics = topics
        }
    }

    /// Exactly one in v1-7.
    public var groups: [Group]
    /// v7+: wait for pending transactional commits instead of answering UNSTABLE_OFFSET_COMMIT.
    public var requireStable: Bool

    public init(groups: [Group], requireStable: Bool = false) {
        self.groups = groups
        self.requireStable = requireStable
    }

    public init(groupID: String, topics: [Topic]?, requireStable: Bool = false) {
        self.init(groups: [Group(groupID: groupID, topics: topics)], requireStable: requireStable)
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        if version <= 7 {
            guard groups.count == 1, let group = groups.first else {
                throw KafkaWireError(
                    kind: .unencodable, message: "v\(version) fetches exactly one group, not \(groups.count)",
                    field: "GroupId")
            }
            if version == 1 && group.topics == nil {
                throw KafkaWireError(
                    kind: .unencodable, message: "v1 cannot ask for all partitions", field: "Topics")
            }
            buffer.writeKafkaString(group.groupID, compact: flexible)
            Self.writeTopics(group.topics, into: &buffer, flexible: flexible)
        } else {
            buffer.writeKafkaArray(groups, compact: true) { buffer, group in
                buffer.writeKafkaString(group.groupID, compact: true)
                if version >= 9 {
                    buffer.writeKafkaNullableString(group.memberID, compact: true)
                    buffer.writeInteger(group.memberEpoch)
                }
                Self.writeTopics(group.topics, into: &buffer, flexible: true)
                buffer.writeEmptyKafkaTaggedFields()
            }
        }
        if version >= 7 { buffer.writeKafkaBool(requireStable) }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }

    private static func writeTopics(_ topics: [Topic]?, into buffer: inout ByteBuffer, flexible: Bool) {
        buffer.writeKafkaNullableArray(topics, compact: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, compact: flexible)
            buffer.writeKafkaInt32Array(topic.partitionIndexes, compact: flexible)
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
    }

    private static func readTopics(_ buffer: inout ByteBuffer, flexible: Bool) throws -> [Topic]? {
        try buffer.readKafkaNullableArray("Topics", compact: flexible) { buffer in
            let topic = Topic(
                name: try buffer.readKafkaString("Name", compact: flexible),
                partitionIndexes: try buffer.readKafkaInt32Array("PartitionIndexes", compact: flexible))
            if flexible { try buffer.readKafkaTaggedFields() }
            return topic
        }
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        if version <= 7 {
            let groupID = try buffer.readKafkaString("GroupId", compact: flexible)
            groups = [Group(groupID: groupID, topics: try Self.readTopics(&buffer, flexible: flexible))]
        } else {
            groups = try buffer.readKafkaArray("Groups", compact: true) { buffer in
                var group = Group(groupID: try buffer.readKafkaString("GroupId", compact: true), topics: nil)
                if version >= 9 {
                    group.memberID = try buffer.readKafkaNullableString("MemberId", compact: true)
                    group.memberEpoch = try buffer.readKafkaInt32("MemberEpoch")
                }
                group.topics = try Self.readTopics(&buffer, flexible: true)
                try buffer.readKafkaTaggedFields()
                return group
            }
        }
        requireStable = version >= 7 ? try buffer.readKafkaBool("RequireStable") : false
        if flexible { try buffer.readKafkaTaggedFields() }
    }
}
