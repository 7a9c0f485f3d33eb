import InletTestSupport
import KafkaWire
import NIOCore
import Testing

/// SaslHandshake and every SaslAuthenticate version against an independent SASL server: the test-side virtual
/// cluster (Python, SCRAM/PLAIN via PyPI scramp) in front of tansu, whose own SASL does not work.
@Suite("Wire: SASL messages against the virtual cluster", .serialized)
struct WireSaslTests {
    func withSASLBroker(_ body: (Int) async throws -> Void) async throws {
        try await withTansu { tansu in
            let cluster = try await VirtualCluster.start(
                brokers: 1, tansu: tansu,
                sasl: .init(mechanisms: [.plain, .scramSHA256], users: ["alice": "wonderland"]))
            do {
                try await body(cluster.initialBrokers[0].port)
                await cluster.stop()
            } catch {
                await cluster.stop()
                throw error
            }
        }
    }

    func connect(_ port: Int) async throws -> WireTansuConnection {
        try await WireTansuConnection.connect(port: port)
    }

    static func plainToken(user: String, password: String) -> [UInt8] {
        [0] + Array(user.utf8) + [0] + Array(password.utf8)
    }

    @Test func plainAuthenticationEveryVersion() async throws {
        try await withSASLBroker { port in
            for version in SaslAuthenticateRequest.supportedVersions {
                let connection = try await connect(port)
                let handshake = try await connection.send(SaslHandshakeRequest(mechanism: "PLAIN"), version: 1)
                #expect(handshake.errorCode == .noError)
                #expect(Set(handshake.mechanisms) == ["PLAIN", "SCRAM-SHA-256"])
                let authenticated = try await connection.send(
                    SaslAuthenticateRequest(authBytes: Self.plainToken(user: "alice", password: "wonderland")),
                    version: version)
                #expect(authenticated.errorCode == .noError, "SaslAuthenticate v\(version)")
                #expect(authenticated.errorMessage == nil, "SaslAuthenticate v\(version)")
                // Authenticated: ordinary requests are now served.
                let metadata = try await connection.send(MetadataRequest(topicNames: []), version: 12)
                #expect(metadata.brokers.count == 1, "after SaslAuthenticate v\(version)")
                await connection.close()
            }
        }
    }

    @Test func wrongPasswordAndUnknownMechanismEveryVersion() async throws {
        try await withSASLBroker { port in
            for version in SaslAuthenticateRequest.supportedVersions {
                let connection = try await connect(port)
                _ = try await connection.send(SaslHandshakeRequest(mechanism: "PLAIN"), version: 1)
                let refused = try await connection.send(
                    SaslAuthenticateRequest(authBytes: Self.plainToken(user: "alice", password: "guess")),
                    version: version)
                #expect(refused.errorCode == .saslAuthenticationFailed, "SaslAuthenticate v\(version)")
                #expect(refused.errorMessage?.contains("invalid credentials") == true, "v\(version)")
                #expect(refused.errorMessage?.contains("guess") == false, "the password is not echoed")
                await connection.close()
            }
            for version in SaslHandshakeRequest.supportedVersions {
                let connection = try await connect(port)
                let handshake = try await connection.send(SaslHandshakeRequest(mechanism: "GSSAPI"), version: version)
                #expect(handshake.errorCode == .unsupportedSaslMechanism, "SaslHandshake v\(version)")
                #expect(handshake.mechanisms.contains("SCRAM-SHA-256"), "SaslHandshake v\(version)")
                await connection.close()
            }
        }
    }
}
