import Foundation
import InletServer
import Testing

/// Protocol paths drivers rarely take, spoken byte by byte from Python (testpeers/pg/raw_protocol.py).
@Suite struct PGRawProtocolTests {
    static let script = repositoryRoot + "/testpeers/pg/raw_protocol.py"

    @Test func rowLimitSuspendsThePortalAndErrorsSkipUntilSync() async throws {
        try await PGTestServer.with { server in
            let output = try await runClient("python3", [Self.script, "127.0.0.1", String(server.port), "suspend"])
            #expect(output.status == 0, "\(output.stderr)")
            let expected = [
                "R", "Z I",
                "C INSERT 0 1", "C INSERT 0 1", "C INSERT 0 1", "Z I",
                "1", "2", "D ['a', '1']", "D ['b', '2']", "s", "D ['c', '3']", "C SELECT 1",
                "E ERROR 34000 portal \"missing\" does not exist", "Z I",
            ]
            #expect(output.stdout.split(separator: "\n").map(String.init) == expected, "\(output.stdout)")
        }
    }

    @Test func unknownMessageTypeIsFatalProtocolViolation() async throws {
        try await PGTestServer.with { server in
            let output = try await runClient("python3", [Self.script, "127.0.0.1", String(server.port), "violation"])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(
                output.stdout.split(separator: "\n").map(String.init)
                    == ["R", "Z I", "E FATAL 08P01 unknown message type 63 ('?')", "closed"], "\(output.stdout)")
        }
    }

    /// Before authentication a message may be as long as a password or SASL message needs (PostgreSQL caps
    /// startup packets at 10,000 bytes and authentication messages at 65,535); a longer length prefix is refused
    /// at once, before its body is read.
    @Test(.timeLimit(.minutes(1))) func hugeMessageBeforeAuthenticationIsRefusedAtOnce() async throws {
        try await PGTestServer.with(users: [UserCredential(name: "raw", password: "pw")]) { server in
            let output = try await runClient(
                "python3", [Self.script, "127.0.0.1", String(server.port), "huge_before_auth"])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(
                output.stdout.split(separator: "\n").map(String.init) == [
                    "R",
                    "E FATAL 08P01 PasswordMessage message of 100000004 bytes before authentication is longer than "
                        + "the 65535 bytes a password or SASL message needs",
                    "closed",
                ], "\(output.stdout)")
        }
    }

    @Test(.timeLimit(.minutes(1))) func largeMessageAfterAuthenticationIsAccepted() async throws {
        try await PGTestServer.with { server in
            let output = try await runClient(
                "python3", [Self.script, "127.0.0.1", String(server.port), "large_after_auth"])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(
                output.stdout.split(separator: "\n").map(String.init) == ["R", "Z I", "C INSERT 0 1", "Z I"],
                "\(output.stdout)")
        }
    }

    @Test func silentClientIsCutOffAfterTheAuthenticationTimeout() async throws {
        let server = try await PGTestServer.start(authenticationTimeout: .milliseconds(300))
        let output = try await runClient("python3", [Self.script, "127.0.0.1", String(server.port), "silent"])
        try await server.stop()
        #expect(output.status == 0, "\(output.stderr)")
        #expect(
            output.stdout.split(separator: "\n").map(String.init)
                == ["E FATAL 08P01 canceling authentication due to timeout", "closed"], "\(output.stdout)")
    }
}
