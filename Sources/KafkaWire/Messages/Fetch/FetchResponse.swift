import NIOCore

/// Records and watermarks per partition, in answer to a `FetchRequest`.
///
/// Versions 4-17, flexible from v12; v13+ names topics by id only (`name` is then `""`). `records` is a slice of
/// the response frame (no copy) holding zero or more record batches; the last one may be cut short by the
/// broker's size limits, which the record batch reader must tolerate.
public struct FetchResponse: KafkaWritableResponse, Hashable {
    public struct AbortedTransaction: Hashable, Sendable {
        public var producerID: Int64
        public var firstOffset: Int64

        public init(producerID: Int64, firstOffset: Int64) {
            self.producerID = producerID
            self.firstOffset = firstOffset
        }
    }

    /// v12+ (tag 0): where the follower's log diverged from the leader's.
    public struct EpochEndOffset: Hashable, Sendable {
        public var epoch: Int32
        public var endOffset: Int64

        public init(epoch: Int32 = -1, endOffset: Int64 = -1) {
            self.epoch = epoch
            self.endOffset = endOffset
        }
    }

    /// v12+ (tag 2): the snapshot a KRaft follower must fetch.
    public struct SnapshotID: Hashable, Sendable {
        public var endOffset: Int64
        public var epoch: Int32

        public init(endOffset: Int64 = -1, epoch: Int32 = -1) {
            self.endOffset = endOffset
            self.epoch = epoch
        }
    }

    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var errorCode: KafkaErrorCode
        public var highWatermark: Int64
        /// -1 when unknown.
        public var lastStableOffset: Int64
        /// v5+; -1 when unknown.
        public var logStartOffset: Int64
        /// v12+ (tag 0).
        public var divergingEpoch: EpochEndOffset?
        /// v12+ (tag 1): the new leader, sent with NOT_LEADER_OR_FOLLOWER and FENCED_LEADER_EPOCH.
        public var currentLeader: KafkaLeaderIDAndEpoch?
        /// v12+ (tag 2).
        public var snapshotID: SnapshotID?
        /// nil when the fetch was not read-committed.
        public var abortedTransactions: [AbortedTransaction]?
        /// v11+; -1 when the leader should be used.
        public var preferredReadReplica: Int32
        /// Record batches as sent by the broker (a slice of the frame), or nil.
        public var records: ByteBuffer?

