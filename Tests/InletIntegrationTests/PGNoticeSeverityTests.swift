import Foundation
import InletTestSupport
import Testing

/// Notices carry PostgreSQL's severities: psql prints what PostgreSQL 15 prints for the same transaction-control
/// corner cases (WARNING with its SQLSTATE), and skipping IF EXISTS / IF NOT EXISTS stays a NOTICE.
@Suite struct PGNoticeSeverityTests {
    /// BEGIN inside a transaction, COMMIT and ROLLBACK outside one: warnings in PostgreSQL, not errors.
    static let transactionScript = """
        \\set VERBOSITY verbose
        BEGIN;
        BEGIN;
        COMMIT;
        COMMIT;
        ROLLBACK;
        """

    /// psql's notice and warning lines (`NOTICE:  …`, `WARNING:  25001: …`) without psql's `psql:<stdin>:3: `
    /// prefix, and without the LOCATION lines PostgreSQL adds in verbose mode.
    static func noticeLines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").compactMap { line in
            guard let start = line.firstRange(of: "NOTICE:") ?? line.firstRange(of: "WARNING:") else { return nil }
            return String(line[start.lowerBound...])
        }
    }

    @Test func transactionWarningsMatchPostgreSQL() async throws {
        let reference = try await withPostgreSQL { postgres in
            try await runClient(
                "psql",
                [
                    "-X", "-At", "-h", "127.0.0.1", "-p", String(postgres.port), "-U", PostgreSQL.user, "-d",
                    PostgreSQL.database, "-f", "-",
                ],
                environment: ["PGSSLMODE": "disable"], input: Self.transactionScript)
        }
        #expect(reference.status == 0, "\(reference.stderr)")
        let expected = Self.noticeLines(reference.stderr)
        #expect(
            expected == [
                "WARNING:  25001: there is already a transaction in progress",
                "WARNING:  25P01: there is no transaction in progress",
                "WARNING:  25P01: there is no transaction in progress",
            ], "\(reference.stderr)")

        let server = try await PGServeProcess.start(["--data-dir", try PGServeCommandTests.temporaryDirectory()])
        let inlet = try await PGCatalogTests.psql(port: server.port, Self.transactionScript)
        #expect(inlet.status == 0, "\(inlet.stderr)")
        #expect(inlet.stdout == reference.stdout, "\(inlet.stdout)")
        #expect(Self.noticeLines(inlet.stderr) == expected, "\(inlet.stderr)")

        // Skipping an object that exists (or does not) is a NOTICE with SQLSTATE 00000, as in PostgreSQL.
        let skipping = try await PGCatalogTests.psql(
            port: server.port,
            """
            \\set VERBOSITY verbose
            CREATE SECRET s AS 'x';
            CREATE SECRET IF NOT EXISTS s AS 'y';
            DROP SECRET IF EXISTS nothing_here;
            """)
        #expect(skipping.status == 0, "\(skipping.stderr)")
        #expect(
            Self.noticeLines(skipping.stderr) == [
                "NOTICE:  00000: secret \"s\" already exists, skipping",
                "NOTICE:  00000: secret \"nothing_here\" does not exist, skipping",
            ], "\(skipping.stderr)")
        #expect(try await server.stop() == 0)
    }
}
