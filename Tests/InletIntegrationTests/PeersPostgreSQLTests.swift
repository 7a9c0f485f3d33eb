import Foundation
import InletTestSupport
import Testing

/// Proves the PostgreSQL 15 peer the compatibility and scale-out tests compare Inlet against: a private cluster
/// from initdb on a free port, answering psql with PostgreSQL's own semantics, gone once stopped.
@Suite("Peers: PostgreSQL 15")
struct PeersPostgreSQLTests {
    @Test func aPrivateClusterAnswersWithPostgreSQLSemantics() async throws {
        let server = try await PostgreSQL.start()
        do {
            #expect(try await server.psql("SHOW server_version_num;").hasPrefix("15"))
            // What SQLite answers differently: booleans, integer division, case-sensitive LIKE, dates.
            let answers = try await server.psql(
                """
                CREATE TABLE t (n int, s text);
                INSERT INTO t VALUES (7, 'Alpha'), (2, 'beta');
                SELECT true, 7 / 2, 'Alpha' LIKE 'a%', (DATE '2024-02-28' + 2)::text FROM t WHERE n = 7;
                SELECT string_agg(s, ',' ORDER BY s) FROM t;
                """)
            #expect(answers == "t|3|f|2024-03-01\nAlpha,beta\n", "\(answers)")
        } catch {
            await server.stop()
            throw error
        }
        let pid = server.process.pid
        await server.stop()
        #expect(kill(pid, 0) != 0, "the server process \(pid) is gone")
    }
}
