extension RouteTable {
    /// Builds a table from the CLI's flags: `--route 'ADVERTISED_HOST:PORT=TARGET_HOST[:PORT]'` (exact),
    /// `--route-matching 'PATTERN=TARGET_HOST[:PORT]'` and `--route-default 'TARGET_HOST[:PORT]'`.
    /// A target without a port keeps the broker's own port.
    public init(routes: [String], matching: [String] = [], defaultRoute: String? = nil) throws(RoutingError) {
        var table = RouteTable()
        for spec in routes {
            let (left, right) = try Self.split(
                spec, flag: "--route", example: "b-1.msk.internal:9096=vpce-1.example:9001")
            guard let broker = HostPort(left), let port = broker.port else {
                throw RoutingError(
                    code: .invalidRoute,
                    message:
                        "--route '\(spec)': the advertised broker '\(left)' needs a host and a port, e.g. b-1.msk.internal:9096"
                )
            }
            let target = try Self.target(right, in: spec, flag: "--route")
            table.brokers.append(
                BrokerRoute(host: broker.host, port: port, via: .endpoint(host: target.host, port: target.port)))
        }
        for spec in matching {
            let (left, right) = try Self.split(
                spec, flag: "--route-matching", example: "b-*.msk.internal=vpce-1.example")
            let pattern = try BrokerPattern(left)
            let target = try Self.target(right, in: spec, flag: "--route-matching")
            table.matching.append(MatchingRoute(pattern: pattern, via: .endpoint(host: target.host, port: target.port)))
        }
        if let defaultRoute {
            let target = try Self.target(defaultRoute, in: defaultRoute, flag: "--route-default")
            table.defaultVia = .endpoint(host: target.host, port: target.port)
        }
        self = table
    }

    private static func split(_ spec: String, flag: String, example: String) throws(RoutingError) -> (String, String) {
        guard let equals = spec.lastIndex(of: "=") else {
            throw RoutingError(
                code: .invalidRoute, message: "\(flag) '\(spec)' has no '='; write it like \(flag) '\(example)'")
        }
        return (String(spec[..<equals]), String(spec[spec.index(after: equals)...]))
    }

    private static func target(_ text: String, in spec: String, flag: String) throws(RoutingError) -> HostPort {
        guard let target = HostPort(text) else {
            throw RoutingError(code: .invalidRoute, message: "\(flag) '\(spec)': '\(text)' is not HOST or HOST:PORT")
        }
        return target
    }
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`.
struct HostPort: Hashable, Sendable {
    var host: String
    var port: Int?

    init?(_ text: String) {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.isEmpty {
                port = nil
            } else if rest.hasPrefix(":"), let value = Int(rest.dropFirst()), (1...65535).contains(value) {
                port = value
            } else {
                return nil
            }
        } else if let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon {
            guard let value = Int(text[text.index(after: colon)...]), (1...65535).contains(value) else { return nil }
            host = String(text[..<colon])
            port = value
        } else {
            host = text
            port = nil
        }
        if host.isEmpty || host.contains(where: { $0 == " " || $0 == "=" || $0 == "/" }) { return nil }
    }
}
