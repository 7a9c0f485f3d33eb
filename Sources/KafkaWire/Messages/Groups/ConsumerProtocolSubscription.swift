import NIOCore

/// What a consumer puts in JoinGroup's protocol metadata: the topics it subscribes to and (v1+) the
/// partitions it owns, for assignors such as `range` and `cooperative-sticky`.
///
/// Encoded with a leading int16 version, versions 0-3, never flexible (this is Kafka's "consumer" embedded
/// protocol, shared with Java and librdkafka members of the same group).
public struct ConsumerProtocolSubscription: Hashable, Sendable {
    public static let supportedVersions: ClosedRange<Int16> = 0...3

    public struct TopicPartitions: Hashable, Sendable {
        public var topic: String
        public var partitions: [Int32]

        public init(topic: String, partitions: [Int32]) {
            self.topic = topic
            self.partitions = partitions
        }
    }

    public var topics: [String]
    public var userData: ByteBuffer?
    /// v1+.
    public var ownedPartitions: [TopicPartitions]
    /// v2+.
    public var generationID: Int32
    /// v3+.
    public var rackID: String?

    public init(
        topics: [String], userData: ByteBuffer? = nil, ownedPartitions: [TopicPartitions] = [],
        generationID: Int32 = -1, rackID: String? = nil
    ) {
        self.topics = topics
        self.userData = userData
        self.ownedPartitions = ownedPartitions
        self.generationID = generationID
        self.rackID = rackID
    }

    /// Writes the version, then the fields of that version.
    public func write(into buffer: inout ByteBuffer, version: Int16 = 3) {
        buffer.writeInteger(version)
        buffer.writeKafkaStringArray(topics, compact: false)
        buffer.writeKafkaNullableBytes(userData, compact: false)
        if version >= 1 { TopicPartitions.write(ownedPartitions, into: &buffer) }
        if version >= 2 { buffer.writeInteger(generationID) }
        if version >= 3 { buffer.writeKafkaNullableString(rackID, compact: false) }
    }

    /// Reads a subscription of any version; newer versions' extra fields are ignored as Kafka's members do.
    public init(from buffer: inout ByteBuffer) throws {
        do {
            let version = try buffer.readKafkaInt16("Version")
            guard version >= 0 else { throw KafkaWireError.malformed("Version", "negative version \(version)") }
            topics = try buffer.readKafkaStringArray("Topics", compact: false)
            userData = try buffer.readKafkaNullableBytes("UserData", compact: false)
            ownedPartitions = version >= 1 ? try TopicPartitions.read(&buffer, field: "OwnedPartitions") : []
            generationID = version >= 2 ? try buffer.readKafkaInt32("GenerationId") : -1
            rackID = version >= 3 ? try buffer.readKafkaNullableString("RackId", compact: false) : nil
            if version > 3 { buffer.moveReaderIndex(forwardBy: buffer.readableBytes) }
        } catch let error as KafkaWireError {
            throw error.inMessage("ConsumerProtocolSubscription")
        }
    }
}

extension ConsumerProtocolSubscription.TopicPartitions {
    static func write(_ list: [Self], into buffer: inout ByteBuffer) {
        buffer.writeKafkaArray(list, compact: false) { buffer, entry in
            buffer.writeKafkaString(entry.topic, compact: false)
            buffer.writeKafkaInt32Array(entry.partitions, compact: false)
        }
    }

    static func read(_ buffer: inout ByteBuffer, field: String) throws -> [Self] {
        try buffer.readKafkaArray(field, compact: false) { buffer in
            Self(
                topic: try buffer.readKafkaString("Topic", compact: false),
                partitions: try buffer.readKafkaInt32Array("Partitions", compact: false))
        }
    }
}
