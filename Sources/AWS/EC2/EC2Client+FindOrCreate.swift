extension EC2Client {
    /// States after which an endpoint is gone and a new one may be made.
    public static let goneStates: Set<String> = ["deleting", "deleted"]

    /// The live interface endpoint tagged `identity`, or a new one made with `request` (which should carry the
    /// same tag and a client token), so that a restarted server finds its endpoint instead of making a second.
    ///
    /// AWS makes CreateVpcEndpoint idempotent for one client token by itself; the tag lookup covers what the
    /// token cannot: a token is only honoured for a while, and emulators (moto) ignore it.
    public func findOrCreateInterfaceEndpoint(_ request: InterfaceEndpointRequest, identifiedBy identity: EC2Tag)
        async throws -> (endpoint: VpcEndpoint, created: Bool)
    {
        let existing = try await describeVpcEndpoints(filters: [
            .tag(identity.key, identity.value), EC2Filter(name: "vpc-id", values: [request.vpcID]),
        ])
        if let live = existing.first(where: {
            !Self.goneStates.contains($0.state.lowercased()) && $0.serviceName == request.serviceName
        }) {
            return (live, false)
        }
        var request = request
        if !request.tags.contains(identity) { request.tags.append(identity) }
        return (try await createInterfaceEndpoint(request), true)
    }
}
