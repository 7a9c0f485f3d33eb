import KafkaClient
import Routing

extension KafkaConnectionOptions {
    /// The dialer every connection of the command goes through. Direct DNS + TCP until routing flags
    /// (`--route…`, `--ssh…`) say otherwise.
    func makeDialer() throws -> any KafkaDialer {
        if let bastion = try ssh.makeDialer() {
            guard routes.isEmpty else {
                throw KafkaClientError(
                    .configuration, "--ssh sends every broker through the bastion; give either --ssh or --route… flags")
            }
            // The bastion is the connection default of a route table, so `probe` and errors show the hop like
            // any other route.
            return RoutingDialer(
                resolver: RouteResolver(table: try routeTable()), tcp: TCPDialer(),
                tunnels: [ssh.tunnelName: bastion], syntax: .commandLine)
        }
        if !routes.isEmpty { return try routes.makeDialer() }
        return TCPDialer()
    }

    /// The route table the flags describe: `--ssh` makes the bastion the default for every broker.
    func routeTable() throws -> RouteTable {
        if ssh.destination != nil { return RouteTable(defaultVia: .sshTunnel(ssh.tunnelName)) }
        return routes.isEmpty ? RouteTable.direct : try routes.makeTable()
    }
}
