import NIOCore
import NIOPosix

/// The default dialer: resolves the advertised host with DNS and opens a TCP connection to it.
///
/// Used when no route applies. Errors name the host and say whether it did not resolve, refused the
/// connection or timed out.
public struct TCPDialer: KafkaDialer {
    /// How long one connection attempt may take, DNS included.
    public var connectTimeout: TimeAmount

    public init(connectTimeout: TimeAmount = .seconds(10)) {
        self.connectTimeout = connectTimeout
    }

    public func dial(_ broker: BrokerAddress, on eventLoop: any EventLoop) async throws -> any Channel {
        try await Self.connect(
            host: broker.host, port: broker.port, for: broker, on: eventLoop, timeout: connectTimeout)
    }

    /// Opens TCP to `host:port` on behalf of `broker`; other dialers (a PrivateLink route) reuse it.
    public static func connect(
        host: String, port: Int, for broker: BrokerAddress, on eventLoop: any EventLoop, timeout: TimeAmount
    ) async throws -> any Channel {
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
        do {
            return try await bootstrap.connect(host: host, port: port).get()
        } catch {
            throw describe(error, host: host, port: port, broker: broker)
        }
    }

    static func describe(_ error: any Error, host: String, port: Int, broker: BrokerAddress) -> KafkaClientError {
        let target = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        let via = target == broker.hostPort ? "" : " (dialled for broker \(broker))"
        if let connectionError = error as? NIOConnectionError {
            if connectionError.connectionErrors.isEmpty {
                return KafkaClientError(
                    .resolve, "cannot resolve \(host)\(via): no address found; check the name or add a route for it",
                    underlying: error)
            }
            for failure in connectionError.connectionErrors {
                if let io = failure.error as? IOError, io.errnoCode == ECONNREFUSED {
                    return KafkaClientError(
                        .connect,
                        "connection refused by \(describe(failure.target, fallback: target))\(via); "
                            + "is the broker listening there?",
                        underlying: error)
                }
            }
            if let first = connectionError.connectionErrors.first {
                if first.error is ChannelError, case .connectTimeout = first.error as! ChannelError {
                    return KafkaClientError(
                        .timeout, "connecting to \(target)\(via) timed out; is it reachable from here?",
                        underlying: error)
                }
                return KafkaClientError(
                    .connect, "cannot connect to \(target)\(via): \(first.error)", underlying: error)
            }
        }
        if let channelError = error as? ChannelError, case .connectTimeout = channelError {
            return KafkaClientError(
                .timeout, "connecting to \(target)\(via) timed out; is it reachable from here?", underlying: error)
        }
        if let io = error as? IOError, io.errnoCode == ECONNREFUSED {
            return KafkaClientError(
                .connect, "connection refused by \(target)\(via); is the broker listening there?", underlying: error)
        }
        if String(describing: error).contains("resolve") || error is NIOConnectionError {
            return KafkaClientError(.resolve, "cannot resolve \(host)\(via)", underlying: error)
        }
        return KafkaClientError(.connect, "cannot connect to \(target)\(via): \(error)", underlying: error)
    }

    private static func describe(_ address: SocketAddress, fallback: String) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return fallback }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}
