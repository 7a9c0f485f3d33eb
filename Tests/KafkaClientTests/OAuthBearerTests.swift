import KafkaWire
import NIOCore
import Testing

@testable import KafkaClient

/// SASL OAUTHBEARER (RFC 7628) as MSK IAM uses it, the KIP-368 re-authentication script, and the renewal
/// schedule with time as an input.
@Suite struct OAuthBearerTests {
    let broker = BrokerAddress(nodeID: 1, host: "b-1.msk.internal", port: 9098)
    let versions: [APIKey: ClosedRange<Int16>] = [.saslHandshake: 0...1, .saslAuthenticate: 0...2, .fetch: 4...12]

    private var configuration: KafkaSASLConfiguration {
        KafkaSASLConfiguration(
            oauthBearerAs: "AWS connection aws_conn", failureHint: "check the AWS keys",
            tokenProvider: { _ in "unused" })
    }

    @Test func clientFirstIsRFC7628() {
        var client = SASLClient(configuration: configuration, bearerToken: "aHR0cHM6Ly9i")
        let first = client.start()
        #expect(first == Array("n,,\u{1}auth=Bearer aHR0cHM6Ly9i\u{1}\u{1}".utf8))
        #expect(first.first == UInt8(ascii: "n") && first.suffix(2) == [1, 1])
    }

    @Test func emptyServerAnswerCompletes() throws {
        var client = SASLClient(configuration: configuration, bearerToken: "t")
        _ = client.start()
        #expect(try client.receive([]) == .done)
        #expect(client.isComplete)
    }

    @Test func errorDocumentIsAcknowledgedThenFails() throws {
        var client = SASLClient(configuration: configuration, bearerToken: "t")
        _ = client.start()
        #expect(try client.receive(Array(#"{"status":"invalid_token"}"#.utf8)) == .send([1]))
        #expect(!client.isComplete)
        let error = #expect(throws: KafkaClientError.self) { try client.receive([]) }
        #expect(error?.message.contains("invalid_token") == true)
        #expect(error?.message.contains("check the AWS keys") == true)
    }

    @Test func setupSendsTheTokenAndKeepsTheSessionLifetime() throws {
        var setup = ConnectionSetup(broker: broker, sasl: configuration, bearerToken: "tok")
        _ = setup.start()
        #expect(
            try setup.receivedApiVersions(errorCode: 0, versions: versions)
                == .sendSaslHandshake(mechanism: "OAUTHBEARER", version: 1))
        #expect(
            try setup.receivedSaslHandshake(errorCode: 0, enabledMechanisms: ["OAUTHBEARER"])
                == .sendSaslAuthenticate(SASLClient.oauthBearerClientFirst(token: "tok"), version: 2))
        #expect(
            try setup.receivedSaslAuthenticate(
                errorCode: 0, errorMessage: nil, authBytes: [], sessionLifetimeMs: 60_000)
                == .ready(versions))
        #expect(setup.sessionLifetimeMs == 60_000)
    }

    @Test func refusedSignInNamesTheIdentityAndTheFix() throws {
        var setup = ConnectionSetup(broker: broker, sasl: configuration, bearerToken: "tok")
        _ = setup.start()
        _ = try setup.receivedApiVersions(errorCode: 0, versions: versions)
        _ = try setup.receivedSaslHandshake(errorCode: 0, enabledMechanisms: ["OAUTHBEARER"])
        let error = #expect(throws: KafkaClientError.self) {
            try setup.receivedSaslAuthenticate(
                errorCode: 58, errorMessage: "the signature of access key AKIA does not match", authBytes: [])
        }
        #expect(error?.message.contains("AWS connection aws_conn") == true)
        #expect(error?.message.contains("signature of access key AKIA does not match") == true)
        #expect(error?.message.contains("check the AWS keys") == true)
        #expect(error?.kafkaErrorCode == 58)
    }

    @Test func reauthenticationStartsAtTheHandshakeWithTheKnownVersions() throws {
        var setup = ConnectionSetup(broker: broker, sasl: configuration, bearerToken: "fresh")
        #expect(
            try setup.startReauthentication(versions: versions)
                == .sendSaslHandshake(mechanism: "OAUTHBEARER", version: 1))
        #expect(
            try setup.receivedSaslHandshake(errorCode: 0, enabledMechanisms: ["OAUTHBEARER"])
                == .sendSaslAuthenticate(SASLClient.oauthBearerClientFirst(token: "fresh"), version: 2))
        #expect(
            try setup.receivedSaslAuthenticate(errorCode: 0, errorMessage: nil, authBytes: [], sessionLifetimeMs: 5_000)
                == .ready(versions))
        #expect(setup.sessionLifetimeMs == 5_000)
    }

    @Test func renewalIsDueAtEightyFivePercentOfTheLifetime() {
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
        let session = SASLSessionLifetime(authenticatedAt: start, lifetimeMs: 10_000)
        #expect(session.expiresAt == start + .seconds(10))
        #expect(session.renewAt == start + .milliseconds(8_500))
        #expect(!session.isDue(at: start))
        #expect(!session.isDue(at: start + .milliseconds(8_499)))
        #expect(session.isDue(at: start + .milliseconds(8_500)))
        #expect(session.isDue(at: start + .seconds(11)))
    }

    @Test func noLifetimeNeverRenews() {
        let session = SASLSessionLifetime(authenticatedAt: .uptimeNanoseconds(0), lifetimeMs: 0)
        #expect(session.renewAt == nil && session.expiresAt == nil)
        #expect(!session.isDue(at: .distantFuture))
        #expect(SASLSessionLifetime.unlimited == session)
    }
}
