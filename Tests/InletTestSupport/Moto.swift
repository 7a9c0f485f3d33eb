import Foundation

/// moto in server mode (PyPI `moto[server]`) on a free loopback port: EC2, ELBv2, IAM, STS and the instance
/// metadata service of one emulated AWS account, with signature checking on.
///
/// `start()` runs `python3 -m moto.server`, then `testpeers/moto_setup.py` (boto3) to make an IAM user with an
/// access key, a web-identity role, a VPC with two subnets in two zones, a security group and an NLB endpoint
/// service, and finally turns moto's signature checking on (`/moto-api/reset-auth` with 0, the server-mode
/// `INITIAL_NO_AUTH_ACTION_COUNT`): every later request must be SigV4-signed with that user's key, and moto
/// checks the signature with botocore. What moto does not do: endpoints are `available` at once, there is no
/// acceptance or rejection, no per-zone DNS names, and ClientToken is not idempotent.
public final class Moto: Sendable {
    /// What moto_setup.py made.
    public struct Account: Decodable, Sendable {
        public var region: String
        public var accessKeyID: String
        public var secretAccessKey: String
        public var roleARN: String
        /// A role the IAM user may assume with STS AssumeRole (an AWS connection's ASSUME ROLE ARN).
        public var mskRoleARN: String
        public var vpcID: String
        public var subnetIDs: [String]
        public var zoneIDs: [String]
        public var zoneNames: [String]
        public var securityGroupID: String
        public var serviceName: String
        public var serviceID: String
    }

    public let port: Int
    public let account: Account
    public let process: PeerProcess

    /// `http://127.0.0.1:PORT`, for `--aws-endpoint-url`.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, account: Account, process: PeerProcess) {
        self.port = port
        self.account = account
        self.process = process
    }

    /// Starts moto, makes the account and, unless `signatureChecking` is false, turns signature checking on.
    public static func start(signatureChecking: Bool = true) async throws -> Moto {
        try await PeerEnvironment.requirePythonModule("moto.server")
        try await PeerEnvironment.requirePythonModule("boto3")
        let python = try await PeerEnvironment.python()
        let port = try FreePort.next()
        let process = try await PeerProcess.launch(
            name: "moto", executable: python, arguments: ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)],
            environment: ["AWS_EC2_METADATA_DISABLED": "true"])
        do {
            try await process.waitForPort(port, timeout: .seconds(90))
            var arguments = [PeerPaths.script("moto_setup.py"), "--endpoint", "http://127.0.0.1:\(port)"]
            if !signatureChecking { arguments.append("--keep-auth-off") }
            let result = try await PeerCommand.run(
                name: "moto_setup", executable: python, arguments: arguments, timeout: .seconds(120))
            let line = result.output.split(separator: "\n").last.map(String.init) ?? ""
            let account: Account
            do {
                account = try JSONDecoder().decode(Account.self, from: Data(line.utf8))
            } catch {
                throw PeerError(peer: "moto_setup", message: "printed no account: \(result.output)")
            }
            return Moto(port: port, account: account, process: process)
        } catch {
            await process.stop()
            throw error
        }
    }

    /// Turns signature checking on after a start with `signatureChecking: false`.
    public func enableSignatureChecking() async throws {
        let python = try await PeerEnvironment.python()
        _ = try await PeerCommand.run(
            name: "moto_setup", executable: python,
            arguments: [PeerPaths.script("moto_setup.py"), "--enable-auth", endpoint], timeout: .seconds(60))
    }

    public func stop() async {
        await process.stop()
    }
}

/// Starts moto (see `Moto.start`), runs `body`, and stops moto however `body` ends.
public func withMoto<T: Sendable>(
    signatureChecking: Bool = true,
    _ body: (Moto) async throws -> T
) async throws -> T {
    let moto = try await Moto.start(signatureChecking: signatureChecking)
    do {
        let result = try await body(moto)
        await moto.stop()
        return result
    } catch {
        await moto.stop()
        throw error
    }
}

/// testpeers/aws_throttle.py: answers the first `throttle` requests with RequestLimitExceeded (HTTP 503) and every
/// request of `actions` with ELBv2's Throttling (HTTP 400), adds zonal DNS entries to endpoint answers for the
/// subnets of `zonalDNS` (subnet id → zone name), and forwards everything else unchanged to `upstream` (moto).
public final class AWSThrottle: Sendable {
    public let port: Int
    public let process: PeerProcess
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, process: PeerProcess) {
        self.port = port
        self.process = process
    }

    public static func start(
        upstream: String, throttle: Int = 0, actions: [String] = [], zonalDNS: [String: String] = [:]
    ) async throws -> AWSThrottle {
        let python = try await PeerEnvironment.python()
        let port = try FreePort.next()
        let process = try await PeerProcess.launch(
            name: "aws_throttle", executable: python,
            arguments: [
                PeerPaths.script("aws_throttle.py"), "--port", String(port), "--upstream", upstream, "--throttle",
                String(throttle),
            ] + actions.flatMap { ["--action", $0] }
                + zonalDNS.sorted { $0.key < $1.key }.flatMap { ["--zonal-dns", "\($0.key)=\($0.value)"] })
        do {
            try await process.waitForPort(port)
        } catch {
            await process.stop()
            throw error
        }
        return AWSThrottle(port: port, process: process)
    }

    /// How many requests of `action` (all requests when nil) the front has received.
    public func count(action: String? = nil) async throws -> Int {
        let url = endpoint + "/_count" + (action.map { "?action=\($0)" } ?? "")
        let python = try await PeerEnvironment.python()
        let result = try await PeerCommand.run(
            name: "aws_throttle count", executable: python,
            arguments: [
                "-c", "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())", url,
            ],
            timeout: .seconds(30))
        guard let count = Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw PeerError(peer: "aws_throttle", message: "/_count answered \(result.output)")
        }
        return count
    }

    public func stop() async {
        await process.stop()
    }
}