        public init(
            partitionIndex: Int32, errorCode: KafkaErrorCode = .noError, highWatermark: Int64,
            lastStableOffset: Int64 = -1, logStartOffset: Int64 = -1, divergingEpoch: EpochEndOffset? = nil,
            currentLeader: KafkaLeaderIDAndEpoch? = nil, snapshotID: SnapshotID? = nil,
            abortedTransactions: [AbortedTransaction]? = nil, preferredReadReplica: Int32 = -1,
            records: ByteBuffer?
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.highWatermark = highWatermark
            self.lastStableOffset = lastStableOffset
            self.logStartOffset = logStartOffset
            self.divergingEpoch = divergingEpoch
            self.currentLeader = currentLeader
            self.snapshotID = snapshotID
            self.abortedTransactions = abortedTransactions
            self.preferredReadReplica = preferredReadReplica
            self.records = records
        }
    }

    public struct Topic: Hashable, Sendable {
        /// v4-12; `""` in v13+.
        public var name: String
        /// v13+; `.zero` before.
        public var topicID: KafkaUUID
        public var partitions: [Partition]

        public init(name: String = "", topicID: KafkaUUID = .zero, partitions: [Partition]) {
            self.name = name
            self.topicID = topicID
            self.partitions = partitions
        }
    }

    public var throttleTimeMs: Int32
    /// v7+: top-level error (fetch session errors).
    public var errorCode: KafkaErrorCode
    /// v7+.
    public var sessionID: Int32
    public var topics: [Topic]
    /// v16+ (tag 0): addresses of the leaders named in `currentLeader`.
    public var nodeEndpoints: [KafkaNodeEndpoint]

    public init(
        throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .noError, sessionID: Int32 = 0, topics: [Topic],
        nodeEndpoints: [KafkaNodeEndpoint] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.sessionID = sessionID
        self.topics = topics
        self.nodeEndpoints = nodeEndpoints
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 12
        self.init(topics: [])
        throttleTimeMs = try buffer.readKafkaInt32("ThrottleTimeMs")
        if version >= 7 {
            errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode"))
            sessionID = try buffer.readKafkaInt32("SessionId")
        }
        topics = try buffer.readKafkaArray("Responses", compact: flexible) { buffer in
            var topic = Topic(partitions: [])
            if version >= 13 {
                topic.topicID = try buffer.readKafkaUUID("TopicId")
            } else {
                topic.name = try buffer.readKafkaString("Topic", compact: flexible)
            }
            topic.partitions = try buffer.readKafkaArray("Partitions", compact: flexible) { buffer in
                try Self.readPartition(&buffer, version: version)
            }
            if flexible { try buffer.readKafkaTaggedFields() }
            return topic
        }
        guard flexible else { return }
        var endpoints: [KafkaNodeEndpoint] = []
        try buffer.readKafkaTaggedFields { tag, data in
            guard tag == 0, version >= 16 else { return false }
            endpoints = try KafkaNodeEndpoint.readArray(&data)
            return true
        }
        nodeEndpoints = endpoints
    }

    private static func readPartition(_ buffer: inout ByteBuffer, version: Int16) throws -> Partition {
        let flexible = version >= 12
        var partition = Partition(
            partitionIndex: try buffer.readKafkaInt32("PartitionIndex"),
            errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode")),
            highWatermark: try buffer.readKafkaInt64("HighWatermark"),
            lastStableOffset: try buffer.readKafkaInt64("LastStableOffset"),
            records: nil)
        if version >= 5 { partition.logStartOffset = try buffer.readKafkaInt64("LogStartOffset") }
        partition.abortedTransactions = try buffer.readKafkaNullableArray("AbortedTransactions", compact: flexible) {
            buffer in
            let aborted = AbortedTransaction(
                producerID: try buffer.readKafkaInt64("ProducerId"),
                firstOffset: try buffer.readKafkaInt64("FirstOffset"))
            if flexible { try buffer.readKafkaTaggedFields() }
            return aborted
        }
        if version >= 11 { partition.preferredReadReplica = try buffer.readKafkaInt32("PreferredReadReplica") }
        partition.records = try buffer.readKafkaNullableBytes("Records", compact: flexible)
        if flexible {
            try buffer.readKafkaTaggedFields { tag, data in
                switch tag {
                case 0:
                    partition.divergingEpoch = EpochEndOffset(
                        epoch: try data.readKafkaInt32("DivergingEpoch.Epoch"),
                        endOffset: try data.readKafkaInt64("DivergingEpoch.EndOffset"))
                case 1:
                    partition.currentLeader = try KafkaLeaderIDAndEpoch.read(&data)
                    return true
                case 2:
                    partition.snapshotID = SnapshotID(
                        endOffset: try data.readKafkaInt64("SnapshotId.EndOffset"),
                        epoch: try data.readKafkaInt32("SnapshotId.Epoch"))
                default:
                    return false
                }
                try data.readKafkaTaggedFields()
                return true
            }
        }
        return partition
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 12
        buffer.writeInteger(throttleTimeMs)
        if version >= 7 {
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeInteger(sessionID)
        }
        buffer.writeKafkaArray(topics, compact: flexible) { buffer, topic in
            if version >= 13 {
                buffer.writeKafkaUUID(topic.topicID)
            } else {
                buffer.writeKafkaString(topic.name, compact: flexible)
            }
            buffer.writeKafkaArray(topic.partitions, compact: flexible) { buffer, partition in
                Self.writePartition(partition, into: &buffer, version: version)
            }
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
        guard flexible else { return }
        if version >= 16, !nodeEndpoints.isEmpty {
            buffer.writeKafkaTaggedFields([
                KafkaTaggedField(tag: 0) { KafkaNodeEndpoint.writeArray(nodeEndpoints, into: &$0) }
            ])
        } else {
            buffer.writeEmptyKafkaTaggedFields()
        }
    }

    private static func writePartition(_ partition: Partition, into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 12
        buffer.writeInteger(partition.partitionIndex)
        buffer.writeInteger(partition.errorCode.rawValue)
        buffer.writeInteger(partition.highWatermark)
        buffer.writeInteger(partition.lastStableOffset)
        if version >= 5 { buffer.writeInteger(partition.logStartOffset) }
        buffer.writeKafkaNullableArray(partition.abortedTransactions, compact: flexible) { buffer, aborted in
            buffer.writeInteger(aborted.producerID)
            buffer.writeInteger(aborted.firstOffset)
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
        if version >= 11 { buffer.writeInteger(partition.preferredReadReplica) }
        buffer.writeKafkaNullableBytes(partition.records, compact: flexible)
        guard flexible else { return }
        var tagged: [KafkaTaggedField] = []
        if let diverging = partition.divergingEpoch {
            tagged.append(
                KafkaTaggedField(tag: 0) {
                    $0.writeInteger(diverging.epoch)
                    $0.writeInteger(diverging.endOffset)
                    $0.writeEmptyKafkaTaggedFields()
                })
        }
        if let leader = partition.currentLeader {
            tagged.append(KafkaTaggedField(tag: 1) { leader.write(into: &$0) })
        }
        if let snapshot = partition.snapshotID {
            tagged.append(
                KafkaTaggedField(tag: 2) {
                    $0.writeInteger(snapshot.endOffset)
                    $0.writeInteger(snapshot.epoch)
                    $0.writeEmptyKafkaTaggedFields()
                })
        }
        buffer.writeKafkaTaggedFields(tagged)
    }
}
