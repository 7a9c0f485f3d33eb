/// testpeers/ec2_endpoint_states.py: forwards everything unchanged to `upstream` (moto, which still checks every
/// signature) and reports scripted endpoints in the state the test sets (pendingAcceptance, rejected, expired, …),
/// as AWS would; moto makes every endpoint available at once.
public final class EC2EndpointStateFront: Sendable {
    public let host: String
    public let port: Int
    public let process: PeerProcess
    public var endpoint: String { "http://\(host):\(port)" }

    private init(host: String, port: Int, process: PeerProcess) {
        self.host = host
        self.port = port
        self.process = process
    }

    /// Starts the front on `host` (e.g. a network namespace's outside address, for a server running inside);
    /// endpoints made for a service in `states` (service name → AWS state) start in that state.
    public static func start(upstream: String, states: [String: String] = [:], host: String = "127.0.0.1")
        async throws -> EC2EndpointStateFront
    {
        let python = try await PeerEnvironment.python()
        let port = try FreePort.next()
        let process = try await PeerProcess.launch(
            name: "ec2_endpoint_states", executable: python,
            arguments: [
                PeerPaths.script("ec2_endpoint_states.py"), "--host", host, "--port", String(port), "--upstream",
                upstream,
            ]
                + states.sorted { $0.key < $1.key }.flatMap { ["--state", "\($0.key)=\($0.value)"] })
        do {
            try await process.waitForPort(port, host: host)
        } catch {
            await process.stop()
            throw error
        }
        return EC2EndpointStateFront(host: host, port: port, process: process)
    }

    /// Endpoints of `service` made from now on start in `state` (AWS's spelling); nil removes the script.
    public func set(_ state: String?, service: String) async throws {
        try await control(["--service", service], state)
    }

    /// Endpoint `endpointID` is in `state` from now on (the owner accepted, rejected, it expired); nil gives it
    /// back to moto's own state.
    public func set(_ state: String?, endpoint endpointID: String) async throws {
        try await control(["--endpoint", endpointID], state)
    }

    private func control(_ target: [String], _ state: String?) async throws {
        let python = try await PeerEnvironment.python()
        _ = try await PeerCommand.run(
            name: "ec2_endpoint_states", executable: python,
            arguments: [PeerPaths.script("ec2_endpoint_states.py"), "set", "--front", endpoint] + target
                + (state.map { ["--state", $0] } ?? []),
            timeout: .seconds(30))
    }

    public func stop() async {
        await process.stop()
    }
}
