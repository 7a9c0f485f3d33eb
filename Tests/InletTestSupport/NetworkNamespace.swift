import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A Linux network namespace joined to the test's own namespace by a veth pair on a private /30.
///
/// This is how SSH tests make the topology honest: the bastion (sshd) and the brokers run inside, broker
/// names resolve only inside (through `/etc/netns/NAME/hosts`, which `ip netns exec` mounts over
/// `/etc/hosts`), and the test process outside can reach nothing but what listens on `insideAddress`.
/// Names are unique per process and call, so parallel tests never collide; `remove()` tears everything
/// down and is safe to call twice.
public final class NetworkNamespace: Sendable {
    /// The namespace's name, for `ip netns exec NAME`.
    public let name: String
    /// The address of the veth end outside (in the test's namespace).
    public let outsideAddress: String
    /// The address of the veth end inside; the only address outside code can reach.
    public let insideAddress: String
    /// The outside veth interface, e.g. to take the link down.
    public let outsideInterface: String
    private let removed = Mutex(false)

    private static let counter = Atomic<Int>(0)
    public static let ip = "/usr/sbin/ip"

    private init(name: String, outsideAddress: String, insideAddress: String, outsideInterface: String) {
        self.name = name
        self.outsideAddress = outsideAddress
        self.insideAddress = insideAddress
        self.outsideInterface = outsideInterface
    }

    /// Creates the namespace, the veth pair, and a hosts file mapping each name to an address inside.
    ///
    /// - Parameter hosts: name → address as seen inside the namespace, e.g. `["b-1.kafka.internal": "127.0.0.1"]`.
    public static func create(hosts: [String: String] = [:]) async throws -> NetworkNamespace {
        let serial = counter.add(1, ordering: .relaxed).newValue
        let tag = String(getpid(), radix: 36) + "n" + String(serial, radix: 36)
        let name = "inlet-\(tag)"
        let outside = "vo\(tag)"
        let inside = "vi\(tag)"
        guard outside.count <= 15 else { throw TestCommand.Failure(command: [], status: -1, output: "name too long") }
        let (outsideAddress, insideAddress) = try await freeSubnet()

        try await TestCommand.run([ip, "netns", "add", name])
        let namespace = NetworkNamespace(
            name: name, outsideAddress: outsideAddress, insideAddress: insideAddress, outsideInterface: outside)
        NamespaceRegistry.shared.add(name)
        do {
            try await TestCommand.run([ip, "link", "add", outside, "type", "veth", "peer", "name", inside])
            try await TestCommand.run([ip, "link", "set", inside, "netns", name])
            try await TestCommand.run([ip, "addr", "add", "\(outsideAddress)/30", "dev", outside])
            try await TestCommand.run([ip, "link", "set", outside, "up"])
            try await namespace.exec(["ip", "addr", "add", "\(insideAddress)/30", "dev", inside])
            try await namespace.exec(["ip", "link", "set", inside, "up"])
            try await namespace.exec(["ip", "link", "set", "lo", "up"])
            try namespace.writeHosts(hosts)
        } catch {
            await namespace.remove()
            throw error
        }
        return namespace
    }

    /// Runs a short command inside the namespace (`ip netns exec NAME …`) and returns its output.
    @discardableResult
    public func exec(_ command: [String]) async throws -> String {
        try await TestCommand.run([Self.ip, "netns", "exec", name] + command)
    }

    /// The exit status and output of a command run inside the namespace.
    public func status(_ command: [String]) async throws -> (Int32, String) {
        try await TestCommand.status([Self.ip, "netns", "exec", name] + command)
    }

