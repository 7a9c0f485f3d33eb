/// A load balancer as DescribeLoadBalancers reports it.
public struct LoadBalancer: Sendable, Hashable {
    public var arn: String
    public var name: String
    /// `network`, `application` or `gateway`.
    public var type: String?
    public var scheme: String?
    public var vpcID: String?
    public var dnsName: String?
    /// `provisioning`, `active`, `active_impaired` or `failed`.
    public var state: String?
    public var availabilityZones: [String]

    public init(
        arn: String, name: String, type: String? = nil, scheme: String? = nil, vpcID: String? = nil,
        dnsName: String? = nil, state: String? = nil, availabilityZones: [String] = []
    ) {
        self.arn = arn
        self.name = name
        self.type = type
        self.scheme = scheme
        self.vpcID = vpcID
        self.dnsName = dnsName
        self.state = state
        self.availabilityZones = availabilityZones
    }
}

/// A listener of a load balancer: a port and protocol, and the target groups its default action forwards to.
public struct Listener: Sendable, Hashable {
    public var arn: String
    public var loadBalancerARN: String
    public var port: Int
    /// `TCP`, `TLS`, `UDP`, `TCP_UDP` for a network load balancer.
    public var `protocol`: String
    /// The target groups of the default `forward` actions (a simple `TargetGroupArn` or a `ForwardConfig`).
    public var forwardTargetGroupARNs: [String]

    public init(arn: String, loadBalancerARN: String, port: Int, protocol: String, forwardTargetGroupARNs: [String]) {
        self.arn = arn
        self.loadBalancerARN = loadBalancerARN
        self.port = port
        self.protocol = `protocol`
        self.forwardTargetGroupARNs = forwardTargetGroupARNs
    }
}

/// A target group as DescribeTargetGroups reports it.
public struct TargetGroup: Sendable, Hashable {
    public var arn: String
    public var name: String
    public var `protocol`: String?
    public var port: Int?
    public var vpcID: String?
    /// `instance`, `ip`, `lambda` or `alb`.
    public var targetType: String?
    public var healthCheckProtocol: String?
    public var healthCheckPort: String?
    public var loadBalancerARNs: [String]

    public init(
        arn: String, name: String, protocol: String? = nil, port: Int? = nil, vpcID: String? = nil,
        targetType: String? = nil, healthCheckProtocol: String? = nil, healthCheckPort: String? = nil,
        loadBalancerARNs: [String] = []
    ) {
        self.arn = arn
        self.name = name
        self.protocol = `protocol`
        self.port = port
        self.vpcID = vpcID
        self.targetType = targetType
        self.healthCheckProtocol = healthCheckProtocol
        self.healthCheckPort = healthCheckPort
        self.loadBalancerARNs = loadBalancerARNs
    }
}

/// One registered target of a target group and what the load balancer's health checks say about it.
public struct TargetHealthDescription: Sendable, Hashable {
    /// An IP address for `ip` target groups, an instance id for `instance` ones.
    public var targetID: String
    public var port: Int?
    public var availabilityZone: String?
    /// `initial`, `healthy`, `unhealthy`, `unhealthy.draining`, `unused`, `draining` or `unavailable`.
    public var state: String
    /// AWS's reason code, e.g. `Target.FailedHealthChecks` or `Target.NotRegistered`.
    public var reason: String?
    public var description: String?

    public init(
        targetID: String, port: Int?, availabilityZone: String? = nil, state: String, reason: String? = nil,
        description: String? = nil
    ) {
        self.targetID = targetID
        self.port = port
        self.availabilityZone = availabilityZone
        self.state = state
        self.reason = reason
        self.description = description
    }

    /// `ID:PORT`, the address a listener's connections reach.
    public var address: String { port.map { "\(targetID):\($0)" } ?? targetID }

    public var isHealthy: Bool { state == "healthy" }
}
