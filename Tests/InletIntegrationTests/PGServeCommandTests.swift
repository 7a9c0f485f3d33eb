import Foundation
import Logging
import PostgresNIO
import Testing

/// The real `inlet serve` binary: startup line, clear start errors, graceful stop.
@Suite struct PGServeCommandTests {
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "inlet-serve-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func startsLogsAndStopsOnSIGTERM() async throws {
        let dataDirectory = try Self.temporaryDirectory() + "/data"
        let server = try await PGServeProcess.start(["--data-dir", dataDirectory])
        #expect(server.output.contains("data-dir=\(dataDirectory)"))
        #expect(FileManager.default.fileExists(atPath: dataDirectory))
        let psql = try await runClient(
            "psql", ["-X", "-At", "-h", "127.0.0.1", "-p", String(server.port), "-U", "alice", "-c", "SELECT 1"],
            environment: ["PGSSLMODE": "disable", "PGCONNECT_TIMEOUT": "10"])
        #expect(psql.status == 0 && psql.stdout == "1\n", "\(psql.stdout)\(psql.stderr)")
        #expect(FileManager.default.fileExists(atPath: dataDirectory + "/catalog.sqlite"))
        let status = try await server.stop()
        #expect(status == 0, "\(server.output)")
    }

    @Test func configurationFileWithUsersAndTLS() async throws {
        let directory = try Self.temporaryDirectory()
        let certificates = try PGTestCertificates.make()
        let json = """
            {
              "data_dir": "data",
              "users": [{"name": "carol", "password": "from-the-file"}],
              "tls": {"certificate": "\(certificates.certificate)", "key": "\(certificates.key)"},
              "aws": {"account_id": "444455556666", "role_prefix": "filecfg"}
            }
            """
        let file = directory + "/inlet.json"
        try json.write(toFile: file, atomically: true, encoding: .utf8)
        let server = try await PGServeProcess.start(["--config", file])
        #expect(server.output.contains("auth=scram-sha-256") && server.output.contains("tls=on"), "\(server.output)")
        func psql(_ password: String, _ sql: String) async throws -> PGProgramOutput {
            try await runClient(
                "psql", ["-X", "-At", "-h", "127.0.0.1", "-p", String(server.port), "-U", "carol", "-c", sql],
                environment: ["PGSSLMODE": "require", "PGPASSWORD": password, "PGCONNECT_TIMEOUT": "10"])
        }
        let created = try await psql(
            "from-the-file",
            "CREATE CONNECTION pl TO AWS PRIVATELINK (SERVICE NAME 'com.amazonaws.vpce.us-east-1.vpce-svc-0f', AVAILABILITY ZONES ('use1-az1'))"
        )
        #expect(created.status == 0, "\(created.stderr)")
        let principal = try await psql("from-the-file", "SELECT principal FROM mz_aws_privatelink_connections")
        #expect(
            principal.stdout.hasPrefix("arn:aws:iam::444455556666:role/filecfg_u"),
            "\(principal.stdout)\(principal.stderr)")
        let wrong = try await psql("nope", "SELECT 1")
        #expect(wrong.status == 2 && wrong.stderr.contains("password authentication failed for user \"carol\""))
        #expect(FileManager.default.fileExists(atPath: directory + "/data/catalog.sqlite"))
        #expect(try await server.stop() == 0)
    }

    @Test func sigtermClosesOpenConnections() async throws {
        let server = try await PGServeProcess.start(["--data-dir", try Self.temporaryDirectory()])
        let connection = try await PGPostgresNIOTests.connect(port: server.port)
        #expect(try await connection.query("SELECT 1", logger: Logger(label: "q")).collect().count == 1)
        // The server does not wait for idle clients: it tells them and exits.
        #expect(try await server.stop() == 0)
        #expect(server.output.contains("shutting down"))
        let deadline = ContinuousClock.now + .seconds(10)
        while !connection.isClosed && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(connection.isClosed, "the client's connection is still open after the server stopped")
    }

    /// The endpoint table given as flags reaches the catalog session: a PrivateLink connection to a listed service
    /// is available, one to an unlisted service waits for discovery.
    @Test func privateLinkEndpointFlagsReachTheCatalog() async throws {
        let service = "com.amazonaws.vpce.us-east-1.vpce-svc-0a"
        let server = try await PGServeProcess.start([
            "--data-dir", try Self.temporaryDirectory(),
            "--privatelink-endpoint", "\(service)=vpce-a.example",
            "--privatelink-endpoint", "\(service)@use1-az1=vpce-a-az1.example",
        ])
        let output = try await runClient(
            "psql",
            [
                "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(server.port), "-U", "alice",
                "-c",
                "CREATE CONNECTION pl_a TO AWS PRIVATELINK (SERVICE NAME '\(service)', AVAILABILITY ZONES ('use1-az1'))",
                "-c",
                "CREATE CONNECTION pl_b TO AWS PRIVATELINK (SERVICE NAME 'com.amazonaws.vpce.us-east-1.vpce-svc-0b', "
                    + "AVAILABILITY ZONES ('use1-az1'))",
                "-c",
                "SELECT c.name, h.status FROM mz_aws_privatelink_connection_status_history h "
                    + "JOIN mz_connections c ON c.id = h.connection_id ORDER BY c.name",
            ],
            environment: ["PGSSLMODE": "disable"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(
            output.stdout == "CREATE CONNECTION\nCREATE CONNECTION\npl_a|available\npl_b|pending-service-discovery\n",
            "\(output.stdout)")
        #expect(try await server.stop() == 0)
    }

    @Test func debugLogShowsStatementsWithoutSecrets() async throws {
        let server = try await PGServeProcess.start([
            "--data-dir", try Self.temporaryDirectory(), "--log-level", "debug",
        ])
        let output = try await runClient(
            "psql",
            [
                "-X", "-At", "-h", "127.0.0.1", "-p", String(server.port), "-U", "alice",
                "-c", "CREATE SECRET pw AS 'hunter2-value'", "-c",
                "ALTER SECRET pw AS decode('aHVudGVyMw==', 'base64')",
            ],
            environment: ["PGSSLMODE": "disable"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try await server.stop() == 0)
        #expect(server.output.contains("sql=CREATE SECRET pw AS"), "\(server.output)")
        #expect(!server.output.contains("hunter2-value") && !server.output.contains("aHVudGVyMw=="), "\(server.output)")
    }

    @Test func portInUseIsAClearError() async throws {
        let first = try await PGServeProcess.start(["--data-dir", try Self.temporaryDirectory()])
        let second = try await PGServeProcess.runFailing(
            ["--listen", "127.0.0.1:\(first.port)", "--data-dir", try Self.temporaryDirectory()])
        #expect(second.status != 0)
        #expect(
            second.stderr.contains("cannot listen on 127.0.0.1:\(first.port): the address is already in use"),
            "\(second.stderr)")
        try await first.stop()
    }

    @Test func unwritableDataDirectoryIsAClearError() async throws {
        let file = try Self.temporaryDirectory() + "/not-a-directory"
        #expect(FileManager.default.createFile(atPath: file, contents: Data()))
        let output = try await PGServeProcess.runFailing(["--listen", "127.0.0.1:0", "--data-dir", file + "/data"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("data directory \(file)/data is not writable"), "\(output.stderr)")
        let badFlag = try await PGServeProcess.runFailing([
            "--listen", "127.0.0.1:0", "--privatelink-endpoint", "nohost",
        ])
        #expect(badFlag.status != 0)
        #expect(badFlag.stderr.contains("PrivateLink endpoint 'nohost' has no '='"), "\(badFlag.stderr)")
    }

    /// Trusting every client is the default only where no other machine can connect: a non-loopback address without
    /// users is refused at start (before the data directory is touched) unless --allow-unauthenticated-remote says
    /// so, and then the server warns.
    @Test(.timeLimit(.minutes(2))) func nonLoopbackListenWithoutAuthenticationNeedsTheFlag() async throws {
        let dataDirectory = try Self.temporaryDirectory() + "/data"
        let refused = try await PGServeProcess.runFailing(["--listen", "0.0.0.0:0", "--data-dir", dataDirectory])
        #expect(refused.status != 0)
        #expect(
            refused.stderr.contains("refusing to listen on 0.0.0.0:0 without authentication")
                && refused.stderr.contains("--allow-unauthenticated-remote")
                && refused.stderr.contains("configure users"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dataDirectory))

        let allowed = try await PGServeProcess.start([
            "--listen", "0.0.0.0:0", "--data-dir", dataDirectory, "--allow-unauthenticated-remote",
        ])
        #expect(allowed.output.contains("listening on 0.0.0.0:\(allowed.port)"), "\(allowed.output)")
        #expect(
            allowed.output.contains("without authentication (--allow-unauthenticated-remote)"), "\(allowed.output)")
        let psql = try await runClient(
            "psql", ["-X", "-At", "-h", "127.0.0.1", "-p", String(allowed.port), "-U", "alice", "-c", "SELECT 1"],
            environment: ["PGSSLMODE": "disable", "PGCONNECT_TIMEOUT": "10"])
        #expect(psql.status == 0 && psql.stdout == "1\n", "\(psql.stdout)\(psql.stderr)")
        #expect(try await allowed.stop() == 0)
    }

    @Test(.timeLimit(.minutes(2))) func nonLoopbackListenWithUsersStartsWithoutWarning() async throws {
        let directory = try Self.temporaryDirectory()
        let json = #"{"listen": "0.0.0.0:0", "data_dir": "data", "users": [{"name": "dan", "password": "pw"}]}"#
        try json.write(toFile: directory + "/inlet.json", atomically: true, encoding: .utf8)
        let server = try await PGServeProcess.start(["--config", directory + "/inlet.json", "--listen", "0.0.0.0:0"])
        #expect(server.output.contains("auth=scram-sha-256"), "\(server.output)")
        #expect(!server.output.contains("without authentication"), "\(server.output)")
        #expect(try await server.stop() == 0)
    }
}
