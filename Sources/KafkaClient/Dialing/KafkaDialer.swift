import NIOCore

/// A broker as the cluster names it: the node id from metadata and the advertised host and port.
///
/// Bootstrap addresses have no node id yet. This is what routing decides on, and what TLS names.
public struct BrokerAddress: Hashable, Sendable, CustomStringConvertible {
    /// The broker's node id, or nil for a bootstrap address not yet matched to a node.
    public var nodeID: Int32?
    /// The advertised host, exactly as metadata (or the bootstrap list) gives it.
    public var host: String
    /// The advertised port.
    public var port: Int

    public init(nodeID: Int32? = nil, host: String, port: Int) {
        self.nodeID = nodeID
        self.host = host
        self.port = port
    }

    /// `host:port`, with IPv6 literals bracketed.
    public var hostPort: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public var description: String {
        if let nodeID { return "\(hostPort) (node \(nodeID))" }
        return hostPort
    }
}

/// The single seam through which the Kafka client opens every connection.
///
/// Bootstrap connections, brokers learned from metadata and group coordinators all go through one dialer,
/// so a route table (PrivateLink listener, SSH channel, direct) decides where each advertised broker's
/// bytes really go. The dialer returns a connected, active channel carrying raw bytes to the broker;
/// the client then adds TLS (naming `broker.host`, never the dialled target), SASL and the Kafka protocol
/// handlers to its pipeline. Nothing else in the client may open a socket.
public protocol KafkaDialer: Sendable {
    /// Opens a byte stream to `broker` on `eventLoop`, or throws an error that names the hop that failed.
    func dial(_ broker: BrokerAddress, on eventLoop: any EventLoop) async throws -> any Channel
}
