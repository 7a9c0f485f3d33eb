import AWS
import Foundation
import InletTestSupport
import Synchronization

/// One moto with signature checking on, shared by every test of this target that needs no moto of its own:
/// starting moto and making its account costs seconds of CPU, and the tests keep to their own resources (tags,
/// names). It is stopped when the test process exits (PeerProcess's exit hook and wrapper).
enum SharedMoto {
    private static let starting = Task { try await Moto.start() }

    static func get() async throws -> Moto {
        try await starting.value
    }
}

/// Runs `body` with the shared moto.
func withSharedMoto<T: Sendable>(_ body: (Moto) async throws -> T) async throws -> T {
    try await body(SharedMoto.get())
}

extension Moto {
    /// The IAM user's key pair that moto_setup.py made.
    var credentials: AWSCredentials {
        AWSCredentials(
            accessKeyID: account.accessKeyID, secretAccessKey: account.secretAccessKey, source: "moto IAM user")
    }

    /// An EC2 client for the moto account, signing with `credentials` (the IAM user's by default).
    func ec2(
        credentials: AWSCredentials? = nil,
        endpoint: String? = nil,
        retry: AWSRetryPolicy = .default,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) -> EC2Client {
        EC2Client(client: client(credentials: credentials, endpoint: endpoint, retry: retry, sleep: sleep))
    }

    /// An ELBv2 client for the moto account, signing as the IAM user.
    func elbv2(pageSize: Int? = nil) -> ELBv2Client {
        ELBv2Client(client: client(), pageSize: pageSize)
    }

    func client(
        credentials: AWSCredentials? = nil,
        endpoint: String? = nil,
        retry: AWSRetryPolicy = .default,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) -> AWSClient {
        AWSClient(
            configuration: AWSClientConfiguration(
                region: account.region, endpointURL: endpoint ?? self.endpoint, retry: retry),
            credentialProvider: StaticCredentialProvider(credentials ?? self.credentials), sleep: sleep)
    }

    /// The environment of a process that finds nothing but what `variables` gives: no home files, no real IMDS.
    func isolatedEnvironment(_ variables: [String: String]) -> AWSEnvironment {
        AWSEnvironment(
            variables: [
                "AWS_CONFIG_FILE": "/nonexistent/inlet-test/config",
                "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/inlet-test/credentials",
                "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_REGION": account.region,
            ].merging(variables) { $1 })
    }
}

/// Records the waits an `AWSClient` asks for instead of sleeping.
final class RecordedSleeps: Sendable {
    private let waits = Mutex<[Duration]>([])

    var all: [Duration] { waits.withLock { $0 } }

    var sleep: @Sendable (Duration) async throws -> Void {
        { [self] duration in self.waits.withLock { $0.append(duration) } }
    }
}
