import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real OpenSSH server (Debian's sshd) run as the test's bastion, with its own config and host key.
///
/// It listens on a free port, inside a `NetworkNamespace` (the honest bastion topology) or on loopback,
/// authenticates only the public keys the test puts into its `authorized_keys` (re-read on every login,
/// so `setAuthorizedKeys` takes effect at once), and can forbid TCP forwarding. `kill()` simulates a
/// crash: the listener and every session process die. `restart()` comes back on the same port, with the
/// same or a new host key.
public final class SSHD: Sendable {
    /// The address sshd listens on: the namespace's inside address, or 127.0.0.1.
    public let host: String
    /// The listening port.
    public let port: Int
    /// The user to log in as (the user running the tests).
    public let user: String
    /// The working directory holding config, host key, authorized_keys and logs.
    public let directory: String
    /// The namespace sshd runs in, if any.
    public let namespace: NetworkNamespace?
    private let state: Locked<State>

    struct State {
        var process: PeerProcess
        var allowTcpForwarding: Bool
    }

    static let sshd = "/usr/sbin/sshd"
    static let sshKeygen = "/usr/bin/ssh-keygen"

    private init(
        host: String, port: Int, user: String, directory: String, namespace: NetworkNamespace?, state: State
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.directory = directory
        self.namespace = namespace
        self.state = Locked(state)
    }

    /// Starts sshd with a fresh Ed25519 host key and `authorizedKeys` (`ssh-ed25519 AAAA…` lines).
    public static func start(
        in namespace: NetworkNamespace? = nil, authorizedKeys: [String], allowTcpForwarding: Bool = true
    ) async throws -> SSHD {
        let directory = try makeDirectory()
        try await newHostKey(in: directory)
        try writeAuthorizedKeys(authorizedKeys, in: directory)
        let host = namespace?.insideAddress ?? "127.0.0.1"
        let port: Int
        if let namespace {
            port = try await namespace.freePort(on: host)
        } else {
            port = try await loopbackFreePort()
        }
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let user = String(cString: getpwuid(getuid()).pointee.pw_name)
        let process = try await launch(
            directory: directory, host: host, port: port, allowTcpForwarding: allowTcpForwarding,
            namespace: namespace)
        return SSHD(
            host: host, port: port, user: user, directory: directory, namespace: namespace,
            state: State(process: process, allowTcpForwarding: allowTcpForwarding))
    }

    /// `user@host:port`, for `--ssh`.
    public var destination: String { "\(user)@\(host):\(port)" }

    /// The host key line, `ssh-ed25519 AAAA…`.
    public func hostKey() throws -> String {
        try String(contentsOfFile: "\(directory)/host_ed25519_key.pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
    }

    /// The host key's fingerprint as `ssh-keygen -l` prints it.
    public func hostKeyFingerprint() async throws -> String {
        let output = try await TestCommand.run([Self.sshKeygen, "-l", "-f", "\(directory)/host_ed25519_key.pub"])
        return String(output.split(separator: " ")[1])
    }

    /// Replaces the authorized keys; sshd reads the file on every login.
    public func setAuthorizedKeys(_ keys: [String]) throws {
        try Self.writeAuthorizedKeys(keys, in: directory)
    }

    /// The sshd log (`-e`: everything it would send to syslog).
    public func log() -> String { state.withLock { $0.process }.log() }

    /// The pid of the listening sshd.
    public var pid: Int32 { state.withLock { $0.process.pid } }

    /// Kills the listener and every session process with SIGKILL, as a crash or reboot would.
    public func kill() async {
        let process = state.withLock { $0.process }
        let family = Self.descendants(of: process.pid)
        await process.signal(SIGKILL)
        for pid in family { _ = Glibc.kill(pid, SIGKILL) }
        await process.stop()
        // sshd runs below the peer wrapper: wait until it and its sessions are really gone, so a restart on the
        // same port never finds the old listener still bound.
        let deadline = ContinuousClock.now + .seconds(5)
        while family.contains(where: Self.isAlive), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Starts sshd again on the same address and port; with `newHostKey` it presents a different host key.
    public func restart(newHostKey: Bool = false, allowTcpForwarding: Bool? = nil) async throws {
        await kill()
        if newHostKey { try await Self.newHostKey(in: directory) }
        let allow = allowTcpForwarding ?? state.withLock { $0.allowTcpForwarding }
        let process = try await Self.launch(
            directory: directory, host: host, port: port, allowTcpForwarding: allow, namespace: namespace)
        state.withLock {
            $0.process = process
            $0.allowTcpForwarding = allow
        }
    }

    /// Stops sshd and every session, and removes its directory.
    public func stop() async {
        await kill()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func launch(
        directory: String, host: String, port: Int, allowTcpForwarding: Bool, namespace: NetworkNamespace?
    ) async throws -> PeerProcess {
        let config = """
            ListenAddress \(host)
            HostKey \(directory)/host_ed25519_key
            AuthorizedKeysFile \(directory)/authorized_keys
            PidFile none
            StrictModes no
            UsePAM no
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            AllowTcpForwarding \(allowTcpForwarding ? "yes" : "no")
            PermitTTY no
            X11Forwarding no
            LogLevel VERBOSE
            MaxStartups 100
            """
        try (config + "\n").write(toFile: "\(directory)/sshd_config", atomically: true, encoding: .utf8)
        let process = try await PeerProcess.launch(
            name: "sshd-\(port)-\(UInt32.random(in: 0 ... .max))", executable: sshd,
            arguments: ["-D", "-e", "-f", "\(directory)/sshd_config", "-p", "\(port)"],
            in: namespace, directory: URL(fileURLWithPath: directory))
        do {
            try await process.waitForLog(containing: "Server listening on \(host) port \(port)")
        } catch {
            await process.stop()
            throw error
        }
        return process
    }

    private static func newHostKey(in directory: String) async throws {
        let path = "\(directory)/host_ed25519_key"
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: path + ".pub")
        try await TestCommand.run([sshKeygen, "-q", "-t", "ed25519", "-N", "", "-C", "inlet-test-bastion", "-f", path])
    }

    private static func writeAuthorizedKeys(_ keys: [String], in directory: String) throws {
        let path = "\(directory)/authorized_keys"
        let temporary = path + ".new"
        try (keys.joined(separator: "\n") + "\n").write(toFile: temporary, atomically: false, encoding: .utf8)
        guard rename(temporary, path) == 0 else {
            throw TestCommand.Failure(command: ["rename", path], status: errno, output: "could not replace")
        }
    }

    private static func makeDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "inlet-sshd-\(getpid())-\(UInt64.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A free loopback port, asked from the kernel.
    static func loopbackFreePort() async throws -> Int {
        let output = try await TestCommand.run([
            "/usr/bin/env", "python3", "-c",
            "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])",
        ])
        guard let port = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestCommand.Failure(command: ["loopbackFreePort"], status: -1, output: output)
        }
        return port
    }

    /// Every process below `pid`, found through /proc (sshd forks a privileged and an unprivileged
    /// process per session, each in a session of its own).
    /// True while `pid` exists and is not a zombie (a zombie holds no sockets).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }

    static func descendants(of pid: Int32) -> [Int32] {
        var parents: [Int32: [Int32]] = [:]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let child = Int32(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, let parent = Int32(fields[1]) else { continue }
            parents[parent, default: []].append(child)
        }
        var result: [Int32] = []
        var queue = [pid]
        while let next = queue.popLast() {
            let children = parents[next] ?? []
            result += children
            queue += children
        }
        return result
    }
}

/// A value behind a mutex, for the harness's Sendable classes.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// OpenSSH's own `ssh-keygen`, the reference the key format tests compare against.
public enum SSHKeygen {
    /// Runs `ssh-keygen ARGS` and returns its output; throws when it fails.
    @discardableResult
    public static func run(_ arguments: [String]) async throws -> String {
        try await TestCommand.run([SSHD.sshKeygen] + arguments)
    }

    /// Runs `ssh-keygen ARGS` and returns its exit status and output.
    public static func status(_ arguments: [String]) async throws -> (Int32, String) {
        try await TestCommand.status([SSHD.sshKeygen] + arguments)
    }
}
