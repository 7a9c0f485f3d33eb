import NIOCore

/// A broker's advertised address as carried in the tagged `NodeEndpoints` of Produce (v10+) and Fetch (v16+)
/// responses, sent with NOT_LEADER_OR_FOLLOWER so the client can reach the new leader without a metadata refresh.
public struct KafkaNodeEndpoint: Hashable, Sendable {
    public var nodeID: Int32
    public var host: String
    public var port: Int32
    public var rack: String?

    public init(nodeID: Int32, host: String, port: Int32, rack: String? = nil) {
        self.nodeID = nodeID
        self.host = host
        self.port = port
        self.rack = rack
    }

    static func readArray(_ buffer: inout ByteBuffer) throws -> [KafkaNodeEndpoint] {
        try buffer.readKafkaArray("NodeEndpoints", compact: true) { buffer in
            let endpoint = KafkaNodeEndpoint(
                nodeID: try buffer.readKafkaInt32("NodeId"),
                host: try buffer.readKafkaString("Host", compact: true),
                port: try buffer.readKafkaInt32("Port"),
                rack: try buffer.readKafkaNullableString("Rack", compact: true))
            try buffer.readKafkaTaggedFields()
            return endpoint
        }
    }

    static func writeArray(_ endpoints: [KafkaNodeEndpoint], into buffer: inout ByteBuffer) {
        buffer.writeKafkaArray(endpoints, compact: true) { buffer, endpoint in
            buffer.writeInteger(endpoint.nodeID)
            buffer.writeKafkaString(endpoint.host, compact: true)
            buffer.writeInteger(endpoint.port)
            buffer.writeKafkaNullableString(endpoint.rack, compact: true)
            buffer.writeEmptyKafkaTaggedFields()
        }
    }
}

/// A partition's current leader and epoch, as carried in tagged `CurrentLeader` fields of Produce and Fetch.
public struct KafkaLeaderIDAndEpoch: Hashable, Sendable {
    public var leaderID: Int32
    public var leaderEpoch: Int32

    public init(leaderID: Int32 = -1, leaderEpoch: Int32 = -1) {
        self.leaderID = leaderID
        self.leaderEpoch = leaderEpoch
    }

    static func read(_ buffer: inout ByteBuffer) throws -> KafkaLeaderIDAndEpoch {
        let value = KafkaLeaderIDAndEpoch(
            leaderID: try buffer.readKafkaInt32("LeaderId"), leaderEpoch: try buffer.readKafkaInt32("LeaderEpoch"))
        try buffer.readKafkaTaggedFields()
        return value
    }

    func write(into buffer: inout ByteBuffer) {
        buffer.writeInteger(leaderID)
        buffer.writeInteger(leaderEpoch)
        buffer.writeEmptyKafkaTaggedFields()
    }
}
