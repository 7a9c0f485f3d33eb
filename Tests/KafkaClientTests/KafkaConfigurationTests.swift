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

    @Test func securityProtocolsMapToTLSAndSASL() throws {
        let expected: [(String, Bool, Bool)] = [
            ("PLAINTEXT", false, false), ("SSL", true, false), ("SASL_PLAINTEXT", false, true),
            ("SASL_SSL", true, true),
        ]
        for (name, usesTLS, usesSASL) in expected {
            let parsed = try #require(KafkaSecurityProtocol(name: name))
            #expect(parsed.name == name)
            #expect(parsed.usesTLS == usesTLS, "\(name)")
            #expect(parsed.usesSASL == usesSASL, "\(name)")
        }
        #expect(KafkaSecurityProtocol.all.map(\.name) == expected.map(\.0))
    }

    @Test func securityProtocolNamesAreCaseInsensitive() {
        #expect(KafkaSecurityProtocol(name: "sasl_ssl") == .saslSSL)
        #expect(KafkaSecurityProtocol(name: "Ssl") == .ssl)
        #expect(KafkaSecurityProtocol(name: "plaintext") == .plaintext)
        #expect(KafkaSecurityProtocol(name: "sasl_plaintext") == .saslPlaintext)
    }

    @Test func unknownSecurityProtocolsAreRejectedWithTheNamesToUse() {
        for name in ["", "TLS", "SASL", "SASL-SSL", " SSL", "PLAINTEXT2"] {
            #expect(KafkaSecurityProtocol(name: name) == nil, "\(name)")
        }
        #expect(KafkaSecurityProtocol.names == "PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL")
    }

    @Test func saslMechanismDefaultsToPlainAndListsItsNames() {
        #expect(KafkaSASLMechanism.default == .plain)
        #expect(KafkaSASLMechanism.names == "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512")
        #expect(KafkaSASLMechanism(name: "scram-sha-512") == .scramSHA512)
        #expect(KafkaSASLMechanism(name: "SCRAM-SHA-1") == nil)
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
