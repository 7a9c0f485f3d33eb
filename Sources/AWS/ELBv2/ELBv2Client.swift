/// The ELBv2 calls of `inlet privatelink check`: a network load balancer's listeners, the target groups they
/// forward to, and the health of every registered target.
///
/// Describe calls follow `NextMarker` to the end, so callers always see every item.
public struct ELBv2Client: Sendable {
    public var client: AWSClient
    /// Items per page (`PageSize`, AWS allows 1–400); nil lets AWS choose.
    public var pageSize: Int?

    public init(client: AWSClient, pageSize: Int? = nil) {
        self.client = client
        self.pageSize = pageSize
    }

    /// The load balancers with these ARNs or names; every load balancer of the region when both are empty.
    public func describeLoadBalancers(arns: [String] = [], names: [String] = []) async throws -> [LoadBalancer] {
        let base = Self.members("LoadBalancerArns", arns) + Self.members("Names", names)
        return try await paged(base) { parameters in
            let result = try await client.query(
                .elbv2, action: "DescribeLoadBalancers", parameters: parameters,
                as: DescribeLoadBalancersResponseXML.self
            ).DescribeLoadBalancersResult
            return (result.LoadBalancers.members().map(\.loadBalancer), result.NextMarker)
        }
    }

    /// The listeners of a load balancer.
    public func describeListeners(loadBalancerARN: String) async throws -> [Listener] {
        try await paged([("LoadBalancerArn", loadBalancerARN)]) { parameters in
            let result = try await client.query(
                .elbv2, action: "DescribeListeners", parameters: parameters, as: DescribeListenersResponseXML.self
            ).DescribeListenersResult
            return (result.Listeners.members().map(\.listener), result.NextMarker)
        }
    }

    /// Target groups by ARN, by name, or those a load balancer's listeners and rules use (give one of the three).
    /// A name or ARN that does not exist is AWS's error `TargetGroupNotFound`.
    public func describeTargetGroups(
        arns: [String] = [], names: [String] = [], loadBalancerARN: String? = nil
    ) async throws -> [TargetGroup] {
        var base = Self.members("TargetGroupArns", arns) + Self.members("Names", names)
        if let loadBalancerARN { base.append(("LoadBalancerArn", loadBalancerARN)) }
        return try await paged(base) { parameters in
            let result = try await client.query(
                .elbv2, action: "DescribeTargetGroups", parameters: parameters,
                as: DescribeTargetGroupsResponseXML.self
            ).DescribeTargetGroupsResult
            return (result.TargetGroups.members().map(\.targetGroup), result.NextMarker)
        }
    }

    /// The target group named `name`, nil when there is none.
    public func targetGroup(named name: String) async throws -> TargetGroup? {
        do {
            return try await describeTargetGroups(names: [name]).first
        } catch let error as AWSError where error.awsCode == "TargetGroupNotFound" {
            return nil
        }
    }

    /// The registered targets of a target group and their health (the call has no pages).
    public func describeTargetHealth(targetGroupARN: String) async throws -> [TargetHealthDescription] {
        try await client.query(
            .elbv2, action: "DescribeTargetHealth", parameters: [("TargetGroupArn", targetGroupARN)],
            as: DescribeTargetHealthResponseXML.self
        ).DescribeTargetHealthResult.TargetHealthDescriptions.members().map(\.description)
    }

    /// Calls `page` with `Marker` set to each `NextMarker` until there is none, and joins the items.
    private func paged<Item>(
        _ base: [(String, String)],
        _ page: ([(String, String)]) async throws -> ([Item], String?)
    ) async throws -> [Item] {
        var items: [Item] = []
        var marker: String?
        var sizes: [(String, String)] = []
        if let pageSize { sizes.append(("PageSize", String(pageSize))) }
        repeat {
            let (found, next) = try await page(base + sizes + (marker.map { [("Marker", $0)] } ?? []))
            items += found
            marker = next
        } while marker?.isEmpty == false
        return items
    }

    /// `Name.member.1=a&Name.member.2=b`: how the ELBv2 Query protocol spells a list.
    static func members(_ name: String, _ values: [String]) -> [(String, String)] {
        values.enumerated().map { ("\(name).member.\($0.offset + 1)", $0.element) }
    }
}
