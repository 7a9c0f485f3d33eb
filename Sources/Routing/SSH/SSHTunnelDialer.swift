import KafkaClient
import NIOCore

/// Dials every broker through one SSH tunnel: the Kafka client's connection becomes a `direct-tcpip`
/// channel from the bastion to the broker's advertised host and port.
///
/// TLS, SASL and the Kafka protocol then run inside the channel exactly as over TCP, with TLS naming the
/// advertised host, so broker certificates stay valid.
public struct SSHTunnelDialer: KafkaDialer {
    /// The tunnel every dial goes through.
    public let tunnel: SSHTunnel

    public init(tunnel: SSHTunnel) {
        self.tunnel = tunnel
    }

    public func dial(_ broker: BrokerAddress, on eventLoop: any EventLoop) async throws -> any Channel {
        try await tunnel.openChannel(to: broker.host, port: broker.port, on: eventLoop)
    }
}
