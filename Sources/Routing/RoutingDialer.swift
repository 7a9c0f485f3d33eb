import KafkaClient
import NIOCore

/// The `KafkaDialer` that applies a connection's routes: it decides the route for every advertised broker and
/// hands the connection to the dialer that carries it (TCP for direct, PrivateLink and literal endpoints; the
/// named SSH tunnel for tunnel routes).
///
/// TLS is added by the client afterwards and names the advertised host, so certificates stay valid whatever
/// the route.
public struct RoutingDialer: KafkaDialer {
    public var resolver: RouteResolver
    /// Dials a plain `host:port` (DNS + TCP); used for direct, PrivateLink and endpoint routes.
    public var tcp: any KafkaDialer
    /// Dialers for `SSH TUNNEL name` routes, by connection name; each dials the advertised address through
    /// its bastion.
    public var tunnels: [String: any KafkaDialer]
    /// How the table was written, so that unmapped-broker messages name the statement or flag to use.
    public var syntax: RouteTable.Syntax
    /// Called with the advice when a broker that no rule covers is dialled directly.
    public var onUnmapped: @Sendable (BrokerAddress, String) -> Void

    public init(
        resolver: RouteResolver,
        tcp: any KafkaDialer,
        tunnels: [String: any KafkaDialer] = [:],
        syntax: RouteTable.Syntax = .commandLine,
        onUnmapped: @escaping @Sendable (BrokerAddress, String) -> Void = { _, _ in }
    ) {
        self.resolver = resolver
        self.tcp = tcp
        self.tunnels = tunnels
        self.syntax = syntax
        self.onUnmapped = onUnmapped
    }

    public func dial(_ broker: BrokerAddress, on eventLoop: any EventLoop) async throws -> any Channel {
        let (decision, target) = try resolver.resolve(broker)
        if decision.rule == .unmapped {
            onUnmapped(broker, resolver.table.unmappedAdvice(for: broker, syntax: syntax))
        }
        do {
            switch target.kind {
            case .tcp(let host, let port):
                return try await tcp.dial(BrokerAddress(nodeID: broker.nodeID, host: host, port: port), on: eventLoop)
            case .sshTunnel(let name, _, _):
                guard let tunnel = tunnels[name] else {
                    throw RoutingError(
                        code: .unknownConnection,
                        message: "route for broker \(broker) names SSH TUNNEL \(name), which is not available; create it with CREATE CONNECTION \(name) TO SSH TUNNEL (HOST '…', PORT 22, USER '…')"
                    )
                }
                return try await tunnel.dial(broker, on: eventLoop)
            }
        } catch let error as RoutingError {
            throw error
        } catch {
            throw RouteDialError(decision: decision, target: target, underlying: error)
        }
    }
}

/// A connection through a route failed: which broker, which rule, which address was dialled, and why.
public struct RouteDialError: Error, CustomStringConvertible, Sendable {
    public var decision: RouteDecision
    public var target: DialTarget
    public var underlying: any Error

    public var description: String {
        let via = decision.via.kind == .direct ? "directly" : "\(decision.via) [\(decision.rule)]"
        return "cannot reach broker \(decision.broker) \(via) at \(target): \(underlying)"
    }
}
