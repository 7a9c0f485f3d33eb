import Foundation
import XMLCoder

// The XML shapes of the ELBv2 answers Inlet reads (element names as ELBv2 writes them:
// `<XxxResponse><XxxResult>…</XxxResult><ResponseMetadata/></XxxResponse>`), decoded by XMLCoder and turned into
// the public types of ELBv2Types.swift.

extension Decodable {
    /// Reads an answer body the way `AWSClient.query` does (for tests of the shapes).
    static func decodingXML(_ body: Data) throws -> Self { try XMLDecoder().decode(Self.self, from: body) }
}

/// `<Xxx><member>…</member>…</Xxx>`: the Query protocol's list wrapper; an empty or absent list is empty.
struct MemberList<Element: Decodable>: Decodable {
    var members: [Element]

    enum CodingKeys: String, CodingKey { case member }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        members = try container.decodeIfPresent([Element].self, forKey: .member) ?? []
    }
}

extension Optional {
    func members<Element>() -> [Element] where Wrapped == MemberList<Element> { self?.members ?? [] }
}

struct LoadBalancerXML: Decodable {
    struct ZoneXML: Decodable {
        var ZoneName: String?
    }
    struct StateXML: Decodable {
        var Code: String?
    }
    var LoadBalancerArn: String
    var LoadBalancerName: String
    var `Type`: String?
    var Scheme: String?
    var VpcId: String?
    var DNSName: String?
    var State: StateXML?
    var AvailabilityZones: MemberList<ZoneXML>?

    var loadBalancer: LoadBalancer {
        LoadBalancer(
            arn: LoadBalancerArn, name: LoadBalancerName, type: `Type`, scheme: Scheme, vpcID: VpcId,
            dnsName: DNSName, state: State?.Code, availabilityZones: AvailabilityZones.members().compactMap(\.ZoneName))
    }
}

struct DescribeLoadBalancersResponseXML: Decodable {
    struct Result: Decodable {
        var LoadBalancers: MemberList<LoadBalancerXML>?
        var NextMarker: String?
    }
    var DescribeLoadBalancersResult: Result
}

struct ActionXML: Decodable {
    struct ForwardConfigXML: Decodable {
        struct Tuple: Decodable {
            var TargetGroupArn: String?
        }
        var TargetGroups: MemberList<Tuple>?
    }
    var `Type`: String?
    var TargetGroupArn: String?
    var ForwardConfig: ForwardConfigXML?

    /// The target groups a `forward` action sends to; none for other actions.
    var forwardTargets: [String] {
        guard `Type` == "forward" else { return [] }
        var arns = TargetGroupArn.map { [$0] } ?? []
        for tuple in ForwardConfig?.TargetGroups.members() ?? [] {
            if let arn = tuple.TargetGroupArn, !arns.contains(arn) { arns.append(arn) }
        }
        return arns
    }
}

struct ListenerXML: Decodable {
    var ListenerArn: String
    var LoadBalancerArn: String
    var Port: Int
    var `Protocol`: String
    var DefaultActions: MemberList<ActionXML>?

    var listener: Listener {
        Listener(
            arn: ListenerArn, loadBalancerARN: LoadBalancerArn, port: Port, protocol: `Protocol`,
            forwardTargetGroupARNs: DefaultActions.members().flatMap(\.forwardTargets))
    }
}

struct DescribeListenersResponseXML: Decodable {
    struct Result: Decodable {
        var Listeners: MemberList<ListenerXML>?
        var NextMarker: String?
    }
    var DescribeListenersResult: Result
}

struct TargetGroupXML: Decodable {
    var TargetGroupArn: String
    var TargetGroupName: String
    var `Protocol`: String?
    var Port: Int?
    var VpcId: String?
    var TargetType: String?
    var HealthCheckProtocol: String?
    var HealthCheckPort: String?
    var LoadBalancerArns: MemberList<String>?

    var targetGroup: TargetGroup {
        TargetGroup(
            arn: TargetGroupArn, name: TargetGroupName, protocol: `Protocol`, port: Port, vpcID: VpcId,
            targetType: TargetType, healthCheckProtocol: HealthCheckProtocol, healthCheckPort: HealthCheckPort,
            loadBalancerARNs: LoadBalancerArns.members())
    }
}

struct DescribeTargetGroupsResponseXML: Decodable {
    struct Result: Decodable {
        var TargetGroups: MemberList<TargetGroupXML>?
        var NextMarker: String?
    }
    var DescribeTargetGroupsResult: Result
}

struct TargetHealthDescriptionXML: Decodable {
    struct TargetXML: Decodable {
        var Id: String
        var Port: Int?
        var AvailabilityZone: String?
    }
    struct HealthXML: Decodable {
        var State: String?
        var Reason: String?
        var Description: String?
    }
    var Target: TargetXML
    var TargetHealth: HealthXML?

    var description: TargetHealthDescription {
        TargetHealthDescription(
            targetID: Target.Id, port: Target.Port, availabilityZone: Target.AvailabilityZone,
            state: TargetHealth?.State ?? "unknown", reason: TargetHealth?.Reason,
            description: TargetHealth?.Description)
    }
}

struct DescribeTargetHealthResponseXML: Decodable {
    struct Result: Decodable {
        var TargetHealthDescriptions: MemberList<TargetHealthDescriptionXML>?
    }
    var DescribeTargetHealthResult: Result
}
