import Foundation
import InletServer
import Testing

/// psycopg 3 (extended protocol, pipelines, prepared statements, binary) against the in-process server.
@Suite struct PGPsycopgTests {
    static let script = repositoryRoot + "/testpeers/pg/psycopg_client.py"

    static func run(_ scenario: String, port: Int, arguments: [String] = []) async throws -> PGProgramOutput {
        try await runClient("python3", [script, "127.0.0.1", String(port), scenario] + arguments)
    }

    @Test(arguments: ["types", "binary", "errors", "prepared", "notices", "cancel"])
    func scenario(_ name: String) async throws {
        try await PGTestServer.with { server in
            let output = try await Self.run(name, port: server.port)
            #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
            #expect(output.stdout.contains("ok \(name)"), "\(output.stdout)\(output.stderr)")
        }
    }

    @Test func scramAndTLS() async throws {
        let files = try PGTestCertificates.make()
        let users = [UserCredential(name: "bob", password: "pässword")]
        try await PGTestServer.with(users: users, tls: files.tls) { server in
            let good = try await Self.run("login", port: server.port, arguments: ["bob", "pässword", "require"])
            #expect(good.status == 0 && good.stdout.contains("ok login"), "\(good.stdout)\(good.stderr)")
            let bad = try await Self.run("login", port: server.port, arguments: ["bob", "nope", "require"])
            #expect(bad.status == 2)
            #expect(bad.stdout.contains("password authentication failed for user \"bob\""), "\(bad.stdout)")
        }
    }
}
