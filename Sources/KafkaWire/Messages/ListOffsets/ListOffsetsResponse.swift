import NIOCore

/// The offset (and its timestamp) found for each requested partition and timestamp.
///
/// Versions 1-10, flexible from v6. Offset -1 means no record matches the timestamp.
public struct ListOffsetsResponse: KafkaWritableResponse, Hashable {
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var errorCode: KafkaErrorCode
        public var timestamp: Int64
        public var offset: Int64
        /// v4+.
        public var leaderEpoch: Int32

        public init(
            partitionIndex: Int32, errorCode: KafkaErrorCode = .noError, timestamp: Int64 = -1, offset: Int64 = -1,
            leaderEpoch: Int32 = -1
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.timestamp = timestamp
            self.offset = offset
            self.leaderEpoch = leaderEpoch
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

    /// v2+.
    public var throttleTimeMs: Int32
    public var topics: [Topic]

    public init(throttleTimeMs: Int32 = 0, topics: [Topic]) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        throttleTimeMs = version >= 2 ? try buffer.readKafkaInt32("ThrottleTimeMs") : 0
        topics = try buffer.readKafkaArray("Topics", compact: flexible) { buffer in
            let name = try buffer.readKafkaString("Name", compact: flexible)
            let partitions = try buffer.readKafkaArray("Partitions", compact: flexible) { buffer in
                var partition = Partition(
                    partitionIndex: try buffer.readKafkaInt32("PartitionIndex"),
                    errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode")),
                    timestamp: try buffer.readKafkaInt64("Timestamp"),
                    offset: try buffer.readKafkaInt64("Offset"))
                if version >= 4 { partition.leaderEpoch = try buffer.readKafkaInt32("LeaderEpoch") }
                if flexible { try buffer.readKafkaTaggedFields() }
                return partition
            }
            if flexible { try buffer.readKafkaTaggedFields() }
            return Topic(name: name, partitions: partitions)
        }
        if flexible { try buffer.readKafkaTaggedFields() }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        if version >= 2 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeKafkaArray(topics, compact: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, compact: flexible)
            buffer.writeKafkaArray(topic.partitions, compact: flexible) { buffer, partition in
                buffer.writeInteger(partition.partitionIndex)
                buffer.writeInteger(partition.errorCode.rawValue)
                buffer.writeInteger(partition.timestamp)
                buffer.writeInteger(partition.offset)
                if version >= 4 { buffer.writeInteger(partition.leaderEpoch) }
                if flexible { buffer.writeEmptyKafkaTaggedFields() }
            }
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }
}
