import Foundation
import InletTestSupport
import Testing

/// A query running in the real engine stops with 57014 when the client cancels it (a CancelRequest on a second
/// connection, as psycopg and psql's Ctrl-C send it) or when it passes `statement_timeout`; the session goes on.
@Suite(.timeLimit(.minutes(3)))
struct PGCancelTests {
    /// Five billion rows: minutes of SQLite work, so only a cancellation ends it within the test's limits.
    static let long = "SELECT count(*) FROM pg_attribute a, pg_attribute b, pg_attribute c, pg_type d"

    @Test func aCancelRequestStopsTheRunningQuery() async throws {
        try await withInletServe { port in
            // The cancel is sent again until the query ends, so it lands whenever the query starts running.
            let script = """
                import psycopg, threading, time, sys
                conn = psycopg.connect(host="127.0.0.1", port=\(port), user="materialize", dbname="materialize",
                                       autocommit=True)
                outcome = {}
                def run():
                    started = time.monotonic()
                    try:
                        conn.execute("\(Self.long)").fetchall()
                        outcome["result"] = "finished"
                    except psycopg.Error as error:
                        outcome["result"] = f"{error.sqlstate} {error.diag.message_primary}"
                    outcome["seconds"] = time.monotonic() - started
                worker = threading.Thread(target=run)
                worker.start()
                while worker.is_alive():
                    conn.cancel()
                    worker.join(0.05)
                print(outcome["result"])
                print("fast" if outcome["seconds"] < 30 else f"slow {outcome['seconds']}")
                print(conn.execute("SELECT 41 + 1").fetchone()[0])
                """
            let output = try await runClient("python3", ["-c", script], environment: ["PGSSLMODE": "disable"])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout == "57014 canceling statement due to user request\nfast\n42\n")
        }
    }

    @Test func statementTimeoutCancelsAndTheSessionGoesOn() async throws {
        try await withInletServe { port in
            let output = try await runClient(
                "psql",
                [
                    "-X", "-h", "127.0.0.1", "-p", String(port), "-U", "materialize", "-d", "materialize", "-At",
                    "-v", "VERBOSITY=default",
                    "-c", "SET statement_timeout = '300ms'", "-c", Self.long, "-c", "SELECT 'after'",
                    "-c", "SET statement_timeout = 'soon'", "-c", "SET statement_timeout = 0", "-c", "SELECT 1",
                ],
                environment: ["PGSSLMODE": "disable", "PGCONNECT_TIMEOUT": "10"])
            #expect(output.stdout == "SET\nafter\nSET\n1\n")
            #expect(output.stderr.contains("ERROR:  canceling statement due to statement timeout"), "\(output.stderr)")
            #expect(
                output.stderr.contains("ERROR:  invalid value for parameter \"statement_timeout\": \"soon\""),
                "\(output.stderr)")
        }
    }

}
