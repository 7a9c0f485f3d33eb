import Foundation

/// A broker of an MSK cluster as ListNodes describes it: what a load balancer target needs without resolving
/// the broker's name (its address in the client VPC) and where it lives (its client subnet).
public struct MSKBrokerNode: Sendable, Hashable {
    /// The Kafka node id.
    public var brokerID: Int
    /// The broker's IPv4 address in the client VPC (`clientVpcIpAddress`).
    public var clientVpcIPAddress: String?
    /// The client subnet the broker's network interface is in.
    public var clientSubnet: String?
    /// The broker's DNS names (`b-1.cluster.abc123.c2.kafka.us-east-1.amazonaws.com`).
    public var endpoints: [String]

    public init(brokerID: Int, clientVpcIPAddress: String?, clientSubnet: String?, endpoints: [String]) {
        self.brokerID = brokerID
        self.clientVpcIPAddress = clientVpcIPAddress
        self.clientSubnet = clientSubnet
        self.endpoints = endpoints
    }
}

/// Amazon MSK's control plane: the calls `inlet privatelink plan --cluster-arn` needs.
public struct MSKClient: Sendable {
    public let client: AWSClient
    /// Results per ListNodes page (AWS's maximum is 100); tests page with less.
    public var pageSize: Int?

    public init(client: AWSClient, pageSize: Int? = nil) {
        self.client = client
        self.pageSize = pageSize
    }

    /// Every broker node of the cluster, following `nextToken` across pages; controller and ZooKeeper nodes are
    /// left out.
    public func listNodes(clusterARN: String) async throws -> [MSKBrokerNode] {
        var nodes: [MSKBrokerNode] = []
        var token: String?
        repeat {
            var query: [(name: String, value: String)] = []
            if let pageSize { query.append(("maxResults", String(pageSize))) }
            if let token { query.append(("nextToken", token)) }
            let body = try await client.rest(
                .kafka, operation: "ListNodes", path: "/v1/clusters/\(AWSClient.pathLabel(clusterARN))/nodes",
                query: query)
            let page: ListNodesResponse
            do {
                page = try JSONDecoder().decode(ListNodesResponse.self, from: body)
            } catch {
                throw AWSError(
                    kind: .decoding, message: "cannot read MSK's ListNodes answer: \(error)",
                    operation: "kafka:ListNodes", underlying: error)
            }
            for node in page.nodeInfoList ?? [] {
                guard let broker = node.brokerNodeInfo, let id = broker.brokerId else { continue }
                nodes.append(
                    MSKBrokerNode(
                        brokerID: Int(id), clientVpcIPAddress: broker.clientVpcIpAddress,
                        clientSubnet: broker.clientSubnet, endpoints: broker.endpoints ?? []))
            }
            token = page.nextToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return nodes.sorted { $0.brokerID < $1.brokerID }
    }

    /// ListNodes' JSON, with the member names of MSK's API model.
    struct ListNodesResponse: Decodable {
        struct NodeInfo: Decodable {
            var brokerNodeInfo: BrokerNodeInfo?
            var nodeType: String?
        }

        struct BrokerNodeInfo: Decodable {
            var brokerId: Double?
            var clientSubnet: String?
            var clientVpcIpAddress: String?
            var endpoints: [String]?
        }

        var nodeInfoList: [NodeInfo]?
        var nextToken: String?
    }
}
