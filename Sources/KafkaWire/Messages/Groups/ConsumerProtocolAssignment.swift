import NIOCore

/// What the group leader sends each consumer in SyncGroup: its assigned partitions.
///
/// Encoded with a leading int16 version, versions 0-3 (all the same layout), never flexible.
public struct ConsumerProtocolAssignment: Hashable, Sendable {
    public var assignedPartitions: [ConsumerProtocolSubscription.TopicPartitions]
    public var userData: ByteBuffer?

    public init(assignedPartitions: [ConsumerProtocolSubscription.TopicPartitions], userData: ByteBuffer? = nil) {
        self.assignedPartitions = assignedPartitions
        self.userData = userData
    }

    public func write(into buffer: inout ByteBuffer, version: Int16 = 3) {
        buffer.writeInteger(version)
        ConsumerProtocolSubscription.TopicPartitions.write(assignedPartitions, into: &buffer)
        buffer.writeKafkaNullableBytes(userData, compact: false)
    }

    /// Reads an assignment; an empty buffer (what SyncGroup returns to a member with nothing assigned) reads as
    /// no partitions.
    public init(from buffer: inout ByteBuffer) throws {
        guard buffer.readableBytes > 0 else {
            assignedPartitions = []
            userData = nil
            return
        }
        do {
            let version = try buffer.readKafkaInt16("Version")
            guard version >= 0 else { throw KafkaWireError.malformed("Version", "negative version \(version)") }
            assignedPartitions = try ConsumerProtocolSubscription.TopicPartitions.read(
                &buffer, field: "AssignedPartitions")
            userData = try buffer.readKafkaNullableBytes("UserData", compact: false)
            if version > 3 { buffer.moveReaderIndex(forwardBy: buffer.readableBytes) }
        } catch let error as KafkaWireError {
            throw error.inMessage("ConsumerProtocolAssignment")
        }
    }
}
