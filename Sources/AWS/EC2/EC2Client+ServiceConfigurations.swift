/// The endpoint service owner's side of PrivateLink: which network load balancers stand behind a service.
public struct VpcEndpointServiceConfiguration: Sendable, Hashable {
    public var serviceID: String
    public var serviceName: String?
    public var serviceState: String?
    public var networkLoadBalancerARNs: [String]
}

extension EC2Client {
    /// DescribeVpcEndpointServiceConfigurations for `serviceIDs` (`vpce-svc-…`), following `nextToken`.
    ///
    /// Only the service's owner may call it; anyone else is answered `InvalidVpcEndpointServiceId.NotFound`.
    public func describeVpcEndpointServiceConfigurations(serviceIDs: [String]) async throws
        -> [VpcEndpointServiceConfiguration]
    {
        var configurations: [VpcEndpointServiceConfiguration] = []
        var token: String?
        repeat {
            let page = try await client.query(
                .ec2, action: "DescribeVpcEndpointServiceConfigurations",
                parameters: Self.list("ServiceId", serviceIDs) + (token.map { [("NextToken", $0)] } ?? []),
                as: DescribeVpcEndpointServiceConfigurationsResponseXML.self)
            configurations += page.serviceConfigurationSet.list().map {
                VpcEndpointServiceConfiguration(
                    serviceID: $0.serviceId, serviceName: $0.serviceName, serviceState: $0.serviceState,
                    networkLoadBalancerARNs: $0.networkLoadBalancerArnSet.list())
            }
            token = page.nextToken
        } while token?.isEmpty == false
        return configurations
    }

    /// `vpce-svc-0def` from `com.amazonaws.vpce.us-east-1.vpce-svc-0def`; nil when the name has no service id.
    public static func serviceID(ofServiceName name: String) -> String? {
        guard let last = name.split(separator: ".").last, last.hasPrefix("vpce-svc-") else { return nil }
        return String(last)
    }
}

struct DescribeVpcEndpointServiceConfigurationsResponseXML: Decodable {
    var serviceConfigurationSet: ItemSet<ServiceConfigurationXML>?
    var nextToken: String?
}

struct ServiceConfigurationXML: Decodable {
    var serviceId: String
    var serviceName: String?
    var serviceState: String?
    var networkLoadBalancerArnSet: ItemSet<String>?
}
