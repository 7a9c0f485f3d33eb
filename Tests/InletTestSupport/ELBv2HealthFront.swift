/// testpeers/elbv2_health.py: forwards everything unchanged to `upstream` (moto, which still checks every
/// signature) and reports the `unhealthy` targets (`IP:PORT`) of DescribeTargetHealth answers as failing their
/// health checks, as AWS does; moto itself runs no health checks and reports every registered target healthy.
public final class ELBv2HealthFront: Sendable {
    public let port: Int
    public let process: PeerProcess
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, process: PeerProcess) {
        self.port = port
        self.process = process
    }

    public static func start(upstream: String, unhealthy: [String]) async throws -> ELBv2HealthFront {
        let python = try await PeerEnvironment.python()
        let port = try FreePort.next()
        let process = try await PeerProcess.launch(
            name: "elbv2_health", executable: python,
            arguments: [PeerPaths.script("elbv2_health.py"), "--port", String(port), "--upstream", upstream]
                + unhealthy.flatMap { ["--unhealthy", $0] })
        do {
            try await process.waitForPort(port)
        } catch {
            await process.stop()
            throw error
        }
        return ELBv2HealthFront(port: port, process: process)
    }

    public func stop() async {
        await process.stop()
    }
}
