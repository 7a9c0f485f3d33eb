/// PrivateLink endpoints from configuration: service name → endpoint DNS name, optionally one per AZ.
///
/// The server fills it from `--privatelink-endpoint 'SERVICE_NAME[@AZ_ID]=HOST'` and the configuration file
/// (parsed once, by `PrivateLinkEndpoint(parsing:)` in InletServer).
public struct StaticPrivateLinkEndpoints: PrivateLinkEndpointProvider, Hashable, Sendable {
    private struct Entry: Hashable, Sendable {
        var host: String?
        var zones: [String: String] = [:]
    }

    private var entries: [String: Entry] = [:]

    public init() {}

    public mutating func add(serviceName: String, availabilityZone: String? = nil, host: String) {
        var entry = entries[serviceName] ?? Entry()
        if let availabilityZone {
            entry.zones[availabilityZone] = host
        } else {
            entry.host = host
        }
        entries[serviceName] = entry
    }

    public var serviceNames: [String] { entries.keys.sorted() }

    public func endpointHost(for connection: PrivateLinkConnection, availabilityZone: String?) throws(RoutingError)
        -> String
    {
        guard let entry = entries[connection.serviceName] else {
            throw RoutingError(
                code: .noEndpoint,
                message:
                    "no endpoint is configured for PrivateLink service '\(connection.serviceName)' (connection \(connection.name)); start the server with --privatelink-endpoint '\(connection.serviceName)=ENDPOINT_HOST'"
            )
        }
        if let availabilityZone {
            if let host = entry.zones[availabilityZone] { return host }
            if let host = entry.host { return host }
            throw RoutingError(
                code: .noEndpoint,
                message:
                    "no endpoint is configured for PrivateLink service '\(connection.serviceName)' in availability zone \(availabilityZone); add --privatelink-endpoint '\(connection.serviceName)@\(availabilityZone)=ENDPOINT_HOST'"
            )
        }
        if let host = entry.host { return host }
        // No zone asked for: any zone's endpoint reaches the service (the NLB spans the zones).
        if let first = entry.zones.keys.sorted().first, let host = entry.zones[first] { return host }
        throw RoutingError(
            code: .noEndpoint, message: "no endpoint is configured for PrivateLink service '\(connection.serviceName)'")
    }
}
