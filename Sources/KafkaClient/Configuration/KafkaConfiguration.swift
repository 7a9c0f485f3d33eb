import NIOCore
import NIOPosix

/// Everything a Kafka client needs to reach a cluster: where to start, how to secure connections, and the
/// dialer that decides where each broker's bytes go.
///
/// Plain values with defaults, so the CLI, the SQL layer and tests build it the same way. The dialer is
/// any `KafkaDialer`; the route table of a KAFKA connection (PrivateLink, SSH) is one.
public struct KafkaConfiguration: Sendable {
    /// Addresses to ask for metadata first; several are tried in turn.
    public var bootstrapBrokers: [BrokerAddress]
    /// `client.id` sent in every request header.
    public var clientID: String
    /// TLS for every broker connection, or nil for plaintext.
    public var tls: KafkaTLSConfiguration?
    /// SASL credentials, or nil for no authentication.
    public var sasl: KafkaSASLConfiguration?
    /// Opens every connection the client makes; the default is DNS + TCP.
    public var dialer: any KafkaDialer
    /// How long a broker may take to answer one request.
    public var requestTimeout: TimeAmount
    /// How long cached metadata is trusted before it is refreshed.
    public var metadataMaxAge: TimeAmount
    /// Waiting between reconnection attempts to one broker.
    public var reconnectBackoff: KafkaBackoff
    /// How long an operation keeps retrying retriable failures (lost connections, leader changes).
    public var retryTimeout: TimeAmount
    /// The event loops connections run on.
    public var eventLoopGroup: any EventLoopGroup
    /// Called with every metadata answer, so routing can report brokers it does not map as soon as they
    /// appear (not only when they are dialled).
    public var metadataObserver: (@Sendable (ClusterMetadata) -> Void)? = nil

    public init(
        bootstrapBrokers: [BrokerAddress],
        clientID: String = "inlet",
        tls: KafkaTLSConfiguration? = nil,
        sasl: KafkaSASLConfiguration? = nil,
        dialer: any KafkaDialer = TCPDialer(),
        requestTimeout: TimeAmount = .seconds(30),
        metadataMaxAge: TimeAmount = .minutes(5),
        reconnectBackoff: KafkaBackoff = KafkaBackoff(),
        retryTimeout: TimeAmount = .seconds(60),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.bootstrapBrokers = bootstrapBrokers
        self.clientID = clientID
        self.tls = tls
        self.sasl = sasl
        self.dialer = dialer
        self.requestTimeout = requestTimeout
        self.metadataMaxAge = metadataMaxAge
        self.reconnectBackoff = reconnectBackoff
        self.retryTimeout = retryTimeout
        self.eventLoopGroup = eventLoopGroup
    }

    /// Parses `host:port` (or `[v6]:port`) as a bootstrap address; throws a `.configuration` error otherwise.
    public static func parseBroker(_ text: String) throws -> BrokerAddress {
        var host = Substring(text)
        var portText: Substring = ""
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if rest.hasPrefix(":") { portText = rest.dropFirst() }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (1...65535).contains(port) else {
            throw KafkaClientError(.configuration, "'\(text)' is not a broker address; write it as host:port")
        }
        return BrokerAddress(host: String(host), port: port)
    }
}

/// Exponential backoff with a cap: how long to wait before the n-th reconnection attempt.
///
/// Pure arithmetic over attempts so tests check the schedule without sleeping.
public struct KafkaBackoff: Sendable, Equatable {
    public var initial: TimeAmount
    public var maximum: TimeAmount
    public var multiplier: Double

    public init(initial: TimeAmount = .milliseconds(100), maximum: TimeAmount = .seconds(10), multiplier: Double = 2) {
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
    }

    /// The wait before attempt `failures + 1` after `failures` consecutive failures (0 → no wait).
    public func delay(afterFailures failures: Int) -> TimeAmount {
        guard failures > 0 else { return .zero }
        let nanos = Double(initial.nanoseconds) * pow(multiplier, Double(min(failures - 1, 40)))
        return .nanoseconds(Int64(min(nanos, Double(maximum.nanoseconds))))
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
