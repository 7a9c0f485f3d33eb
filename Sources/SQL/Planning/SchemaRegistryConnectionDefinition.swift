/// `CREATE CONNECTION … TO CONFLUENT SCHEMA REGISTRY (URL '…', …)`, checked: the registry's base URL, basic-auth
/// credentials and TLS settings (secrets by name), and how its requests travel (direct, through an AWS PRIVATELINK
/// endpoint, or through an SSH TUNNEL).
///
/// The registry usually sits in the same private network as the brokers, so it takes the same routes.
public struct SchemaRegistryConnectionDefinition: Hashable, Sendable, Codable {
    /// The URL as written, e.g. `https://registry.internal:8081/`.
    public var url: String
    /// `http` or `https`, lower case.
    public var scheme: String
    public var host: String
    public var port: Int
    /// The path prefix before the REST endpoints, without a trailing `/` (usually empty).
    public var pathPrefix: String
    public var username: TextOrSecret?
    /// The name of the secret holding the password.
    public var password: String?
    public var sslCertificateAuthority: TextOrSecret?
    public var sslCertificate: TextOrSecret?
    /// The name of the secret holding the client key (PEM).
    public var sslKey: String?
    /// `AWS PRIVATELINK pl [(PORT n)]` or `SSH TUNNEL t`; nil for a direct connection.
    public var route: KafkaRoute?

    public var usesTLS: Bool { scheme == "https" }

    /// The registry's origin for messages: `https://host:port` (never credentials).
    public var origin: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost):\(port)"
    }

    init(reading reader: OptionReader) throws(SQLError) {
        let example = "URL 'https://registry.internal:8081'"
        url = try reader.requiredText("URL", example: example)
        (scheme, host, port, pathPrefix) = try Self.split(url, reader: reader, example: example)
        username = try reader.textOrSecret("USERNAME")
        password = try reader.secret("PASSWORD")
        sslCertificateAuthority = try reader.textOrSecret("SSL CERTIFICATE AUTHORITY")
        sslCertificate = try reader.textOrSecret("SSL CERTIFICATE")
        sslKey = try reader.secret("SSL KEY")
        if password != nil, username == nil {
            throw reader.missing("USERNAME", example: "USERNAME = 'user' beside PASSWORD = SECRET name")
        }
        if (sslCertificate == nil) != (sslKey == nil) {
            throw reader.missing(
                sslKey == nil ? "SSL KEY" : "SSL CERTIFICATE",
                example: "SSL CERTIFICATE and SSL KEY = SECRET name together for client authentication")
        }
        if scheme == "http", sslCertificateAuthority != nil || sslCertificate != nil {
            throw reader.invalid(
                "the SSL options need an https:// URL; write URL '\(url.replacingPrefix("http://", with: "https://"))'",
                option: "URL")
        }
        if reader.has("AWS PRIVATELINK"), reader.has("SSH TUNNEL") {
            throw reader.invalid("give either AWS PRIVATELINK or SSH TUNNEL, not both", option: "SSH TUNNEL")
        }
        if let option = reader.option("AWS PRIVATELINK"), case .object(let name, let options) = option.value {
            let sub = OptionReader(options: options, context: "AWS PRIVATELINK")
            route = .privateLink(connection: name, port: try sub.port("PORT"), availabilityZone: nil)
        }
        if let option = reader.option("SSH TUNNEL"), case .object(let name, _) = option.value {
            route = .sshTunnel(connection: name)
        }
    }

    /// `scheme://host[:port][/prefix]`: only http and https, no credentials in the URL, no query.
    private static func split(_ url: String, reader: OptionReader, example: String) throws(SQLError)
        -> (String, String, Int, String)
    {
        let trimmed = url.trimmingSpaces
        let parts = trimmed.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw reader.invalid("URL '\(url)' has no scheme; write \(example)", option: "URL")
        }
        let scheme = parts[0].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw reader.invalid("URL '\(url)' must start with http:// or https://; write \(example)", option: "URL")
        }
        var rest = parts[1]
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[slash...])
            rest = rest[..<slash]
        }
        guard !rest.contains("@") else {
            throw reader.invalid(
                "URL '\(scheme)://…@…' must not hold credentials; give USERNAME and PASSWORD = SECRET name instead",
                option: "URL")
        }
        guard !path.contains("?"), !path.contains("#") else {
            throw reader.invalid("URL '\(url)' must not have a query or fragment; write \(example)", option: "URL")
        }
        var host = String(rest)
        var port = scheme == "https" ? 443 : 80
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else {
                throw reader.invalid("URL '\(url)' has an unclosed [ in its host", option: "URL")
            }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let number = Int(after.dropFirst()), (1...65535).contains(number) else {
                    throw reader.invalid("URL '\(url)' has an invalid port; write \(example)", option: "URL")
                }
                port = number
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            guard let number = Int(host[host.index(after: colon)...]), (1...65535).contains(number) else {
                throw reader.invalid("URL '\(url)' has an invalid port; write \(example)", option: "URL")
            }
            port = number
            host = String(host[..<colon])
        }
        guard !host.isEmpty, !host.contains(" ") else {
            throw reader.invalid("URL '\(url)' has no host; write \(example)", option: "URL")
        }
        while path.hasSuffix("/") { path.removeLast() }
        return (scheme, host, port, path)
    }

    /// Every secret referenced, by name, without duplicates.
    public var referencedSecrets: [String] {
        var names: [String] = []
        for name in [
            username?.secretName, password, sslCertificateAuthority?.secretName, sslCertificate?.secretName, sslKey,
        ].compactMap({ $0 }) where !names.contains(name) {
            names.append(name)
        }
        return names
    }

    /// The PrivateLink or SSH connection the route names, with the type it must have.
    public var referencedConnections: [(name: String, type: ConnectionType)] {
        switch route {
        case .privateLink(let connection, _, _): return [(connection, .awsPrivateLink)]
        case .sshTunnel(let connection): return [(connection, .sshTunnel)]
        case .direct, nil: return []
        }
    }
}

extension String {
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
