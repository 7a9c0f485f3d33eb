import Foundation
import InletServer
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Testing

/// PostgresNIO (extended protocol, binary results) against the in-process server with the test session.
@Suite struct PGPostgresNIOTests {
    static func connect(
        port: Int, user: String = "alice", password: String? = nil,
        tls: PostgresConnection.Configuration.TLS = .disable,
        logger: Logger? = nil
    ) async throws -> PostgresConnection {
        let logger =
            logger
            ?? {
                var quiet = Logger(label: "postgres-nio")
                quiet.logLevel = .warning
                return quiet
            }()
        let configuration = PostgresConnection.Configuration(
            host: "127.0.0.1", port: port, username: user, password: password, database: "inlet", tls: tls)
        return try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: logger
        ).get()
    }

    @Test func selectWithParametersInBinary() async throws {
        try await PGTestServer.with { server in
            let connection = try await Self.connect(port: server.port)
            let number = 41
            let word = "héllo"
            let rows = try await connection.query(
                "SELECT \(number)::int8 AS n, \(word)::text AS w, \(true)::bool AS b, \(2.5)::float8 AS f, NULL AS z",
                logger: Logger(label: "q"))
            var seen = 0
            for try await (n, w, b, f, z) in rows.decode((Int, String, Bool, Double, String?).self) {
                #expect(n == 41 && w == "héllo" && b && f == 2.5 && z == nil)
                seen += 1
            }
            #expect(seen == 1)
            try await connection.close()
        }
    }

    @Test func connectsAndQueriesWithoutWarnings() async throws {
        let records = NIOLockedValueBox<[(Logger.Level, String)]>([])
        let logger = PGRecordingLogHandler.logger(records)
        let server = try await PGServeProcess.start(["--data-dir", try PGServeCommandTests.temporaryDirectory()])
        let connection = try await Self.connect(port: server.port, logger: logger)
        let rows = try await connection.query("SELECT name FROM mz_secrets WHERE name = \("none")", logger: logger)
            .collect()
        #expect(rows.isEmpty)
        try await connection.close()
        #expect(try await server.stop() == 0)
        let warnings = records.withLockedValue { $0 }.filter { $0.0 >= .warning }
        #expect(warnings.isEmpty, "PostgresNIO logged: \(warnings)")
        // The recorder really sees PostgresNIO's messages (its debug/trace events during the connection).
        #expect(!records.withLockedValue { $0 }.isEmpty)
    }

    @Test func errorsCarrySQLStateAndPosition() async throws {
        try await PGTestServer.with { server in
            let connection = try await Self.connect(port: server.port)
            do {
                _ = try await connection.query("SELECT 1, nope", logger: Logger(label: "q")).collect()
                Issue.record("the query must fail")
            } catch let error as PSQLError {
                #expect(error.serverInfo?[.sqlState] == "42703")
                #expect(error.serverInfo?[.position] == "11")
                #expect(error.serverInfo?[.message] == "column \"nope\" does not exist")
            }
            // Still usable afterwards.
            let rows = try await connection.query("SELECT 'after' AS a", logger: Logger(label: "q")).collect()
            #expect(try rows.first?.decode(String.self) == "after")
            try await connection.close()
        }
    }

    @Test func scramLoginAndWrongPassword() async throws {
        try await PGTestServer.with(users: [UserCredential(name: "alice", password: "s3cret")]) { server in
            let connection = try await Self.connect(port: server.port, password: "s3cret")
            let rows = try await connection.query("SELECT 'in' AS a", logger: Logger(label: "q")).collect()
            #expect(try rows.first?.decode(String.self) == "in")
            try await connection.close()
            do {
                _ = try await Self.connect(port: server.port, password: "wrong")
                Issue.record("a wrong password must be rejected")
            } catch let error as PSQLError {
                #expect(error.serverInfo?[.sqlState] == "28P01")
            }
            do {
                _ = try await Self.connect(port: server.port, user: "mallory", password: "s3cret")
                Issue.record("an unknown user must be rejected")
            } catch let error as PSQLError {
                #expect(error.serverInfo?[.sqlState] == "28P01")
            }
        }
    }

    @Test func tlsWhenConfigured() async throws {
        let files = try PGTestCertificates.make()
        try await PGTestServer.with(tls: files.tls) { server in
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(files.certificate)
            tls.certificateVerification = .noHostnameVerification
            let connection = try await Self.connect(
                port: server.port, tls: .require(try NIOSSLContext(configuration: tls)))
            let rows = try await connection.query("SELECT 'secure' AS a", logger: Logger(label: "q")).collect()
            #expect(try rows.first?.decode(String.self) == "secure")
            try await connection.close()
        }
    }

    @Test func twoClientsAtOnce() async throws {
        try await PGTestServer.with { server in
            let first = try await Self.connect(port: server.port)
            let second: PostgresConnection
            do {
                second = try await Self.connect(port: server.port)
            } catch {
                try? await first.close()
                throw error
            }
            // A connection dropped unclosed trips PostgresNIO's assertion and ends the whole test process: close
            // both however the checks end.
            do {
                let slowDone = NIOLockedValueBox(false)
                let slow = Task {
                    defer { slowDone.withLockedValue { $0 = true } }
                    return try await first.query("SELECT pg_sleep(2)", logger: Logger(label: "q")).collect().count
                }
                let quick = try await second.query("SELECT \(7)::int4 AS n", logger: Logger(label: "q")).collect()
                // The second client is answered while the first one's statement is still running.
                #expect(slowDone.withLockedValue { $0 } == false)
                #expect(try quick.first?.decode(Int32.self) == 7)
                #expect(try await slow.value == 1)
                #expect(server.factory.startups.withLockedValue { $0.count } == 2)
            } catch {
                try? await first.close()
                try? await second.close()
                throw error
            }
            try await first.close()
            try await second.close()
        }
    }
}
