import NIOCore

/// When a broker's SASL session on one connection ends and when the client renews it (KIP-368).
///
/// A broker with `connections.max.reauth.ms` (Amazon MSK with IAM always) answers SaslAuthenticate v1+ with
/// `session_lifetime_ms` and closes a connection that sends anything but a re-authentication after it. The
/// client renews at a fraction of the lifetime, as Kafka's Java client does (85 %), so a token is never used
/// past its end. Time is an input, so the schedule is tested without sleeping.
public struct SASLSessionLifetime: Sendable, Equatable {
    /// When the broker's session ends; nil when it set no lifetime.
    public let expiresAt: NIODeadline?
    /// When to re-authenticate; nil when never.
    public let renewAt: NIODeadline?

    /// The share of the lifetime after which the client re-authenticates.
    public static let renewalFraction = 0.85

    /// - Parameters:
    ///   - authenticatedAt: when the SaslAuthenticate that started the session was sent (before the broker
    ///     started its clock, so the client's deadline is never later than the broker's).
    ///   - lifetimeMs: the broker's `session_lifetime_ms`; 0 or less for none.
    public init(authenticatedAt: NIODeadline, lifetimeMs: Int64) {
        guard lifetimeMs > 0 else {
            expiresAt = nil
            renewAt = nil
            return
        }
        expiresAt = authenticatedAt + .milliseconds(lifetimeMs)
        renewAt = authenticatedAt + .nanoseconds(Int64(Double(lifetimeMs) * Self.renewalFraction * 1_000_000))
    }

    /// No session limit (no SASL, or a broker without `connections.max.reauth.ms`).
    public static let unlimited = SASLSessionLifetime(authenticatedAt: .uptimeNanoseconds(0), lifetimeMs: 0)

    /// True once the session should be renewed.
    public func isDue(at now: NIODeadline) -> Bool {
        guard let renewAt else { return false }
        return now >= renewAt
    }
}