    /// A TCP port on `host` inside the namespace that nothing listens on, asked from the kernel there.
    public func freePort(on host: String) async throws -> Int {
        let output = try await exec([
            "python3", "-c",
            "import socket; s = socket.socket(); s.bind(('\(host)', 0)); print(s.getsockname()[1])",
        ])
        guard let port = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestCommand.Failure(command: ["freePort"], status: -1, output: output)
        }
        return port
    }

    /// Whether `host:port` accepts TCP connections from inside the namespace.
    public func accepts(host: String, port: Int) async -> Bool {
        let probe = "exec 3<>/dev/tcp/\(host)/\(port)"
        return ((try? await status(["bash", "-c", probe]))?.0 ?? 1) == 0
    }

    /// Waits until `host:port` accepts connections inside the namespace.
    public func waitForPort(host: String, port: Int, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !(await accepts(host: host, port: port)) {
            guard ContinuousClock.now < deadline else {
                throw TestCommand.Failure(
                    command: ["waitForPort", "\(host):\(port)"], status: -1, output: "nothing listens in \(name)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Takes the outside end of the veth pair down (packets silently go nowhere) or back up.
    public func setLink(up: Bool) async throws {
        try await TestCommand.run([Self.ip, "link", "set", outsideInterface, up ? "up" : "down"])
    }

    /// Deletes the namespace (its veth pair goes with it) and the hosts file. Stop processes inside first.
    public func remove() async {
        let already = removed.withLock { value in
            defer { value = true }
            return value
        }
        guard !already else { return }
        _ = try? await TestCommand.status([Self.ip, "link", "del", outsideInterface])
        _ = try? await TestCommand.status([Self.ip, "netns", "del", name])
        try? FileManager.default.removeItem(atPath: "/etc/netns/\(name)")
        NamespaceRegistry.shared.remove(name)
    }

    private func writeHosts(_ hosts: [String: String]) throws {
        let directory = "/etc/netns/\(name)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Self.hostsText(hosts).write(toFile: "\(directory)/hosts", atomically: true, encoding: .utf8)
    }

    /// Replaces the namespace's hosts file in place, so processes already running inside (whose /etc/hosts is a
    /// bind mount of that file) see the new names at their next lookup.
    public func updateHosts(_ hosts: [String: String]) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: "/etc/netns/\(name)/hosts"))
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(Self.hostsText(hosts).utf8))
    }

    private static func hostsText(_ hosts: [String: String]) -> String {
        var lines = ["127.0.0.1 localhost", "::1 localhost ip6-localhost ip6-loopback"]
        lines += hosts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A /30 inside 198.18.0.0/15 (the benchmarking range) that no interface on this machine uses yet.
    private static func freeSubnet() async throws -> (String, String) {
        let used = try await TestCommand.run([ip, "-4", "-o", "addr", "show"])
        for _ in 0..<100 {
            let third = Int.random(in: 0...255)
            let fourth = Int.random(in: 0...63) * 4
            let second = Int.random(in: 18...19)
            let prefix = "198.\(second).\(third)."
            let outside = "\(prefix)\(fourth + 1)"
            let inside = "\(prefix)\(fourth + 2)"
            if !used.contains("\(outside)/") && !used.contains("\(inside)/") { return (outside, inside) }
        }
        throw TestCommand.Failure(command: ["freeSubnet"], status: -1, output: "no free /30 in 198.18.0.0/15")
    }
}

/// Runs `body` with a fresh namespace and removes it however `body` ends.
public func withNetworkNamespace<T: Sendable>(
    hosts: [String: String] = [:], _ body: (NetworkNamespace) async throws -> T
) async throws -> T {
    let namespace = try await NetworkNamespace.create(hosts: hosts)
    do {
        let value = try await body(namespace)
        await namespace.remove()
        return value
    } catch {
        await namespace.remove()
        throw error
    }
}

/// Namespaces not yet removed, deleted by an exit hook in case a test forgot.
final class NamespaceRegistry: Sendable {
    static let shared = NamespaceRegistry()
    private let names = Mutex<Set<String>>([])

    private init() {
        atexit {
            NamespaceRegistry.shared.removeAll()
        }
    }

    func add(_ name: String) { names.withLock { _ = $0.insert(name) } }
    func remove(_ name: String) { names.withLock { _ = $0.remove(name) } }

    func removeAll() {
        for name in names.withLock({ $0 }) {
            if let pid = try? TestCommand.spawn([NetworkNamespace.ip, "netns", "del", name], stdout: 2) {
                _ = TestCommand.waitForExit(pid)
            }
            try? FileManager.default.removeItem(atPath: "/etc/netns/\(name)")
        }
    }
}
