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
}
