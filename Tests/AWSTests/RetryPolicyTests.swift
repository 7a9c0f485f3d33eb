import AWS
import Testing

@Suite struct RetryPolicyTests {
    let policy = AWSRetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), maxDelay: .seconds(1))

    @Test func throttlingAndServerErrorsAreRetried() {
        #expect(policy.isRetryable(httpStatus: 503, awsCode: "RequestLimitExceeded"))
        #expect(policy.isRetryable(httpStatus: 400, awsCode: "Throttling"))
        #expect(policy.isRetryable(httpStatus: 400, awsCode: "RequestLimitExceeded"))
        #expect(policy.isRetryable(httpStatus: 500, awsCode: nil))
        #expect(policy.isRetryable(httpStatus: 429, awsCode: nil))
        #expect(!policy.isRetryable(httpStatus: 403, awsCode: "SignatureDoesNotMatch"))
        #expect(!policy.isRetryable(httpStatus: 400, awsCode: "InvalidVpcEndpointId.NotFound"))
    }

    @Test func waitsGrowExponentiallyUpToTheCapWithFullJitter() {
        #expect(policy.delay(afterAttempt: 1, unitRandom: 1) == .milliseconds(100))
        #expect(policy.delay(afterAttempt: 2, unitRandom: 1) == .milliseconds(200))
        #expect(policy.delay(afterAttempt: 3, unitRandom: 1) == .milliseconds(400))
        #expect(policy.delay(afterAttempt: 5, unitRandom: 1) == .seconds(1))
        #expect(policy.delay(afterAttempt: 40, unitRandom: 1) == .seconds(1))
        #expect(policy.delay(afterAttempt: 3, unitRandom: 0.5) == .milliseconds(200))
        #expect(policy.delay(afterAttempt: 3, unitRandom: 0) == .zero)
    }
}
