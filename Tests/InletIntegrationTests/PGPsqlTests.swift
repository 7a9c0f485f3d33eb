import Foundation
import InletServer
import Testing

/// psql (Debian postgresql-client) scripts against the in-process server with the test session.
@Suite struct PGPsqlTests {
    static func psql(
        port: Int, user: String = "alice", password: String? = nil, sslmode: String = "disable", script: String,
        extra: [String] = []
    ) async throws -> PGProgramOutput {
        var environment = ["PGSSLMODE": sslmode, "PGCONNECT_TIMEOUT": "10", "PGAPPNAME": "inlet-test"]
        environment["PGPASSWORD"] = password ?? ""
        return try await runClient(
            "psql",
            [
                "-X", "-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", "inlet", "-v", "ON_ERROR_STOP=1",
                "--no-password", "-At", "-f", "-",
            ] + extra,
            environment: environment, input: script)
    }

    @Test func scriptWithSeveralStatements() async throws {
        try await PGTestServer.with { server in
            let output = try await Self.psql(
                port: server.port,
                script: """
                    SELECT 1 AS one, 'two' AS two;
                    SELECT 1; SELECT 'multi';
                    INSERT x 5;
                    SELECT * FROM items;
                    SET TimeZone = 'Asia/Tokyo';
                    SHOW TimeZone;
                    ;
                    RAISE 'a notice';
                    SELECT NULL AS n, true AS t;
                    \\echo done
                    """)
            #expect(output.status == 0, "psql failed: \(output.stderr)")
            #expect(output.stdout == "1|two\n1\nmulti\nINSERT 0 1\nx|5\nSET\nAsia/Tokyo\nDO\n|t\ndone\n")
            #expect(output.stderr.contains("NOTICE:  a notice"))
            #expect(!output.stderr.contains("WARNING"))
            // One Query message with several statements: psql -c sends it whole and shows every result.
            let multi = try await runClient(
                "psql",
                [
                    "-X", "-At", "-h", "127.0.0.1", "-p", String(server.port), "-U", "alice", "-c",
                    "SELECT 1; SELECT 'b'",
                ],
                environment: ["PGSSLMODE": "disable"])
            #expect(multi.status == 0 && multi.stdout == "1\nb\n", "\(multi.stdout)\(multi.stderr)")
            // The startup parameters reached the session.
            let startup = server.factory.startups.withLockedValue { $0.first }
            #expect(startup?.user == "alice" && startup?.database == "inlet")
            #expect(startup?.parameters["application_name"] == "inlet-test")
        }
    }

    @Test func errorStopsTheScriptWithSQLStateAndPosition() async throws {
        try await PGTestServer.with { server in
            let output = try await Self.psql(
                port: server.port,
                script: "\\set VERBOSITY verbose\nSELECT 'before';\nSELECT 1, nope;\nSELECT 'after';\n")
            #expect(output.status == 3)
            #expect(output.stdout == "before\n")
            #expect(output.stderr.contains("ERROR:  42703: column \"nope\" does not exist"), "\(output.stderr)")
            // psql turns the position into a caret under the offending word.
            #expect(output.stderr.contains("LINE 1: SELECT 1, nope;\n                  ^"), "\(output.stderr)")
        }
    }

    @Test func scramPasswordAcceptedAndRejected() async throws {
        try await PGTestServer.with(users: [UserCredential(name: "alice", password: "correct horse")]) { server in
            let good = try await Self.psql(port: server.port, password: "correct horse", script: "SELECT 'in';")
            #expect(good.status == 0, "\(good.stderr)")
            #expect(good.stdout == "in\n")
            let bad = try await Self.psql(port: server.port, password: "battery staple", script: "SELECT 'in';")
            #expect(bad.status == 2)
            #expect(bad.stderr.contains("password authentication failed for user \"alice\""), "\(bad.stderr)")
        }
    }

    @Test func tlsWhenACertificateIsConfigured() async throws {
        let files = try PGTestCertificates.make()
        try await PGTestServer.with(tls: files.tls) { server in
            let output = try await Self.psql(
                port: server.port, sslmode: "require", script: "SELECT 'secure';\n\\conninfo\n")
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout.contains("secure\n"))
            #expect(output.stdout.contains("SSL connection (protocol: TLSv1.3"), "\(output.stdout)")
        }
        // Without a certificate the server says 'N' and sslmode=require fails, prefer falls back.
        try await PGTestServer.with { server in
            let required = try await Self.psql(port: server.port, sslmode: "require", script: "SELECT 1;")
            #expect(required.status == 2)
            #expect(required.stderr.contains("server does not support SSL"), "\(required.stderr)")
            let preferred = try await Self.psql(port: server.port, sslmode: "prefer", script: "SELECT 1;")
            #expect(preferred.status == 0 && preferred.stdout == "1\n")
        }
    }

    @Test func sessionFactoryErrorIsFatalWithSQLState() async throws {
        try await PGTestServer.with { server in
            let output = try await runClient(
                "psql",
                ["-X", "-h", "127.0.0.1", "-p", String(server.port), "-U", "alice", "-d", "refuse", "-c", "SELECT 1"],
                environment: ["PGSSLMODE": "disable"])
            #expect(output.status == 2)
            #expect(output.stderr.contains("FATAL:  database \"refuse\" does not exist"), "\(output.stderr)")
        }
    }
}
