import Foundation

/// An access key pair, with a session token and an expiry when it is temporary.
///
/// Its `description` shows the access key id only, so credentials can be logged by accident without harm.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// When temporary credentials stop working; nil for long-term keys.
    public var expiration: Date?
    /// Where these came from (`environment`, `profile default`, `web identity`, `instance metadata`), for messages.
    public var source: String

    public init(
        accessKeyID: String,
        secretAccessKey: String,
        sessionToken: String? = nil,
        expiration: Date? = nil,
        source: String = "static"
    ) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.source = source
    }

    public var description: String {
        "AWSCredentials(\(accessKeyID), from \(source)\(sessionToken == nil ? "" : ", temporary"))"
    }

    /// True when the credentials expire within `margin` of `now`.
    public func expires(within margin: TimeInterval, of now: Date) -> Bool {
        guard let expiration else { return false }
        return expiration.timeIntervalSince(now) <= margin
    }
}

/// A source of credentials: the environment, a profile, a web identity token, the instance metadata service.
///
/// `credentials()` returns nil when the source is not configured here (the chain then asks the next one), and
/// throws when it is configured but broken, so a typo never falls through to another identity silently.
public protocol AWSCredentialProvider: Sendable {
    /// A short name for messages, e.g. `environment`.
    var name: String { get }
    func credentials() async throws -> AWSCredentials?
}

/// Fixed credentials, e.g. from a `CREATE CONNECTION … TO AWS` statement or a test.
public struct StaticCredentialProvider: AWSCredentialProvider {
    public var name: String { "static" }
    public var value: AWSCredentials

    public init(_ value: AWSCredentials) { self.value = value }

    public func credentials() async throws -> AWSCredentials? { value }
}
