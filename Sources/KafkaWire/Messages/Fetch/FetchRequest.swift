import NIOCore

/// Asks partition leaders for records from given offsets, waiting up to `maxWaitMs` for `minBytes`.
///
/// Versions 4-17 (v4 is the first that returns record batches v2 with the last stable offset), flexible from v12.
/// From v13 topics are named by id (`topicID`, from Metadata v10+) instead of by name; the field that is not
/// on the wire in a version is ignored when writing and left empty (`""` / `.zero`) when reading.
/// Inlet fetches as a consumer: replica id -1 (no replica state in v15+), fetch sessions optional (id 0, epoch -1
/// means "no session").
public struct FetchRequest: KafkaReadableRequest, Hashable {
    public typealias Response = FetchResponse

    public static let apiKey = APIKey.fetch
    public static let supportedVersions: ClosedRange<Int16> = 4...17
    public static let firstFlexibleVersion: Int16? = 12

    public struct Partition: Hashable, Sendable {
        public var partition: Int32
        /// v9+; -1 skips the leader epoch check.
        public var currentLeaderEpoch: Int32
        public var fetchOffset: Int64
        /// v12+.
        public var lastFetchedEpoch: Int32
        /// v5+; only meaningful for followers.
        public var logStartOffset: Int64
        public var partitionMaxBytes: Int32

        public init(
            partition: Int32, currentLeaderEpoch: Int32 = -1, fetchOffset: Int64, lastFetchedEpoch: Int32 = -1,
            logStartOffset: Int64 = -1, partitionMaxBytes: Int32
        ) {
            self.partition = partition
            self.currentLeaderEpoch = currentLeaderEpoch
            self.fetchOffset = fetchOffset
            self.lastFetchedEpoch = lastFetchedEpoch
            self.logStartOffset = logStartOffset
            self.partitionMaxBytes = partitionMaxBytes
        }
    }

    public struct Topic: Hashable, Sendable {
        /// Sent in v4-12.
        public var name: String
        /// Sent in v13+.
        public var topicID: KafkaUUID
        public var partitions: [Partition]

        public init(name: String = "", topicID: KafkaUUID = .zero, partitions: [Partition]) {
            self.name = name
            self.topicID = topicID
            self.partitions = partitions
        }
    }

    /// Partitions to remove from an incremental fetch session (v7+).
    public struct ForgottenTopic: Hashable, Sendable {
        /// Sent in v7-12.
        public var name: String
        /// Sent in v13+.
        public var topicID: KafkaUUID
        public var partitions: [Int32]

        public init(name: String = "", topicID: KafkaUUID = .zero, partitions: [Int32]) {
            self.name = name
            self.topicID = topicID
            self.partitions = partitions
        }
    }

    /// v12+ (tag 0).
    public var clusterID: String?
    /// v4-14; always -1 for consumers (v15+ carries it in the replica state, which consumers omit).
    public var replicaID: Int32
    public var maxWaitMs: Int32
    public var minBytes: Int32
    public var maxBytes: Int32
    /// 0: read uncommitted; 1: read committed (stop at the last stable offset, drop aborted transactions).
    public var isolationLevel: Int8
    /// v7+.
    public var sessionID: Int32
    /// v7+.
    public var sessionEpoch: Int32
    public var topics: [Topic]
    /// v7+.
    public var forgottenTopics: [ForgottenTopic]
    /// v11+.
    public var rackID: String

