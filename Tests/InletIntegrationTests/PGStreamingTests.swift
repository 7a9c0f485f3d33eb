import Foundation
import InletTestSupport
import Testing

/// Results stream from the engine's cursor to the socket with back-pressure, against the real `inlet serve`:
/// clients that read in pieces (psycopg's named cursors, pgjdbc's fetchSize, asyncpg's cursor(), psql's
/// FETCH_COUNT) get every row once, a client that stops reading stalls the query instead of the server's
/// memory, and cancel and statement_timeout stop a result that is streaming.
@Suite(.timeLimit(.minutes(10)))
struct PGStreamingTests {
    /// `n` rows: 1 … n in column `n` (a recursive CTE, so no source is needed).
    static func series(_ count: Int) -> String {
        "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < \(count)) SELECT n FROM t"
    }

    static var peer: String { repositoryRoot + "/testpeers/pg/streaming_client.py" }

    static func python(_ arguments: [String]) async throws -> PGProgramOutput {
        try await runClient(
            "python3", [peer] + arguments, environment: ["PGSSLMODE": "disable"], timeout: .seconds(180))
    }

    @Test func psycopgNamedCursorReadsEveryRowInPieces() async throws {
        try await withInletServe { port in
            let output = try await Self.python(["psycopg-named", String(port), Self.series(200_000), "1000"])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout == "rows=200000 last=200000\n42\n")
        }
    }

    @Test func asyncpgCursorResumesTheSuspendedPortal() async throws {
        try await withInletServe { port in
            let output = try await Self.python(["asyncpg-cursor", String(port), Self.series(200_000), "500"])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout == "rows=200000 last=200000\n42\n")
        }
    }

    @Test func pgjdbcFetchSizeResumesTheSuspendedPortal() async throws {
        let jar = PGJDBCMetadataTests.jar
        guard FileManager.default.fileExists(atPath: jar) else {
            throw PGPeerMissing(
                name: "pgjdbc at \(jar) (Debian's libpostgresql-jdbc-java; run scripts/bootstrap --test)")
        }
        try await withInletServe { port in
            let output = try await runClient(
                "java",
                [
                    "-cp", jar, repositoryRoot + "/testpeers/pg/JdbcFetch.java",
                    "jdbc:postgresql://127.0.0.1:\(port)/materialize", "materialize", Self.series(200_000), "1000",
                ], timeout: .seconds(180))
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout == "rows=200000 last=200000\n42\n")
        }
    }

    @Test func psqlFetchCountReadsThroughACursor() async throws {
        try await withInletServe { port in
            let output = try await runClient(
                "psql",
                [
                    "-X", "-At", "-v", "ON_ERROR_STOP=1", "-v", "FETCH_COUNT=700", "-h", "127.0.0.1", "-p",
                    String(port),
                    "-U", "materialize", "-d", "materialize", "-c", Self.series(5000),
                ], environment: ["PGSSLMODE": "disable"])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout == (1...5000).map { "\($0)\n" }.joined())
        }
    }

    @Test func declareAndFetchInATransaction() async throws {
        try await withInletServe { port in
            let output = try await runClient(
                "psql",
                [
                    "-X", "-At", "-h", "127.0.0.1", "-p", String(port), "-U", "materialize", "-d", "materialize",
                ],
                environment: ["PGSSLMODE": "disable"],
                input: """
                    DECLARE outside CURSOR FOR SELECT 1;
                    BEGIN;
                    DECLARE c CURSOR FOR \(Self.series(3000));
                    FETCH 2 c;
                    FETCH FORWARD 1 FROM c;
                    FETCH 1500 c;
                    FETCH ALL FROM c;
                    FETCH 5 c;
                    CLOSE c;
                    FETCH 1 c;
                    ROLLBACK;
                    """)
            let lines = output.stdout.split(separator: "\n").map(String.init)
            #expect(lines.prefix(3) == ["BEGIN", "DECLARE CURSOR", "1"])
            #expect(lines.contains("1503"))
            #expect(lines.filter { $0 == "3000" }.count == 1)
            #expect(lines.suffix(2) == ["CLOSE CURSOR", "ROLLBACK"])
            #expect(output.stderr.contains("DECLARE CURSOR can only be used in transaction blocks"), "\(output.stderr)")
            #expect(output.stderr.contains("cursor \"c\" does not exist"), "\(output.stderr)")
        }
    }

    /// The client sends a query of a million rows and stops reading: what the server holds stays bounded
    /// (the socket's buffer and one batch), then the client reads on and gets every row once.
    @Test func aClientThatStopsReadingStallsTheQueryNotTheServersMemory() async throws {
        try await withInletServeProcess { inlet in
            let output = try await Self.python([
                "stall", String(inlet.port), String(inlet.process.processIdentifier), Self.series(1_000_000),
            ])
            #expect(output.status == 0, "\(output.stderr)")
            let lines = output.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 2, "\(output.stdout)")
            let held = lines.first?.split(separator: " ").compactMap { field -> (String, Int)? in
                let parts = field.split(separator: "=")
                return parts.count == 2 ? (String(parts[0]), Int(parts[1]) ?? -1) : nil
            }
            let figures = Dictionary(uniqueKeysWithValues: held ?? [])
            // A million rows are ~13 MB on the wire and far more as buffered messages; streaming holds a few MB.
            #expect((figures["rss_growth"] ?? .max) < 30 << 20, "\(output.stdout)")
            #expect((figures["send_queue"] ?? .max) < 8 << 20, "\(output.stdout)")
            #expect(lines.last == "rows=1000000 last=1000000 tag=SELECT 1000000")
        }
    }

    @Test func aCancelRequestStopsAStreamingResult() async throws {
        try await withInletServe { port in
            let output = try await Self.python(["interrupt", String(port), "cancel", Self.series(500_000_000)])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout == "57014 canceling statement due to user request\nstreamed\n42\n")
        }
    }

    @Test func statementTimeoutStopsAStreamingResult() async throws {
        try await withInletServe { port in
            let output = try await Self.python(["interrupt", String(port), "timeout", Self.series(500_000_000)])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout == "57014 canceling statement due to statement timeout\nstreamed\n42\n")
        }
    }
}
