/// Where a server-made PrivateLink endpoint stands, and the one step that moves it on.
///
/// The manager records it with every state it sees; the router and VALIDATE CONNECTION use it to say why a
/// connection cannot be dialled yet and who has to do what, instead of a bare "not available".
public struct PrivateLinkStanding: Sendable, Hashable {
    /// The status word of `mz_aws_privatelink_connection_status_history`.
    public var status: String
    /// The endpoint service, as the connection names it.
    public var serviceName: String
    /// The service's id (`vpce-svc-…`), from DescribeVpcEndpointServices or the service name's last part.
    public var serviceID: String?
    /// The interface endpoint, once one exists.
    public var endpointID: String?
    /// The principal the service must allow (`arn:aws:iam::ACCOUNT:role/PREFIX_ID`).
    public var principal: String

    public init(status: String, serviceName: String, serviceID: String?, endpointID: String?, principal: String) {
        self.status = status
        self.serviceName = serviceName
        self.serviceID = serviceID
        self.endpointID = endpointID
        self.principal = principal
    }

    /// `vpce-svc-…` of the service: the known id, else the last dot-separated part of an AWS service name.
    var service: String {
        if let serviceID { return serviceID }
        let last = serviceName.split(separator: ".").last.map(String.init) ?? serviceName
        return last.hasPrefix("vpce-svc-") ? last : serviceName
    }

    private var endpoint: String { endpointID ?? "(not made yet)" }

    /// What the state means for connection `name` and the step that moves it on (nil when it is available).
    public func advice(connection name: String) -> String? {
        switch status {
        case PrivateLinkEndpointStatus.available:
            return nil
        case PrivateLinkEndpointStatus.pendingServiceDiscovery:
            return "the endpoint service \(serviceName) of PrivateLink connection \(name) is not visible to this "
                + "server yet (pending-service-discovery): its owner must allow the principal \(principal), e.g. "
                + "`aws ec2 modify-vpc-endpoint-service-permissions --service-id \(service) "
                + "--add-allowed-principals \(principal)`; Inlet makes the endpoint as soon as it sees the service"
        case PrivateLinkEndpointStatus.creatingEndpoint, "pending":
            return "the interface endpoint \(endpoint) of PrivateLink connection \(name) is still being made "
                + "(\(status)); it can be used once mz_aws_privatelink_connection_statuses shows available"
        case "pending-acceptance":
            return "the interface endpoint \(endpoint) of PrivateLink connection \(name) waits for the owner of "
                + "\(serviceName) to accept it (pending-acceptance): "
                + "`aws ec2 accept-vpc-endpoint-connections --service-id \(service) --vpc-endpoint-ids \(endpoint)`"
                + " (or turn off acceptance for the service); Inlet notices the acceptance by itself"
        case "rejected":
            return "the owner of \(serviceName) rejected the interface endpoint \(endpoint) of PrivateLink "
                + "connection \(name) (rejected): ask them to accept it (`aws ec2 accept-vpc-endpoint-connections "
                + "--service-id \(service) --vpc-endpoint-ids \(endpoint)`), or DROP CONNECTION \(name) and create "
                + "it again to request a new endpoint"
        case "expired":
            return "the connection request of interface endpoint \(endpoint) (PrivateLink connection \(name)) "
                + "expired before the owner of \(serviceName) accepted it (expired): DROP CONNECTION \(name) and "
                + "create it again to request a new endpoint, and ask the owner to accept it in time"
        case PrivateLinkEndpointStatus.failed:
            return "the interface endpoint of PrivateLink connection \(name) could not be made (failed); the "
                + "server log says why (most often a listed availability zone has no subnet in --aws-subnet-ids); "
                + "fix the cause, then DROP CONNECTION \(name) and create it again"
        case PrivateLinkEndpointStatus.deleted, "deleting":
            return "the interface endpoint \(endpoint) of PrivateLink connection \(name) was deleted (\(status)); "
                + "Inlet requests a new one while the connection exists"
        default:
            return "the interface endpoint \(endpoint) of PrivateLink connection \(name) is in state \(status); "
                + "it can be used once mz_aws_privatelink_connection_statuses shows available"
        }
    }
}