    public init(
        clusterID: String? = nil, replicaID: Int32 = -1, maxWaitMs: Int32, minBytes: Int32,
        maxBytes: Int32 = Int32.max, isolationLevel: Int8 = 0, sessionID: Int32 = 0, sessionEpoch: Int32 = -1,
        topics: [Topic], forgottenTopics: [ForgottenTopic] = [], rackID: String = ""
    ) {
        self.clusterID = clusterID
        self.replicaID = replicaID
        self.maxWaitMs = maxWaitMs
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.isolationLevel = isolationLevel
        self.sessionID = sessionID
        self.sessionEpoch = sessionEpoch
        self.topics = topics
        self.forgottenTopics = forgottenTopics
        self.rackID = rackID
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 12
        if version <= 14 { buffer.writeInteger(replicaID) }
        buffer.writeInteger(maxWaitMs)
        buffer.writeInteger(minBytes)
        buffer.writeInteger(maxBytes)
        buffer.writeInteger(isolationLevel)
        if version >= 7 {
            buffer.writeInteger(sessionID)
            buffer.writeInteger(sessionEpoch)
        }
        buffer.writeKafkaArray(topics, compact: flexible) { buffer, topic in
            if version >= 13 {
                buffer.writeKafkaUUID(topic.topicID)
            } else {
                buffer.writeKafkaString(topic.name, compact: flexible)
            }
            buffer.writeKafkaArray(topic.partitions, compact: flexible) { buffer, partition in
                buffer.writeInteger(partition.partition)
                if version >= 9 { buffer.writeInteger(partition.currentLeaderEpoch) }
                buffer.writeInteger(partition.fetchOffset)
                if version >= 12 { buffer.writeInteger(partition.lastFetchedEpoch) }
                if version >= 5 { buffer.writeInteger(partition.logStartOffset) }
                buffer.writeInteger(partition.partitionMaxBytes)
                if flexible { buffer.writeEmptyKafkaTaggedFields() }
            }
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
        if version >= 7 {
            buffer.writeKafkaArray(forgottenTopics, compact: flexible) { buffer, topic in
                if version >= 13 {
                    buffer.writeKafkaUUID(topic.topicID)
                } else {
                    buffer.writeKafkaString(topic.name, compact: flexible)
                }
                buffer.writeKafkaInt32Array(topic.partitions, compact: flexible)
                if flexible { buffer.writeEmptyKafkaTaggedFields() }
            }
        }
        if version >= 11 { buffer.writeKafkaString(rackID, compact: flexible) }
        guard flexible else { return }
        if let clusterID {
            buffer.writeKafkaTaggedFields([KafkaTaggedField(tag: 0) { $0.writeKafkaString(clusterID, compact: true) }])
        } else {
            buffer.writeEmptyKafkaTaggedFields()
        }
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 12
        self.init(maxWaitMs: 0, minBytes: 0, topics: [])
        if version <= 14 { replicaID = try buffer.readKafkaInt32("ReplicaId") }
        maxWaitMs = try buffer.readKafkaInt32("MaxWaitMs")
        minBytes = try buffer.readKafkaInt32("MinBytes")
        maxBytes = try buffer.readKafkaInt32("MaxBytes")
        isolationLevel = try buffer.readKafkaInt8("IsolationLevel")
        if version >= 7 {
            sessionID = try buffer.readKafkaInt32("SessionId")
            sessionEpoch = try buffer.readKafkaInt32("SessionEpoch")
        }
        topics = try buffer.readKafkaArray("Topics", compact: flexible) { buffer in
            var topic = Topic(partitions: [])
            if version >= 13 {
                topic.topicID = try buffer.readKafkaUUID("TopicId")
            } else {
                topic.name = try buffer.readKafkaString("Topic", compact: flexible)
            }
            topic.partitions = try buffer.readKafkaArray("Partitions", compact: flexible) { buffer in
                var partition = Partition(
                    partition: try buffer.readKafkaInt32("Partition"), fetchOffset: 0, partitionMaxBytes: 0)
                if version >= 9 { partition.currentLeaderEpoch = try buffer.readKafkaInt32("CurrentLeaderEpoch") }
                partition.fetchOffset = try buffer.readKafkaInt64("FetchOffset")
                if version >= 12 { partition.lastFetchedEpoch = try buffer.readKafkaInt32("LastFetchedEpoch") }
                if version >= 5 { partition.logStartOffset = try buffer.readKafkaInt64("LogStartOffset") }
                partition.partitionMaxBytes = try buffer.readKafkaInt32("PartitionMaxBytes")
                if flexible { try buffer.readKafkaTaggedFields() }
                return partition
            }
            if flexible { try buffer.readKafkaTaggedFields() }
            return topic
        }
        if version >= 7 {
            forgottenTopics = try buffer.readKafkaArray("ForgottenTopicsData", compact: flexible) { buffer in
                var topic = ForgottenTopic(partitions: [])
                if version >= 13 {
                    topic.topicID = try buffer.readKafkaUUID("TopicId")
                } else {
                    topic.name = try buffer.readKafkaString("Topic", compact: flexible)
                }
                topic.partitions = try buffer.readKafkaInt32Array("Partitions", compact: flexible)
                if flexible { try buffer.readKafkaTaggedFields() }
                return topic
            }
        }
        if version >= 11 { rackID = try buffer.readKafkaString("RackId", compact: flexible) }
        guard flexible else { return }
        var cluster: String? = nil
        try buffer.readKafkaTaggedFields { tag, data in
            guard tag == 0 else { return false }
            cluster = try data.readKafkaNullableString("ClusterId", compact: true)
            return true
        }
        clusterID = cluster
    }
}
