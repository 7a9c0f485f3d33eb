import NIOCore
import Testing

@testable import KafkaClient

@Suite struct KafkaConfigurationTests {
    @Test func parsesBrokerAddresses() throws {
        #expect(
            try KafkaConfiguration.parseBroker("b-1.msk.internal:9096")
                == BrokerAddress(host: "b-1.msk.internal", port: 9096))
        #expect(try KafkaConfiguration.parseBroker("[::1]:9092") == BrokerAddress(host: "::1", port: 9092))
        #expect(throws: KafkaClientError.self) { try KafkaConfiguration.parseBroker("localhost") }
        #expect(throws: KafkaClientError.self) { try KafkaConfiguration.parseBroker("host:0") }
    }

    @Test func backoffGrowsAndIsCapped() {
        let backoff = KafkaBackoff(initial: .milliseconds(100), maximum: .seconds(1), multiplier: 2)
        #expect(backoff.delay(afterFailures: 0) == .zero)
        #expect(backoff.delay(afterFailures: 1) == .milliseconds(100))
        #expect(backoff.delay(afterFailures: 3) == .milliseconds(400))
        #expect(backoff.delay(afterFailures: 10) == .seconds(1))
        #expect(backoff.delay(afterFailures: 1000) == .seconds(1))
    }
}

@Suite struct BrokerHealthTests {
    @Test func failuresPushTheNextAttemptOutAndSuccessResets() {
        let backoff = KafkaBackoff(initial: .milliseconds(100), maximum: .seconds(2))
        let now = NIODeadline.uptimeNanoseconds(5_000_000_000)
        var health = BrokerHealth()
        #expect(health.wait(now: now) == .zero)
        health.failed(now: now, backoff: backoff, error: "refused")
        #expect(health.wait(now: now) == .milliseconds(100))
        health.failed(now: now, backoff: backoff, error: "refused")
        #expect(health.wait(now: now) == .milliseconds(200))
        #expect(health.wait(now: now + .milliseconds(150)) == .milliseconds(50))
        health.succeeded()
        #expect(health.wait(now: now) == .zero)
        #expect(health.failures == 0)
    }
}
