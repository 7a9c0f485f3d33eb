import KafkaClient
import NIOConcurrencyHelpers
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
    /// Called with the advice when a broker that no rule covers appears in metadata or is dialled directly;
    /// once per broker address for the life of this dialer (and its copies).
    public var onUnmapped: @Sendable (BrokerAddress, String) -> Void
    private let reported = NIOLockedValueBox<Set<String>>([])

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
        let advice = decision.rule == .unmapped ? resolver.table.unmappedAdvice(for: broker, syntax: syntax) : nil
        // A bootstrap address the rules do not cover may well be a literal endpoint; only brokers from
        // metadata (with a node id) are reported, and the advice still rides on a failed dial.
        if let advice, broker.nodeID != nil { report(broker, advice) }
        do {
            switch target.kind {
            case .tcp(let host, let port):
                return try await tcp.dial(BrokerAddress(nodeID: broker.nodeID, host: host, port: port), on: eventLoop)
            case .sshTunnel(let name, _, _):
                guard let tunnel = tunnels[name] else {
                    throw RoutingError(
                        code: .unknownConnection,
                        message:
                            "route for broker \(broker) names SSH TUNNEL \(name), which is not available; create it with CREATE CONNECTION \(name) TO SSH TUNNEL (HOST '…', PORT 22, USER '…')"
                    )
                }
                return try await tunnel.dial(broker, on: eventLoop)
            }
        } catch let error as RoutingError {
            throw error
        } catch {
            let failure = RouteDialError(decision: decision, target: target, underlying: error, advice: advice)
            // Keep the client's error kind (resolve, timeout, connect) so its retry rules still apply.
            let code = (error as? KafkaClientError)?.code ?? .connect
            throw KafkaClientError(code, failure.description, underlying: failure)
        }
    }

    /// Reports every broker in `metadata` that no rule covers, the moment it appears rather than when it is
    /// first dialled; install it as the client's `metadataObserver` (``KafkaConfiguration/route(through:)``).
    public func observe(_ metadata: ClusterMetadata) {
        guard !resolver.table.isEmpty else { return }
        for nodeID in metadata.brokers.keys.sorted() {
            guard let broker = metadata.brokers[nodeID], resolver.table.decide(for: broker).rule == .unmapped else {
                continue
            }
            report(broker, resolver.table.unmappedAdvice(for: broker, syntax: syntax))
        }
    }

    private func report(_ broker: BrokerAddress, _ advice: String) {
        let isNew = reported.withLockedValue { $0.insert(broker.hostPort).inserted }
        if isNew { onUnmapped(broker, advice) }
    }
}

extension KafkaConfiguration {
    /// Sends every connection through `dialer` and lets it report unmapped brokers as soon as metadata
    /// lists them.
    public mutating func route(through dialer: RoutingDialer) {
        self.dialer = dialer
        self.metadataObserver = { dialer.observe($0) }
    }
}

/// A connection through a route failed: which broker, which rule, which address was dialled, and why.
public struct RouteDialError: Error, CustomStringConvertible, Sendable {
    public var decision: RouteDecision
    public var target: DialTarget
    public var underlying: any Error
    /// For an unmapped broker: the rule that would map it.
    public var advice: String?

    public init(decision: RouteDecision, target: DialTarget, underlying: any Error, advice: String? = nil) {
        self.decision = decision
        self.target = target
        self.underlying = underlying
        self.advice = advice
    }

    public var description: String {
        let via = decision.via.kind == .direct ? "directly" : "\(decision.via) [\(decision.rule)]"
        let reason = (underlying as? KafkaClientError)?.message ?? "\(underlying)"
        var text = "cannot reach broker \(decision.broker) \(via) at \(target): \(reason)"
        if let advice { text += " — \(advice)" }
        return text
    }
}
