import NIOCore

/// Finds offsets by timestamp: the earliest (-2), the latest (-1), the max timestamp (-3, v7+), or the first
/// offset whose timestamp is at or after a given time.
///
/// Versions 1-10 (v0's "old style" offset lists are not supported), flexible from v6.
public struct ListOffsetsRequest: KafkaReadableRequest, Hashable {
    public typealias Response = ListOffsetsResponse

    public static let apiKey = APIKey.listOffsets
    public static let supportedVersions: ClosedRange<Int16> = 1...10
    public static let firstFlexibleVersion: Int16? = 6

    /// The special timestamps.
    public static let latestTimestamp: Int64 = -1
    public static let earliestTimestamp: Int64 = -2
    /// v7+: the offset of the record with the highest timestamp.
    public static let maxTimestamp: Int64 = -3

    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        /// v4+; -1 skips the leader epoch check.
        public var currentLeaderEpoch: Int32
        public var timestamp: Int64

        public init(partitionIndex: Int32, currentLeaderEpoch: Int32 = -1, timestamp: Int64) {
            self.partitionIndex = partitionIndex
            self.currentLeaderEpoch = currentLeaderEpoch
            self.timestamp = timestamp
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

    /// -1 for consumers.
    public var replicaID: Int32
    /// v2+: 0 read uncommitted, 1 read committed.
    public var isolationLevel: Int8
    public var topics: [Topic]
    /// v10+.
    public var timeoutMs: Int32

    public init(replicaID: Int32 = -1, isolationLevel: Int8 = 0, topics: [Topic], timeoutMs: Int32 = 30_000) {
        self.replicaID = replicaID
        self.isolationLevel = isolationLevel
        self.topics = topics
        self.timeoutMs = timeoutMs
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        buffer.writeInteger(replicaID)
        if version >= 2 { buffer.writeInteger(isolationLevel) }
        buffer.writeKafkaArray(topics, compact: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, compact: flexible)
            buffer.writeKafkaArray(topic.partitions, compact: flexible) { buffer, partition in
                buffer.writeInteger(partition.partitionIndex)
                if version >= 4 { buffer.writeInteger(partition.currentLeaderEpoch) }
                buffer.writeInteger(partition.timestamp)
                if flexible { buffer.writeEmptyKafkaTaggedFields() }
            }
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
        if version >= 10 { buffer.writeInteger(timeoutMs) }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        self.init(topics: [])
        replicaID = try buffer.readKafkaInt32("ReplicaId")
        if version >= 2 { isolationLevel = try buffer.readKafkaInt8("IsolationLevel") }
        topics = try buffer.readKafkaArray("Topics", compact: flexible) { buffer in
            let name = try buffer.readKafkaString("Name", compact: flexible)
            let partitions = try buffer.readKafkaArray("Partitions", compact: flexible) { buffer in
                var partition = Partition(partitionIndex: try buffer.readKafkaInt32("PartitionIndex"), timestamp: 0)
                if version >= 4 { partition.currentLeaderEpoch = try buffer.readKafkaInt32("CurrentLeaderEpoch") }
                partition.timestamp = try buffer.readKafkaInt64("Timestamp")
                if flexible { try buffer.readKafkaTaggedFields() }
                return partition
            }
            if flexible { try buffer.readKafkaTaggedFields() }
            return Topic(name: name, partitions: partitions)
        }
        if version >= 10 { timeoutMs = try buffer.readKafkaInt32("TimeoutMs") }
        if flexible { try buffer.readKafkaTaggedFields() }
    }
}
