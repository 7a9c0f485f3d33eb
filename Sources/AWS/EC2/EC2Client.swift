/// The EC2 calls of the PrivateLink lifecycle: endpoint services, interface endpoints, availability zones.
///
/// Describe calls follow `nextToken` to the end, so callers always see every item.
public struct EC2Client: Sendable {
    public var client: AWSClient

    public init(client: AWSClient) { self.client = client }

    /// What CreateVpcEndpoint needs for an interface endpoint.
    public struct InterfaceEndpointRequest: Sendable, Hashable {
        public var vpcID: String
        public var serviceName: String
        public var subnetIDs: [String]
        public var securityGroupIDs: [String]
        /// Makes the call idempotent: AWS answers a repeat with the same token with the endpoint it made.
        public var clientToken: String?
        public var tags: [EC2Tag]
        /// Off for PrivateLink to Kafka: the broker names must keep resolving to the brokers' own addresses.
        public var privateDNSEnabled: Bool

        public init(
            vpcID: String,
            serviceName: String,
            subnetIDs: [String],
            securityGroupIDs: [String],
            clientToken: String? = nil,
            tags: [EC2Tag] = [],
            privateDNSEnabled: Bool = false
        ) {
            self.vpcID = vpcID
            self.serviceName = serviceName
            self.subnetIDs = subnetIDs
            self.securityGroupIDs = securityGroupIDs
            self.clientToken = clientToken
            self.tags = tags
            self.privateDNSEnabled = privateDNSEnabled
        }
    }

    public func describeVpcEndpointServices(serviceNames: [String] = [], filters: [EC2Filter] = []) async throws
        -> [VpcEndpointService]
    {
        let base = Self.list("ServiceName", serviceNames) + Self.filters(filters)
        var services: [VpcEndpointService] = []
        var token: String?
        repeat {
            let page = try await client.query(
                .ec2, action: "DescribeVpcEndpointServices", parameters: base + Self.nextToken(token),
                as: DescribeVpcEndpointServicesResponseXML.self)
            services += page.serviceDetailSet.list().map(\.service)
            token = page.nextToken
        } while token?.isEmpty == false
        return services
    }

    public func createInterfaceEndpoint(_ request: InterfaceEndpointRequest) async throws -> VpcEndpoint {
        var parameters: [(String, String)] = [
            ("VpcEndpointType", "Interface"), ("VpcId", request.vpcID), ("ServiceName", request.serviceName),
            ("PrivateDnsEnabled", request.privateDNSEnabled ? "true" : "false"),
        ]
        parameters += Self.list("SubnetId", request.subnetIDs)
        parameters += Self.list("SecurityGroupId", request.securityGroupIDs)
        if let token = request.clientToken { parameters.append(("ClientToken", token)) }
        if !request.tags.isEmpty {
            parameters.append(("TagSpecification.1.ResourceType", "vpc-endpoint"))
            for (index, tag) in request.tags.enumerated() {
                parameters.append(("TagSpecification.1.Tag.\(index + 1).Key", tag.key))
                parameters.append(("TagSpecification.1.Tag.\(index + 1).Value", tag.value))
            }
        }
        let response = try await client.query(
            .ec2, action: "CreateVpcEndpoint", parameters: parameters, as: CreateVpcEndpointResponseXML.self)
        return response.vpcEndpoint.endpoint
    }

    public func describeVpcEndpoints(ids: [String] = [], filters: [EC2Filter] = []) async throws -> [VpcEndpoint] {
        let base = Self.list("VpcEndpointId", ids) + Self.filters(filters)
        var endpoints: [VpcEndpoint] = []
        var token: String?
        repeat {
            let page = try await client.query(
                .ec2, action: "DescribeVpcEndpoints", parameters: base + Self.nextToken(token),
                as: DescribeVpcEndpointsResponseXML.self)
            endpoints += page.vpcEndpointSet.list().map(\.endpoint)
            token = page.nextToken
        } while token?.isEmpty == false
        return endpoints
    }

    /// Deletes the endpoints; returns those AWS could not delete, with its reasons.
    @discardableResult
    public func deleteVpcEndpoints(ids: [String]) async throws -> [EC2UnsuccessfulItem] {
        let response = try await client.query(
            .ec2, action: "DeleteVpcEndpoints", parameters: Self.list("VpcEndpointId", ids),
            as: DeleteVpcEndpointsResponseXML.self)
        return response.unsuccessful.list().map {
            EC2UnsuccessfulItem(resourceID: $0.resourceId, code: $0.error?.code, message: $0.error?.message)
        }
    }

    public func describeAvailabilityZones(zoneIDs: [String] = []) async throws -> [AvailabilityZone] {
        let response = try await client.query(
            .ec2, action: "DescribeAvailabilityZones", parameters: Self.list("ZoneId", zoneIDs),
            as: DescribeAvailabilityZonesResponseXML.self)
        return response.availabilityZoneInfo.list().map {
            AvailabilityZone(name: $0.zoneName, id: $0.zoneId, state: $0.zoneState, regionName: $0.regionName)
        }
    }

    public func describeSubnets(ids: [String]) async throws -> [Subnet] {
        var subnets: [Subnet] = []
        var token: String?
        repeat {
            let page = try await client.query(
                .ec2, action: "DescribeSubnets", parameters: Self.list("SubnetId", ids) + Self.nextToken(token),
                as: DescribeSubnetsResponseXML.self)
            subnets += page.subnetSet.list().map {
                Subnet(
                    id: $0.subnetId, vpcID: $0.vpcId, availabilityZone: $0.availabilityZone,
                    availabilityZoneID: $0.availabilityZoneId)
            }
            token = page.nextToken
        } while token?.isEmpty == false
        return subnets
    }

    /// `Name.1=a&Name.2=b`: how the EC2 Query protocol spells a list.
    static func list(_ name: String, _ values: [String]) -> [(String, String)] {
        values.enumerated().map { ("\(name).\($0.offset + 1)", $0.element) }
    }

    static func filters(_ filters: [EC2Filter]) -> [(String, String)] {
        var parameters: [(String, String)] = []
        for (index, filter) in filters.enumerated() {
            parameters.append(("Filter.\(index + 1).Name", filter.name))
            parameters += list("Filter.\(index + 1).Value", filter.values)
        }
        return parameters
    }

    private static func nextToken(_ token: String?) -> [(String, String)] {
        token.map { [("NextToken", $0)] } ?? []
    }
}
