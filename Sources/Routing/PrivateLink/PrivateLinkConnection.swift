/// An `AWS PRIVATELINK` connection: the endpoint service it names and the availability zones it spans.
public struct PrivateLinkConnection: Hashable, Sendable {
    public var name: String
    /// `com.amazonaws.vpce.<region>.vpce-svc-<id>`.
    public var serviceName: String
    /// AZ ids such as `use1-az1`.
    public var availabilityZones: [String]

    public init(name: String, serviceName: String, availabilityZones: [String]) {
        self.name = name
        self.serviceName = serviceName
        self.availabilityZones = availabilityZones
    }
}

/// Tells where the interface endpoint of a PrivateLink connection lives.
///
/// A static table from the server configuration for self-managed deployments and tests; later the AWS EC2 API,
/// which creates the interface endpoint and reports its state.
public protocol PrivateLinkEndpointProvider: Sendable {
    /// The DNS name (or address) to dial for `connection`, the AZ-specific one when `availabilityZone` is given.
    func endpointHost(for connection: PrivateLinkConnection, availabilityZone: String?) throws(RoutingError) -> String
}
