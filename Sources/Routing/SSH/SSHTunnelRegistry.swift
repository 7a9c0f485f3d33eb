import Logging
import NIOCore
import NIOPosix

/// One running `SSHTunnel` per SSH tunnel connection, shared by every Kafka connection that routes through it.
///
/// The server asks for a tunnel by connection name whenever it builds a Kafka client; the same bastion, user
/// and pinned host key give back the same tunnel (and its one session), new keys after `ROTATE KEYS` are
/// handed to it for its next session, and a changed bastion replaces it.
public actor SSHTunnelRegistry {
    private struct Entry {
        var configuration: SSHTunnelConfiguration
        var tunnel: SSHTunnel
    }

    private let group: any EventLoopGroup
    private let logger: Logger
    private var entries: [String: Entry] = [:]

    public init(
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "inlet.ssh-tunnel")
    ) {
        self.group = eventLoopGroup
        self.logger = logger
    }

    /// The tunnel for connection `name`, created on first use.
    public func tunnel(named name: String, configuration: SSHTunnelConfiguration) async -> SSHTunnel {
        if var entry = entries[name] {
            let old = entry.configuration
            let pinChanged =
                configuration.knownHostKey != nil
                && configuration.knownHostKey?.fingerprint != entry.tunnel.knownHostKey?.fingerprint
            if old.host == configuration.host, old.port == configuration.port, old.user == configuration.user,
                !pinChanged
            {
                if old.keys != configuration.keys {
                    await entry.tunnel.updateKeys(configuration.keys)
                    entry.configuration.keys = configuration.keys
                    entries[name] = entry
                }
                return entry.tunnel
            }
            await entry.tunnel.shutdown()
        }
        var logger = logger
        logger[metadataKey: "ssh-connection"] = "\(name)"
        let tunnel = SSHTunnel(configuration: configuration, eventLoopGroup: group, logger: logger)
        entries[name] = Entry(configuration: configuration, tunnel: tunnel)
        return tunnel
    }

    /// Shuts down and forgets the tunnel of connection `name` (after `DROP CONNECTION`).
    public func remove(named name: String) async {
        guard let entry = entries.removeValue(forKey: name) else { return }
        await entry.tunnel.shutdown()
    }

    /// The host key each tunnel trusts (configured, or pinned at its first successful connect), by connection name.
    public func knownHostKeys() -> [String: SSHKnownHostKey] {
        entries.compactMapValues { $0.tunnel.knownHostKey }
    }

    /// The status of every tunnel, by connection name.
    public func statuses() -> [String: SSHTunnelStatus] {
        entries.mapValues { $0.tunnel.status }
    }

    /// Shuts every tunnel down.
    public func shutdown() async {
        let all = entries.values.map(\.tunnel)
        entries.removeAll()
        for tunnel in all { await tunnel.shutdown() }
    }
}
