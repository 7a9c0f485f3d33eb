import NIOCore

/// Appends record batches to partitions on their leader.
///
/// Versions 3-11 (v3 is the first with record batches v2), flexible from v9. The records of each partition are
/// one or more encoded record batches, written as they are (`RecordBatch` builds them).
/// With `acks == 0` the broker sends no response at all; the connection layer must not wait for one.
public struct ProduceRequest: KafkaReadableRequest, Hashable {
    public typealias Response = ProduceResponse

    public static let apiKey = APIKey.produce
    public static let supportedVersions: ClosedRange<Int16> = 3...11
    public static let firstFlexibleVersion: Int16? = 9

    public struct Partition: Hashable, Sendable {
        public var index: Int32
        /// Encoded record batches; nil is allowed by the protocol but rejected by brokers.
        public var records: ByteBuffer?

        public init(index: Int32, records: ByteBuffer?) {
            self.index = index
            self.records = records
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

    public var transactionalID: String?
    /// 0: no response; 1: leader only; -1: all in-sync replicas.
    public var acks: Int16
    public var timeoutMs: Int32
    public var topics: [Topic]

    /// False for `acks == 0`: the broker sends no response, so the connection must not wait for one.
    public var expectsResponse: Bool { acks != 0 }

    public init(transactionalID: String? = nil, acks: Int16, timeoutMs: Int32, topics: [Topic]) {
        self.transactionalID = transactionalID
        self.acks = acks
        self.timeoutMs = timeoutMs
        self.topics = topics
    }

    /// The record bytes plus a generous allowance for names, lengths and tags.
    public var estimatedBodySize: Int {
        var size = 32 + (transactionalID?.utf8.count ?? 0)
        for topic in topics {
            size += 16 + topic.name.utf8.count
            for partition in topic.partitions { size += 16 + (partition.records?.readableBytes ?? 0) }
        }
        return size
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 9
        buffer.writeKafkaNullableString(transactionalID, compact: flexible)
        buffer.writeInteger(acks)
        buffer.writeInteger(timeoutMs)
        buffer.writeKafkaArray(topics, compact: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, compact: flexible)
            buffer.writeKafkaArray(topic.partitions, compact: flexible) { buffer, partition in
                buffer.writeInteger(partition.index)
                buffer.writeKafkaNullableBytes(partition.records, compact: flexible)
                if flexible { buffer.writeEmptyKafkaTaggedFields() }
            }
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 9
        transactionalID = try buffer.readKafkaNullableString("TransactionalId", compact: flexible)
        acks = try buffer.readKafkaInt16("Acks")
        timeoutMs = try buffer.readKafkaInt32("TimeoutMs")
        topics = try buffer.readKafkaArray("TopicData", compact: flexible) { buffer in
            let name = try buffer.readKafkaString("Name", compact: flexible)
            let partitions = try buffer.readKafkaArray("PartitionData", compact: flexible) { buffer in
                let partition = Partition(
                    index: try buffer.readKafkaInt32("Index"),
                    records: try buffer.readKafkaNullableBytes("Records", compact: flexible))
                if flexible { try buffer.readKafkaTaggedFields() }
                return partition
            }
            if flexible { try buffer.readKafkaTaggedFields() }
            return Topic(name: name, partitions: partitions)
        }
        if flexible { try buffer.readKafkaTaggedFields() }
    }
}
