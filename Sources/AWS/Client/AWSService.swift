/// An AWS service the client calls through the Query protocol: its signing name, endpoint prefix and API version.
public struct AWSService: Sendable, Hashable {
    /// The name in the SigV4 credential scope, e.g. `ec2`.
    public var signingName: String
    /// The first label of the regional endpoint, e.g. `ec2` in `ec2.us-east-1.amazonaws.com`.
    public var endpointPrefix: String
    /// The `Version` parameter of every call.
    public var apiVersion: String
    /// Global services (IAM) have one endpoint and sign for `us-east-1`.
    public var globalRegion: String?

    public init(signingName: String, endpointPrefix: String, apiVersion: String, globalRegion: String? = nil) {
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix
        self.apiVersion = apiVersion
        self.globalRegion = globalRegion
    }

    public static let ec2 = AWSService(signingName: "ec2", endpointPrefix: "ec2", apiVersion: "2016-11-15")
    public static let sts = AWSService(signingName: "sts", endpointPrefix: "sts", apiVersion: "2011-06-15")
    /// Elastic Load Balancing v2 (network and application load balancers); its endpoint prefix is
    /// `elasticloadbalancing`.
    public static let elbv2 = AWSService(
        signingName: "elasticloadbalancing", endpointPrefix: "elasticloadbalancing", apiVersion: "2015-12-01")
    /// Amazon MSK's control plane (REST-JSON; `apiVersion` is not sent).
    public static let kafka = AWSService(signingName: "kafka", endpointPrefix: "kafka", apiVersion: "2018-11-14")
    public static let iam = AWSService(
        signingName: "iam", endpointPrefix: "iam", apiVersion: "2010-05-08", globalRegion: "us-east-1")

    /// The region requests are signed for.
    public func signingRegion(_ region: String) -> String { globalRegion ?? region }

    /// The public endpoint in `region` (`.amazonaws.com.cn` in the China regions).
    public func endpoint(region: String) -> String {
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        if globalRegion != nil { return "https://\(endpointPrefix).\(suffix)" }
        return "https://\(endpointPrefix).\(region).\(suffix)"
    }
}
