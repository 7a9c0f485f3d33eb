import NIOCore

/// The outcome of a produce request per partition: the base offset assigned to the first record, or an error.
///
/// Versions 3-11, flexible from v9. From v10 a NOT_LEADER_OR_FOLLOWER answer may carry the new leader
/// (`currentLeader`) and its address (`nodeEndpoints`).
public struct ProduceResponse: KafkaWritableResponse, Hashable {
    public struct RecordError: Hashable, Sendable {
        public var batchIndex: Int32
        public var message: String?

        public init(batchIndex: Int32, message: String?) {
            self.batchIndex = batchIndex
            self.message = message
        }
    }

    public struct Partition: Hashable, Sendable {
        public var index: Int32
        public var errorCode: KafkaErrorCode
        public var baseOffset: Int64
        /// -1 unless the topic uses LogAppendTime.
        public var logAppendTimeMs: Int64
        /// v5+.
        public var logStartOffset: Int64
        /// v8+: the records that made the batch fail.
        public var recordErrors: [RecordError]
        /// v8+.
        public var errorMessage: String?
        /// v10+ (tag 0).
        public var currentLeader: KafkaLeaderIDAndEpoch?

        public init(
            index: Int32, errorCode: KafkaErrorCode = .noError, baseOffset: Int64, logAppendTimeMs: Int64 = -1,
            logStartOffset: Int64 = -1, recordErrors: [RecordError] = [], errorMessage: String? = nil,
            currentLeader: KafkaLeaderIDAndEpoch? = nil
        ) {
            self.index = index
            self.errorCode = errorCode
            self.baseOffset = baseOffset
            self.logAppendTimeMs = logAppendTimeMs
            self.logStartOffset = logStartOffset
            self.recordErrors = recordErrors
            self.errorMessage = errorMessage
            self.currentLeader = currentLeader
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

    public var topics: [Topic]
    public var throttleTimeMs: Int32
    /// v10+ (tag 0).
    public var nodeEndpoints: [KafkaNodeEndpoint]

    public init(topics: [Topic], throttleTimeMs: Int32 = 0, nodeEndpoints: [KafkaNodeEndpoint] = []) {
        self.topics = topics
        self.throttleTimeMs = throttleTimeMs
        self.nodeEndpoints = nodeEndpoints
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 9
        topics = try buffer.readKafkaArray("Responses", compact: flexible) { buffer in
            let name = try buffer.readKafkaString("Name", compact: flexible)
            let partitions = try buffer.readKafkaArray("PartitionResponses", compact: flexible) { buffer in
                try Self.readPartition(&buffer, version: version)
            }
            if flexible { try buffer.readKafkaTaggedFields() }
            return Topic(name: name, partitions: partitions)
        }
        throttleTimeMs = try buffer.readKafkaInt32("ThrottleTimeMs")
        var endpoints: [KafkaNodeEndpoint] = []
        if flexible {
            try buffer.readKafkaTaggedFields { tag, data in
                guard tag == 0, version >= 10 else { return false }
                endpoints = try KafkaNodeEndpoint.readArray(&data)
                return true
            }
        }
        nodeEndpoints = endpoints
    }

    private static func readPartition(_ buffer: inout ByteBuffer, version: Int16) throws -> Partition {
        let flexible = version >= 9
        var partition = Partition(
            index: try buffer.readKafkaInt32("Index"),
            errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode")),
            baseOffset: try buffer.readKafkaInt64("BaseOffset"),
            logAppendTimeMs: try buffer.readKafkaInt64("LogAppendTimeMs"))
        if version >= 5 { partition.logStartOffset = try buffer.readKafkaInt64("LogStartOffset") }
        if version >= 8 {
            partition.recordErrors = try buffer.readKafkaArray("RecordErrors", compact: flexible) { buffer in
                let error = RecordError(
                    batchIndex: try buffer.readKafkaInt32("BatchIndex"),
                    message: try buffer.readKafkaNullableString("BatchIndexErrorMessage", compact: flexible))
                if flexible { try buffer.readKafkaTaggedFields() }
                return error
            }
            partition.errorMessage = try buffer.readKafkaNullableString("ErrorMessage", compact: flexible)
        }
        if flexible {
            try buffer.readKafkaTaggedFields { tag, data in
                guard tag == 0, version >= 10 else { return false }
                partition.currentLeader = try KafkaLeaderIDAndEpoch.read(&data)
                return true
            }
        }
        return partition
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 9
        buffer.writeKafkaArray(topics, compact: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, compact: flexible)
            buffer.writeKafkaArray(topic.partitions, compact: flexible) { buffer, partition in
                buffer.writeInteger(partition.index)
                buffer.writeInteger(partition.errorCode.rawValue)
                buffer.writeInteger(partition.baseOffset)
                buffer.writeInteger(partition.logAppendTimeMs)
                if version >= 5 { buffer.writeInteger(partition.logStartOffset) }
                if version >= 8 {
                    buffer.writeKafkaArray(partition.recordErrors, compact: flexible) { buffer, error in
                        buffer.writeInteger(error.batchIndex)
                        buffer.writeKafkaNullableString(error.message, compact: flexible)
                        if flexible { buffer.writeEmptyKafkaTaggedFields() }
                    }
                    buffer.writeKafkaNullableString(partition.errorMessage, compact: flexible)
                }
                guard flexible else { return }
                if version >= 10, let leader = partition.currentLeader {
                    buffer.writeKafkaTaggedFields([KafkaTaggedField(tag: 0) { leader.write(into: &$0) }])
                } else {
                    buffer.writeEmptyKafkaTaggedFields()
                }
            }
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
        buffer.writeInteger(throttleTimeMs)
        guard flexible else { return }
        if version >= 10, !nodeEndpoints.isEmpty {
            buffer.writeKafkaTaggedFields([
                KafkaTaggedField(tag: 0) { KafkaNodeEndpoint.writeArray(nodeEndpoints, into: &$0) }
            ])
        } else {
            buffer.writeEmptyKafkaTaggedFields()
        }
    }
}
