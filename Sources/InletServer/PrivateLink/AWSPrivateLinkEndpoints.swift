import NIOConcurrencyHelpers
import Routing

/// PrivateLink endpoints the server made itself through the EC2 API, by connection name: the endpoint's
/// regional DNS name and one per availability zone id, as the `AWSPrivateLinkManager` learns them.
///
/// Services in the static `--privatelink-endpoint` table still resolve through it, so self-managed endpoints and
/// server-made ones can live side by side.
public final class AWSPrivateLinkEndpoints: PrivateLinkEndpointProvider, Sendable {
    struct Entry: Sendable, Hashable {
        var regional: String
        var zonal: [String: String]
    }

    private let table = NIOLockedValueBox<[String: Entry]>([:])
    private let standings = NIOLockedValueBox<[String: PrivateLinkStanding]>([:])
    private let fallback: StaticPrivateLinkEndpoints

    public init(fallback: StaticPrivateLinkEndpoints = StaticPrivateLinkEndpoints()) {
        self.fallback = fallback
    }

    /// Publishes the DNS names of `connection`'s endpoint once it is available.
    public func publish(connection: String, regional: String, zonal: [String: String]) {
        table.withLockedValue { $0[connection] = Entry(regional: regional, zonal: zonal) }
    }

    /// Forgets `connection`'s endpoint (dropped, or no longer available).
    public func withdraw(connection: String) {
        _ = table.withLockedValue { $0.removeValue(forKey: connection) }
    }

    /// Records where `connection`'s endpoint stands, for the advice given while it cannot be dialled.
    public func note(connection: String, _ standing: PrivateLinkStanding?) {
        standings.withLockedValue { $0[connection] = standing }
    }

    /// Where `connection`'s endpoint stands, as the manager last saw it.
    public func standing(of connection: String) -> PrivateLinkStanding? {
        standings.withLockedValue { $0[connection] }
    }

    /// The published regional name of `connection`, nil while there is none.
    public func regionalHost(of connection: String) -> String? {
        table.withLockedValue { $0[connection]?.regional }
    }

    public func endpointHost(for connection: PrivateLinkConnection, availabilityZone: String?) throws(RoutingError)
        -> String
    {
        if let entry = table.withLockedValue({ $0[connection.name] }) {
            if let availabilityZone, let host = entry.zonal[availabilityZone] { return host }
            return entry.regional
        }
        if fallback.serviceNames.contains(connection.serviceName) {
            return try fallback.endpointHost(for: connection, availabilityZone: availabilityZone)
        }
        if let advice = standing(of: connection.name)?.advice(connection: connection.name) {
            throw RoutingError(code: .noEndpoint, message: advice)
        }
        throw RoutingError(
            code: .noEndpoint,
            message:
                "the interface endpoint of PrivateLink connection \(connection.name) is not available yet; "
                + "SELECT status FROM mz_internal.mz_aws_privatelink_connection_statuses WHERE name = '\(connection.name)' "
                + "says where it stands")
    }
}
