/// testpeers/msk_nodes.py: MSK's ListNodes (which moto lacks) for one cluster, with its signatures verified by
/// botocore, in front of moto, to which every other call goes unchanged.
public final class MSKNodesFront: Sendable {
    /// A broker node as ListNodes reports it.
    public struct Node: Sendable {
        public var id: Int
        public var clientVpcIPAddress: String
        public var clientSubnet: String
        public var endpoint: String

        public init(id: Int, clientVpcIPAddress: String, clientSubnet: String, endpoint: String) {
            self.id = id
            self.clientVpcIPAddress = clientVpcIPAddress
            self.clientSubnet = clientSubnet
            self.endpoint = endpoint
        }
    }

    public let port: Int
    public let process: PeerProcess
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, process: PeerProcess) {
        self.port = port
        self.process = process
    }

    /// Serves `nodes` for `clusterARN` (at most `pageSize` per page, as AWS may page whatever was asked), accepting
    /// requests signed by `account`'s key in its region.
    public static func start(moto: Moto, clusterARN: String, nodes: [Node], pageSize: Int = 100) async throws
        -> MSKNodesFront
    {
        let python = try await PeerEnvironment.python()
        let port = try FreePort.next()
        let account = moto.account
        let process = try await PeerProcess.launch(
            name: "msk_nodes", executable: python,
            arguments: [
                PeerPaths.script("msk_nodes.py"), "--port", String(port), "--upstream", moto.endpoint, "--region",
                account.region, "--key", "\(account.accessKeyID)=\(account.secretAccessKey)", "--cluster",
                clusterARN, "--page-size", String(pageSize),
            ]
                + nodes.flatMap {
                    ["--node", "\($0.id)=\($0.clientVpcIPAddress)@\($0.clientSubnet):\($0.endpoint)"]
                })
        do {
            try await process.waitForPort(port)
        } catch {
            await process.stop()
            throw error
        }
        return MSKNodesFront(port: port, process: process)
    }

    public func stop() async {
        await process.stop()
    }
}
