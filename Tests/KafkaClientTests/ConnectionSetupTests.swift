import KafkaWire
import Testing

@testable import KafkaClient

@Suite struct ConnectionSetupTests {
    let broker = BrokerAddress(nodeID: 2, host: "b-2.kafka.internal", port: 9096)
    let versions: [APIKey: ClosedRange<Int16>] = [.saslHandshake: 0...1, .saslAuthenticate: 0...2, .fetch: 4...12]

    @Test func withoutSASLItIsReadyAfterApiVersions() throws {
        var setup = ConnectionSetup(broker: broker, sasl: nil)
        #expect(setup.start() == .sendApiVersions(version: 4))
        #expect(try setup.receivedApiVersions(errorCode: 0, versions: versions) == .ready(versions))
    }

    @Test func scramRunsHandshakeThenTwoAuthenticateRounds() throws {
        var setup = ConnectionSetup(
            broker: broker, sasl: .init(mechanism: .scramSHA256, username: "user", password: "pencil"),
            clientNonce: "rOprNGfwEbeRWgbNEkqO")
        _ = setup.start()
        #expect(
            try setup.receivedApiVersions(errorCode: 0, versions: versions)
                == .sendSaslHandshake(mechanism: "SCRAM-SHA-256", version: 1))
        #expect(
            try setup.receivedSaslHandshake(errorCode: 0, enabledMechanisms: ["SCRAM-SHA-256"])
                == .sendSaslAuthenticate(Array("n,,n=user,r=rOprNGfwEbeRWgbNEkqO".utf8), version: 2))
        let serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
        guard
            case .sendSaslAuthenticate = try setup.receivedSaslAuthenticate(
                errorCode: 0, errorMessage: nil, authBytes: Array(serverFirst.utf8))
        else {
            Issue.record("expected the client-final message")
            return
        }
        #expect(
            try setup.receivedSaslAuthenticate(
                errorCode: 0, errorMessage: nil,
                authBytes: Array("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=".utf8)) == .ready(versions))
    }

    @Test func unsupportedMechanismNamesWhatTheBrokerOffers() throws {
        var setup = ConnectionSetup(broker: broker, sasl: .init(mechanism: .plain, username: "u", password: "p"))
        _ = setup.start()
        _ = try setup.receivedApiVersions(errorCode: 0, versions: versions)
        let error = #expect(throws: KafkaClientError.self) {
            try setup.receivedSaslHandshake(errorCode: 33, enabledMechanisms: ["SCRAM-SHA-512"])
        }
        #expect(error?.message.contains("SCRAM-SHA-512") == true)
    }

    @Test func authenticationFailureNamesUserNotPassword() throws {
        var setup = ConnectionSetup(
            broker: broker, sasl: .init(mechanism: .plain, username: "alice", password: "topsecret"))
        _ = setup.start()
        _ = try setup.receivedApiVersions(errorCode: 0, versions: versions)
        _ = try setup.receivedSaslHandshake(errorCode: 0, enabledMechanisms: ["PLAIN"])
        let error = #expect(throws: KafkaClientError.self) {
            try setup.receivedSaslAuthenticate(errorCode: 58, errorMessage: "Authentication failed", authBytes: [])
        }
        #expect(error?.code == .sasl)
        #expect(error?.message.contains("alice") == true)
        #expect(error?.message.contains("topsecret") == false)
    }

    @Test func brokerWithoutSASLIsAClearError() throws {
        var setup = ConnectionSetup(broker: broker, sasl: .init(mechanism: .plain, username: "u", password: "p"))
        _ = setup.start()
        #expect(throws: KafkaClientError.self) {
            try setup.receivedApiVersions(errorCode: 0, versions: [.fetch: 0...12])
        }
    }

    @Test func unsupportedApiVersionsIsRetriedOnceAtTheBrokersHighestVersion() throws {
        var setup = ConnectionSetup(broker: broker, sasl: nil)
        #expect(setup.start() == .sendApiVersions(version: 4))
        // KIP-511: the answer comes in v0 format, listing only the ApiVersions range the broker knows.
        #expect(
            try setup.receivedApiVersions(errorCode: 35, versions: [.apiVersions: 0...2])
                == .sendApiVersions(version: 2))
        #expect(try setup.receivedApiVersions(errorCode: 0, versions: versions) == .ready(versions))
    }

    @Test func brokerOlderThanKIP511IsAskedInV0() throws {
        var setup = ConnectionSetup(broker: broker, sasl: nil)
        _ = setup.start()
        #expect(try setup.receivedApiVersions(errorCode: 35, versions: [:]) == .sendApiVersions(version: 0))
        #expect(try setup.receivedApiVersions(errorCode: 0, versions: versions) == .ready(versions))
    }

    @Test func unsupportedApiVersionsTwiceIsAnError() throws {
        var setup = ConnectionSetup(broker: broker, sasl: nil)
        _ = setup.start()
        _ = try setup.receivedApiVersions(errorCode: 35, versions: [.apiVersions: 0...1])
        let error = #expect(throws: KafkaClientError.self) {
            try setup.receivedApiVersions(errorCode: 35, versions: [.apiVersions: 0...1])
        }
        #expect(error?.kafkaErrorCode == 35)
        #expect(error?.message.contains("b-2.kafka.internal") == true)
    }

    @Test func saslVersionsFollowTheBroker() throws {
        var setup = ConnectionSetup(broker: broker, sasl: .init(mechanism: .plain, username: "u", password: "p"))
        _ = setup.start()
        let older: [APIKey: ClosedRange<Int16>] = [.saslHandshake: 0...1, .saslAuthenticate: 0...0]
        #expect(
            try setup.receivedApiVersions(errorCode: 0, versions: older)
                == .sendSaslHandshake(mechanism: "PLAIN", version: 1))
        #expect(
            try setup.receivedSaslHandshake(errorCode: 0, enabledMechanisms: ["PLAIN"])
                == .sendSaslAuthenticate(Array("\0u\0p".utf8), version: 0))
        #expect(try setup.receivedSaslAuthenticate(errorCode: 0, errorMessage: nil, authBytes: []) == .ready(older))
    }

    @Test func handshakeV0AloneIsNotEnoughForSASL() throws {
        var setup = ConnectionSetup(broker: broker, sasl: .init(mechanism: .plain, username: "u", password: "p"))
        _ = setup.start()
        #expect(throws: KafkaClientError.self) {
            try setup.receivedApiVersions(errorCode: 0, versions: [.saslHandshake: 0...0, .saslAuthenticate: 0...2])
        }
    }
}
