import Metrics
import Routing
import ServiceLifecycle

/// Keeps the server's SSH tunnels for its lifetime and shuts every one down with the server.
public struct TunnelRegistryService: Service {
    public let tunnels: SSHTunnelRegistry

    public init(_ tunnels: SSHTunnelRegistry) { self.tunnels = tunnels }

    public func run() async throws {
        try? await gracefulShutdown()
        await tunnels.shutdown()
    }

    /// Publishes each tunnel's state: `inlet_ssh_tunnel_running{connection}` 1 or 0.
    public func recordStates() async {
        for (name, status) in await tunnels.statuses() {
            Gauge(label: "inlet_ssh_tunnel_running", dimensions: [("connection", name)]).record(
                status.isRunning ? 1 : 0)
        }
    }
}
