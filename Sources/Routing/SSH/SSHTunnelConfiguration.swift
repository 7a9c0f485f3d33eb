import Foundation

/// Where an SSH tunnel goes and how it keeps itself alive.
///
/// Built by the catalog from `CREATE CONNECTION … TO SSH TUNNEL (HOST, PORT, USER)` and its keys, or by the
/// command line from `--ssh user@host:port --ssh-key FILE [--ssh-known-host-key KEY]`.
public struct SSHTunnelConfiguration: Sendable {
    /// The bastion's host name or address, as Inlet resolves it.
    public var host: String
    /// The bastion's SSH port.
    public var port: Int
    /// The user to log in as on the bastion.
    public var user: String
    /// The key pairs offered, in order.
    public var keys: SSHClientKeys
    /// The pinned host key; nil means "trust the key seen on the first successful connect, then pin it".
    public var knownHostKey: SSHKnownHostKey?
    /// How long the TCP connect to the bastion may take.
    public var connectTimeout: Duration = .seconds(10)
    /// How long the SSH handshake and authentication may take after TCP connected.
    public var handshakeTimeout: Duration = .seconds(15)
    /// How long the bastion may take to open a channel (it connects to the broker meanwhile).
    public var channelOpenTimeout: Duration = .seconds(20)
    /// How often an idle session is probed, and after how many unanswered probes it is declared dead.
    public var keepalive: SSHKeepalivePolicy = SSHKeepalivePolicy()
    /// The wait between failed connection attempts.
    public var reconnectBackoff: SSHReconnectBackoff = SSHReconnectBackoff()

    public init(host: String, port: Int = 22, user: String, keys: SSHClientKeys, knownHostKey: SSHKnownHostKey? = nil) {
        self.host = host
        self.port = port
        self.user = user
        self.keys = keys
        self.knownHostKey = knownHostKey
    }

    /// The tunnel the command line describes: `--ssh user@host:port --ssh-key FILE [--ssh-known-host-key KEY]`.
    ///
    /// Throws `SSHKeyError` naming the flag to fix.
    public init(commandLine destination: String, keyFile: String, knownHostKey: String? = nil) throws {
        let (user, host, port) = try Self.parseDestination(destination)
        let pair: SSHKeyPair
        do {
            pair = try SSHKeyPair(contentsOfFile: keyFile)
        } catch let error as SSHKeyError {
            throw SSHKeyError("--ssh-key: \(error.message)")
        }
        var pinned: SSHKnownHostKey?
        if let knownHostKey {
            do {
                pinned = try SSHKnownHostKey(parsing: knownHostKey)
            } catch let error as SSHKeyError {
                throw SSHKeyError("--ssh-known-host-key: \(error.message)")
            }
        }
        self.init(host: host, port: port, user: user, keys: SSHClientKeys([pair]), knownHostKey: pinned)
    }

    /// `user@host:port`, as errors and status name the bastion.
    public var bastion: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(user)@\(hostPart):\(port)"
    }

    /// Parses `user@host:port` (port optional, default 22; IPv6 hosts in brackets).
    public static func parseDestination(_ text: String) throws -> (user: String, host: String, port: Int) {
        guard let at = text.lastIndex(of: "@"), at != text.startIndex else {
            throw SSHKeyError("`\(text)` is not an SSH destination; expected `user@host:port`, e.g. `kafka@bastion:22`")
        }
        let user = String(text[..<at])
        var rest = String(text[text.index(after: at)...])
        var port = 22
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw SSHKeyError("`\(text)`: unterminated `[` in the bastion address")
            }
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") {
                guard let value = Int(after.dropFirst()), (1...65535).contains(value) else {
                    throw SSHKeyError("`\(text)`: the port must be a number from 1 to 65535")
                }
                port = value
            }
            rest = String(rest[rest.index(after: rest.startIndex)..<close])
        } else if let colon = rest.lastIndex(of: ":") {
            guard let value = Int(rest[rest.index(after: colon)...]), (1...65535).contains(value) else {
                throw SSHKeyError("`\(text)`: the port must be a number from 1 to 65535")
            }
            port = value
            rest = String(rest[..<colon])
        }
        guard !rest.isEmpty else { throw SSHKeyError("`\(text)`: the bastion host is empty") }
        return (user, rest, port)
    }
}

/// Keepalive probing of an SSH session, like OpenSSH's `ServerAliveInterval` and `ServerAliveCountMax`.
public struct SSHKeepalivePolicy: Sendable, Hashable {
    /// How long the session may be silent before a probe is sent, and the spacing of probes.
    public var interval: Duration
    /// Unanswered probes after which the session is declared dead and closed.
    public var maxUnanswered: Int

    public init(interval: Duration = .seconds(10), maxUnanswered: Int = 3) {
        self.interval = interval
        self.maxUnanswered = maxUnanswered
    }
}

/// Exponential backoff between failed connection attempts, with jitter so many tunnels do not retry in step.
public struct SSHReconnectBackoff: Sendable, Hashable {
    /// The wait after the first failure.
    public var initial: Duration
    /// The longest wait.
    public var maximum: Duration
    /// The growth factor per consecutive failure.
    public var multiplier: Double

    public init(initial: Duration = .milliseconds(200), maximum: Duration = .seconds(5), multiplier: Double = 2) {
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
    }

    /// The wait after `failures` consecutive failures (1 = the first), before jitter.
    public func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        let initialSeconds = Self.seconds(initial)
        let maximumSeconds = Self.seconds(maximum)
        let grown = initialSeconds * pow(multiplier, Double(min(failures - 1, 62)))
        return .milliseconds(Int64((min(grown, maximumSeconds) * 1000).rounded()))
    }

    /// `delay(afterFailures:)` scaled by a random factor in 0.5...1.0.
    public func jitteredDelay(afterFailures failures: Int) -> Duration {
        delay(afterFailures: failures) * Double.random(in: 0.5...1.0)
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
