import Logging
import NIOCore
import NIOPosix

/// One running `SSHTunnel` per SSH tunnel connection, shared by every Kafka connection that routes through it.
///
/// The server asks for a tunnel by connection name whenever it builds a Kafka client; the same bastion, user
/// and pinned host key give back the same tunnel (and its one session), new keys after `ROTATE KEYS` are
/// handed to it for its next session, and a changed bastion replaces it.
///
/// Every state change of a call happens before its first await, so concurrent callers for one name find the same
/// entry: at most one tunnel per name is ever live. After `shutdown()` the registry keeps nothing: `tunnel(named:)`
/// hands out a tunnel that is already shut down (its `openChannel` fails with `.shutDown`).
public actor SSHTunnelRegistry {
    private struct Entry {
        var configuration: SSHTunnelConfiguration
        var tunnel: SSHTunnel

        /// The same bastion, user and pinned host key: the tunnel (and its session) can be kept.
        func keeps(_ configuration: SSHTunnelConfiguration) -> Bool {
            let pinChanged =
                configuration.knownHostKey != nil
                && configuration.knownHostKey?.fingerprint != tunnel.knownHostKey?.fingerprint
            return self.configuration.host == configuration.host && self.configuration.port == configuration.port
                && self.configuration.user == configuration.user && !pinChanged
        }
    }

    private let group: any EventLoopGroup
    private let logger: Logger
    private let hooks: SSHTunnelRegistryHooks
    private var entries: [String: Entry] = [:]
    /// Tunnels taken out of `entries` whose shutdown is still under way; `shutdown()` waits for them too.
    private var retiring: [ObjectIdentifier: SSHTunnel] = [:]
    private var isShutDown = false

    public init(
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "inlet.ssh-tunnel")
    ) {
        self.init(eventLoopGroup: eventLoopGroup, logger: logger, hooks: SSHTunnelRegistryHooks())
    }

    init(eventLoopGroup: any EventLoopGroup, logger: Logger, hooks: SSHTunnelRegistryHooks) {
        self.group = eventLoopGroup
        self.logger = logger
        self.hooks = hooks
    }

    /// The tunnel for connection `name`, created on first use; after `shutdown()`, one that is already shut down.
    public func tunnel(named name: String, configuration: SSHTunnelConfiguration) async -> SSHTunnel {
        guard !isShutDown else {
            let refused = makeTunnel(name, configuration)
            await refused.shutdown()
            return refused
        }
        if var entry = entries[name], entry.keeps(configuration) {
            guard entry.configuration.keys != configuration.keys else { return entry.tunnel }
            entry.configuration.keys = configuration.keys
            entries[name] = entry
            await suspend()
            await handKeys(to: entry.tunnel, named: name, keys: configuration.keys)
            return entry.tunnel
        }
        let tunnel = makeTunnel(name, configuration)
        if let replaced = entries.updateValue(Entry(configuration: configuration, tunnel: tunnel), forKey: name) {
            await retire(replaced.tunnel)
        }
        return tunnel
    }

    /// Shuts down and forgets the tunnel of connection `name` (after `DROP CONNECTION`).
    public func remove(named name: String) async {
        guard let entry = entries.removeValue(forKey: name) else { return }
        await retire(entry.tunnel)
    }

    /// The host key each tunnel trusts (configured, or pinned at its first successful connect), by connection name.
    public func knownHostKeys() -> [String: SSHKnownHostKey] {
        entries.compactMapValues { $0.tunnel.knownHostKey }
    }

    /// The status of every tunnel, by connection name.
    public func statuses() -> [String: SSHTunnelStatus] {
        entries.mapValues { $0.tunnel.status }
    }

    /// Shuts every tunnel down, those being replaced or removed included; later requests get shut-down tunnels.
    public func shutdown() async {
        isShutDown = true
        let all = entries.values.map(\.tunnel) + retiring.values
        entries.removeAll()
        for tunnel in all { await tunnel.shutdown() }
    }

    /// The tunnel the registry holds for `name` now.
    func currentTunnel(named name: String) -> SSHTunnel? { entries[name]?.tunnel }

    private func makeTunnel(_ name: String, _ configuration: SSHTunnelConfiguration) -> SSHTunnel {
        var logger = logger
        logger[metadataKey: "ssh-connection"] = "\(name)"
        return SSHTunnel(configuration: configuration, eventLoopGroup: group, logger: logger)
    }

    /// Gives `tunnel` the keys, then again the entry's latest ones while a later call changed them: two rotations
    /// in a row may reach the tunnel in either order, and the last to land must be the newest.
    private func handKeys(to tunnel: SSHTunnel, named name: String, keys: SSHClientKeys) async {
        var sent = keys
        while true {
            await tunnel.updateKeys(sent)
            guard let entry = entries[name], entry.tunnel === tunnel, entry.configuration.keys != sent else { return }
            sent = entry.configuration.keys
        }
    }

    /// Shuts down a tunnel already taken out of `entries`.
    private func retire(_ tunnel: SSHTunnel) async {
        let id = ObjectIdentifier(tunnel)
        retiring[id] = tunnel
        await suspend()
        await tunnel.shutdown()
        retiring[id] = nil
    }

    private func suspend() async {
        if let willSuspend = hooks.willSuspend { await willSuspend() }
    }
}

/// Test-only observation points of an `SSHTunnelRegistry`, so tests run other calls in the middle of one.
struct SSHTunnelRegistryHooks: Sendable {
    /// Awaited where a call first suspends, after it has changed the registry's state.
    var willSuspend: (@Sendable () async -> Void)? = nil
}
