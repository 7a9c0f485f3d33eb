import NIOCore

/// The outcome of committing each partition's offset.
///
/// Versions 2-9, flexible from v8.
public struct OffsetCommitResponse: KafkaWritableResponse, Hashable {
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var errorCode: KafkaErrorCode

        public init(partitionIndex: Int32, errorCode: KafkaErrorCode = .noError) {
            self.partitionIndex = partitionIndex
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

    /// v3+.
    public var throttleTimeMs: Int32
    public var topics: [Topic]

    public init(throttleTimeMs: Int32 = 0, topics: [Topic]) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 8
        throttleTimeMs = version >= 3 ? try buffer.readKafkaInt32("ThrottleTimeMs") : 0
        topics = try buffer.readKafkaArray("Topics", compact: flexible) { buffer in
            let name = try buffer.readKafkaString("Name", compact: flexible)
            let partitions = try buffer.readKafkaArray("Partitions", compact: flexible) { buffer in
                let partition = Partition(
                    partitionIndex: try buffer.readKafkaInt32("PartitionIndex"),
                    errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode")))
                if flexible { try buffer.readKafkaTaggedFields() }
                return partition
            }
            if flexible { try buffer.readKafkaTaggedFields() }
            return Topic(name: name, partitions: partitions)
        }
        if flexible { try buffer.readKafkaTaggedFields() }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 8
        if version >= 3 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeKafkaArray(topics, compact: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, compact: flexible)
            buffer.writeKafkaArray(topic.partitions, compact: flexible) { buffer, partition in
                buffer.writeInteger(partition.partitionIndex)
                buffer.writeInteger(partition.errorCode.rawValue)
                if flexible { buffer.writeEmptyKafkaTaggedFields() }
            }
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }
}
