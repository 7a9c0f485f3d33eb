import Foundation

/// A key and value on an EC2 resource.
public struct EC2Tag: Sendable, Hashable, Decodable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A `Filter.N.Name` / `Filter.N.Value.M` pair of a Describe call, e.g. `tag:inlet:connection` = `pl`.
public struct EC2Filter: Sendable, Hashable {
    public var name: String
    public var values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }

    /// Resources tagged `key` = `value`.
    public static func tag(_ key: String, _ value: String) -> EC2Filter {
        EC2Filter(name: "tag:\(key)", values: [value])
    }
}

/// An interface (or gateway) VPC endpoint as DescribeVpcEndpoints reports it.
public struct VpcEndpoint: Sendable, Hashable {
    public struct DNSEntry: Sendable, Hashable, Decodable {
        public var dnsName: String?
        public var hostedZoneId: String?
    }

    public var id: String
    public var type: String?
    public var vpcID: String?
    public var serviceName: String
    /// `PendingAcceptance`, `Pending`, `Available`, `Deleting`, `Deleted`, `Rejected`, `Failed`, `Expired`
    /// (AWS's spelling; moto writes them in lower case).
    public var state: String
    public var subnetIDs: [String]
    public var securityGroupIDs: [String]
    public var dnsEntries: [DNSEntry]
    public var privateDNSEnabled: Bool?
    public var tags: [EC2Tag]
    public var lastError: String?

    /// The value of tag `key`.
    public func tag(_ key: String) -> String? { tags.first { $0.key == key }?.value }
}

/// An endpoint service as DescribeVpcEndpointServices reports it.
public struct VpcEndpointService: Sendable, Hashable {
    public var serviceName: String
    public var serviceID: String?
    public var serviceTypes: [String]
    public var availabilityZones: [String]
    public var owner: String?
    public var acceptanceRequired: Bool?
    public var baseEndpointDNSNames: [String]
}

/// An availability zone: its name (`us-east-1a`, differs per account) and id (`use1-az1`, the same everywhere).
public struct AvailabilityZone: Sendable, Hashable {
    public var name: String
    public var id: String
    public var state: String?
    public var regionName: String?
}

/// A resource a batch call (DeleteVpcEndpoints) could not act on, and why.
public struct EC2UnsuccessfulItem: Sendable, Hashable {
    public var resourceID: String?
    public var code: String?
    public var message: String?
}

/// A subnet: the availability zone it lives in decides which endpoint network interface it gets.
public struct Subnet: Sendable, Hashable {
    public var id: String
    public var vpcID: String?
    public var availabilityZone: String?
    public var availabilityZoneID: String?
}
