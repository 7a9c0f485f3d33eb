/// The way a broker connection is carried: directly, through a PrivateLink endpoint, through an SSH tunnel,
/// or to a literal endpoint address given on the command line.
///
/// A struct over a private enum so that new ways (another cloud's private endpoints) can be added without
/// breaking callers; switch on `kind` to inspect it.
public struct RouteVia: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// DNS + TCP to the advertised address.
        case direct
        /// The endpoint of the named `AWS PRIVATELINK` connection; `port` defaults to the broker's own port,
        /// `availabilityZone` picks the AZ-specific endpoint name.
        case privateLink(connection: String, port: Int?, availabilityZone: String?)
        /// A `direct-tcpip` channel through the named SSH tunnel connection to the advertised address.
        case sshTunnel(connection: String)
        /// A literal address (CLI `--route`); `port` defaults to the broker's own port.
        case endpoint(host: String, port: Int?)
    }

    public let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    public static let direct = RouteVia(.direct)

    public static func privateLink(_ connection: String, port: Int? = nil, availabilityZone: String? = nil) -> RouteVia
    {
        RouteVia(.privateLink(connection: connection, port: port, availabilityZone: availabilityZone))
    }

    public static func sshTunnel(_ connection: String) -> RouteVia {
        RouteVia(.sshTunnel(connection: connection))
    }

    public static func endpoint(host: String, port: Int? = nil) -> RouteVia {
        RouteVia(.endpoint(host: host, port: port))
    }

    /// The Materialize-style clause for this way, as it appears after a broker in `BROKERS (…)`.
    public var description: String {
        switch kind {
        case .direct:
            return "direct"
        case .privateLink(let connection, let port, let zone):
            var options: [String] = []
            if let port { options.append("PORT \(port)") }
            if let zone { options.append("AVAILABILITY ZONE '\(zone)'") }
            return "USING AWS PRIVATELINK \(connection)"
                + (options.isEmpty ? "" : " (\(options.joined(separator: ", ")))")
        case .sshTunnel(let connection):
            return "USING SSH TUNNEL \(connection)"
        case .endpoint(let host, let port):
            return "to \(port.map { "\(host):\($0)" } ?? host)"
        }
    }
}
