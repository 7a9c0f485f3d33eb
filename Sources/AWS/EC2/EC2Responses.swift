/// The XML shapes of the EC2 answers Inlet reads (element names as EC2 writes them), decoded by XMLCoder and
/// turned into the public types of EC2Types.swift.

/// `<xxxSet><item>…</item>…</xxxSet>`: EC2's list wrapper; an empty or absent set is an empty list.
struct ItemSet<Element: Decodable>: Decodable {
    var items: [Element]

    enum CodingKeys: String, CodingKey { case item }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decodeIfPresent([Element].self, forKey: .item) ?? []
    }
}

extension Optional {
    func list<Element>() -> [Element] where Wrapped == ItemSet<Element> { self?.items ?? [] }
}

struct GroupXML: Decodable {
    var groupId: String?
    var groupName: String?
}

struct ErrorXML: Decodable {
    var code: String?
    var message: String?
}

struct VpcEndpointXML: Decodable {
    var vpcEndpointId: String
    var vpcEndpointType: String?
    var vpcId: String?
    var serviceName: String?
    var state: String?
    var subnetIdSet: ItemSet<String>?
    var groupSet: ItemSet<GroupXML>?
    var dnsEntrySet: ItemSet<VpcEndpoint.DNSEntry>?
    var privateDnsEnabled: Bool?
    var tagSet: ItemSet<EC2Tag>?
    var lastError: ErrorXML?
    var failureReason: String?

    var endpoint: VpcEndpoint {
        VpcEndpoint(
            id: vpcEndpointId, type: vpcEndpointType, vpcID: vpcId, serviceName: serviceName ?? "",
            state: state ?? "unknown", subnetIDs: subnetIdSet.list(),
            securityGroupIDs: groupSet.list().compactMap(\.groupId), dnsEntries: dnsEntrySet.list(),
            privateDNSEnabled: privateDnsEnabled, tags: tagSet.list(),
            lastError: lastError.map { "\($0.code ?? ""): \($0.message ?? "")" } ?? failureReason)
    }
}

struct CreateVpcEndpointResponseXML: Decodable {
    var vpcEndpoint: VpcEndpointXML
    var clientToken: String?
}

struct DescribeVpcEndpointsResponseXML: Decodable {
    var vpcEndpointSet: ItemSet<VpcEndpointXML>?
    var nextToken: String?
}

struct DeleteVpcEndpointsResponseXML: Decodable {
    struct Item: Decodable {
        var resourceId: String?
        var error: ErrorXML?
    }
    var unsuccessful: ItemSet<Item>?
}

struct ServiceTypeXML: Decodable {
    var serviceType: String?
}

struct ServiceDetailXML: Decodable {
    var serviceName: String
    var serviceId: String?
    var serviceType: ItemSet<ServiceTypeXML>?
    var availabilityZoneSet: ItemSet<String>?
    var owner: String?
    var acceptanceRequired: Bool?
    var baseEndpointDnsNameSet: ItemSet<String>?

    var service: VpcEndpointService {
        VpcEndpointService(
            serviceName: serviceName, serviceID: serviceId,
            serviceTypes: serviceType.list().compactMap(\.serviceType),
            availabilityZones: availabilityZoneSet.list(), owner: owner, acceptanceRequired: acceptanceRequired,
            baseEndpointDNSNames: baseEndpointDnsNameSet.list())
    }
}

struct DescribeVpcEndpointServicesResponseXML: Decodable {
    var serviceNameSet: ItemSet<String>?
    var serviceDetailSet: ItemSet<ServiceDetailXML>?
    var nextToken: String?
}

struct AvailabilityZoneXML: Decodable {
    var zoneName: String
    var zoneId: String
    var zoneState: String?
    var regionName: String?
}

struct DescribeAvailabilityZonesResponseXML: Decodable {
    var availabilityZoneInfo: ItemSet<AvailabilityZoneXML>?
}

struct SubnetXML: Decodable {
    var subnetId: String
    var vpcId: String?
    var availabilityZone: String?
    var availabilityZoneId: String?
}

struct DescribeSubnetsResponseXML: Decodable {
    var subnetSet: ItemSet<SubnetXML>?
    var nextToken: String?
}
