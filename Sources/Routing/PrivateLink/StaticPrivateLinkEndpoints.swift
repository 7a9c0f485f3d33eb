/// PrivateLink endpoints from configuration: service name → endpoint DNS name, optionally one per AZ.
///
/// Written as `SERVICE_NAME=HOST` or `SERVICE_NAME@AZ_ID=HOST` (the `--privatelink-endpoint` flag and the
/// configuration file use the same form).
public struct StaticPrivateLinkEndpoints: PrivateLinkEndpointProvider, Hashable, Sendable {
    private struct Entry: Hashable, Sendable {
        var host: String?
        var zones: [String: String] = [:]
    }

    private var entries: [String: Entry] = [:]

    public init() {}

    /// Parses `SERVICE_NAME=HOST` / `SERVICE_NAME@AZ_ID=HOST` specifications.
    public init(specifications: [String]) throws(RoutingError) {
        for specification in specifications {
            try add(specification: specification)
        }
    }

    public mutating func add(serviceName: String, availabilityZone: String? = nil, host: String) {
        var entry = entries[serviceName] ?? Entry()
        if let availabilityZone {
            entry.zones[availabilityZone] = host
        } else {
            entry.host = host
        }
        entries[serviceName] = entry
    }

    public mutating func add(specification: String) throws(RoutingError) {
        guard let equals = specification.firstIndex(of: "="),
            case let key = specification[..<equals], !key.isEmpty,
            case let host = specification[specification.index(after: equals)...], !host.isEmpty
        else {
            throw RoutingError(
                code: .invalidRoute,
                message: "PrivateLink endpoint '\(specification)' is not SERVICE_NAME=HOST or SERVICE_NAME@AZ_ID=HOST"
            )
        }
        let parts = key.split(separator: "@", maxSplits: 1)
        add(
            serviceName: String(parts[0]),
            availabilityZone: parts.count == 2 ? String(parts[1]) : nil,
            host: String(host)
        )
    }

    public var serviceNames: [String] { entries.keys.sorted() }

    public func endpointHost(for connection: PrivateLinkConnection, availabilityZone: String?) throws(RoutingError)
        -> String
    {
        guard let entry = entries[connection.serviceName] else {
            throw RoutingError(
                code: .noEndpoint,
                message: "no endpoint is configured for PrivateLink service '\(connection.serviceName)' (connection \(connection.name)); start the server with --privatelink-endpoint '\(connection.serviceName)=ENDPOINT_HOST'"
            )
        }
        if let availabilityZone {
            if let host = entry.zones[availabilityZone] { return host }
            if let host = entry.host { return host }
            throw RoutingError(
                code: .noEndpoint,
                message: "no endpoint is configured for PrivateLink service '\(connection.serviceName)' in availability zone \(availabilityZone); add --privatelink-endpoint '\(connection.serviceName)@\(availabilityZone)=ENDPOINT_HOST'"
            )
        }
        if let host = entry.host { return host }
        // No zone asked for: any zone's endpoint reaches the service (the NLB spans the zones).
        if let first = entry.zones.keys.sorted().first, let host = entry.zones[first] { return host }
        throw RoutingError(code: .noEndpoint, message: "no endpoint is configured for PrivateLink service '\(connection.serviceName)'")
    }
}
