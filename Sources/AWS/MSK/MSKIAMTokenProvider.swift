import Foundation

/// Makes MSK IAM tokens for broker connections from a source of credentials.
///
/// Credentials come from any provider (static keys, an assumed role, the standard chain); wrap slow or
/// temporary ones in an `AWSCredentialChain` so they are kept until shortly before they expire. Each token is
/// signed at the moment a connection signs in, so it is always fresh for the broker's 900-second window.
public struct MSKIAMTokenProvider: Sendable {
    public var region: String
    public var credentials: any AWSCredentialProvider
    public var userAgent: String
    /// Presign for this host instead of each broker's own name (e.g. `MSKIAMToken.regionalHost(region)`).
    public var hostOverride: String?
    let now: @Sendable () -> Date

    public init(
        region: String,
        credentials: any AWSCredentialProvider,
        userAgent: String = MSKIAMToken.defaultUserAgent,
        hostOverride: String? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.region = region
        self.credentials = credentials
        self.userAgent = userAgent
        self.hostOverride = hostOverride
        self.now = now
    }

    /// A fresh token for a connection to `host`.
    public func token(forHost host: String) async throws -> MSKIAMToken {
        guard let found = try await credentials.credentials() else {
            throw AWSError.credentials(
                "no AWS credentials for MSK IAM sign-in (\(credentials.name)); set AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY, a profile, or use an AWS CONNECTION")
        }
        return MSKIAMToken(
            credentials: found, region: region, host: hostOverride ?? host, date: now(), userAgent: userAgent)
    }
}
