import KafkaClient

/// Where a Confluent-compatible schema registry is and how to talk to it: its origin and path prefix, basic-auth
/// credentials, TLS, and the dialer that opens the byte stream (direct, a PrivateLink endpoint, an SSH channel).
///
/// TLS always names the URL's host, whatever the dialer reaches, so the registry's certificate stays valid behind
/// PrivateLink and SSH, as for brokers.
public struct SchemaRegistryConfiguration: Sendable {
    public var scheme: String
    public var host: String
    public var port: Int
    /// Prepended to every request path, without a trailing `/` (usually empty).
    public var pathPrefix: String
    public var username: String?
    /// Never logged or shown.
    public var password: String?
    /// For `https`: the CAs to trust and the client certificate; nil trusts the system's roots.
    public var tls: KafkaTLSConfiguration?
    public var dialer: any KafkaDialer
    /// How long one request may take, connecting included.
    public var requestTimeout: Duration

    public init(
        scheme: String, host: String, port: Int, pathPrefix: String = "", username: String? = nil,
        password: String? = nil, tls: KafkaTLSConfiguration? = nil, dialer: any KafkaDialer = TCPDialer(),
        requestTimeout: Duration = .seconds(10)
    ) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.pathPrefix = pathPrefix
        self.username = username
        self.password = password
        self.tls = tls
        self.dialer = dialer
        self.requestTimeout = requestTimeout
    }

    public var usesTLS: Bool { scheme == "https" }

    /// `scheme://host:port` plus the prefix: how messages name the registry (no credentials).
    public var url: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost):\(port)\(pathPrefix)"
    }
}
