import AsyncHTTPClient
import Foundation

/// The standard credential chain: the first provider that is configured wins, and its credentials are kept
/// until five minutes before they expire.
///
/// The standard order is the SDKs': environment, web identity (`AWS_WEB_IDENTITY_TOKEN_FILE`), the profile in
/// the shared files, the instance metadata service.
public actor AWSCredentialChain: AWSCredentialProvider {
    public nonisolated let name: String
    public nonisolated let providers: [any AWSCredentialProvider]
    private let refreshMargin: TimeInterval
    private let now: @Sendable () -> Date
    private var cached: AWSCredentials?
    private var refreshing: Task<AWSCredentials?, any Error>?

    public init(
        providers: [any AWSCredentialProvider],
        refreshMargin: TimeInterval = 300,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.providers = providers
        self.name = "chain(\(providers.map(\.name).joined(separator: ", ")))"
        self.refreshMargin = refreshMargin
        self.now = now
    }

    /// The standard chain over `environment`.
    public static func standard(environment: AWSEnvironment = .process, httpClient: HTTPClient = .shared) throws
        -> AWSCredentialChain
    {
        var providers: [any AWSCredentialProvider] = [EnvironmentCredentialProvider(environment: environment)]
        if let webIdentity = try WebIdentityCredentialProvider.fromEnvironment(environment, httpClient: httpClient) {
            providers.append(webIdentity)
        }
        providers.append(ProfileCredentialProvider(environment: environment, httpClient: httpClient))
        providers.append(InstanceMetadataCredentialProvider(environment: environment, httpClient: httpClient))
        return AWSCredentialChain(providers: providers)
    }

    public func credentials() async throws -> AWSCredentials? {
        if let cached, !cached.expires(within: refreshMargin, of: now()) { return cached }
        if let refreshing { return try await refreshing.value }
        let task = Task { [providers] () async throws -> AWSCredentials? in
            for provider in providers {
                if let found = try await provider.credentials() { return found }
            }
            return nil
        }
        refreshing = task
        defer { refreshing = nil }
        let found = try await task.value
        cached = found
        return found
    }

    /// Forgets the kept credentials, e.g. after AWS refused them.
    public func invalidate() {
        cached = nil
    }
}
