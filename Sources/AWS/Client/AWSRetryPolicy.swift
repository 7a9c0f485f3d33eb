/// When a failed AWS call is tried again, and how long to wait first.
///
/// Throttling codes, HTTP 429 and 5xx, and requests that never got an answer are retried with capped
/// exponential backoff and full jitter (a random wait between zero and the cap), as the AWS SDKs do.
public struct AWSRetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first one included.
    public var maxAttempts: Int
    /// The cap of the first retry's wait; it doubles with each attempt.
    public var baseDelay: Duration
    /// No wait is longer than this.
    public var maxDelay: Duration

    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(20)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    public static let `default` = AWSRetryPolicy()
    /// One attempt, no retries.
    public static let never = AWSRetryPolicy(maxAttempts: 1)

    /// AWS error codes that mean "slow down" or "try again".
    public static let retryableCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled", "EC2ThrottledException",
        "BandwidthLimitExceeded", "SlowDown", "PriorRequestNotComplete", "ProvisionedThroughputExceededException",
        "TransactionInProgressException", "RequestTimeout", "RequestTimeoutException", "InternalError",
        "InternalFailure", "ServiceUnavailable", "Unavailable",
    ]

    /// Whether an answer with this HTTP status and AWS error code is worth another attempt.
    public func isRetryable(httpStatus: Int, awsCode: String?) -> Bool {
        if let awsCode, Self.retryableCodes.contains(awsCode) { return true }
        return httpStatus == 429 || (500...599).contains(httpStatus)
    }

    /// The wait before attempt `attempt + 1`, after `attempt` failed (1-based); `unitRandom` is in 0...1.
    public func delay(afterAttempt attempt: Int, unitRandom: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let cap = min(baseDelay * (1 << exponent), maxDelay)
        return cap * min(max(unitRandom, 0), 1)
    }
}
