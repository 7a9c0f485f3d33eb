import Foundation
import InletTestSupport
import Testing

/// The query planner against the real engine: every query of the corpus runs through psql against `inlet serve`
/// and against a private PostgreSQL 15, and the answers (rows as psql prints them, or the SQLSTATE of an error)
/// must be identical; the few PostgreSQL answers SQLite cannot give are refused with 0A000 instead.
@Suite(.timeLimit(.minutes(10)))
struct QueryCompatibilityTests {
    /// psql's unaligned output of one query, or `ERROR <sqlstate>`.
    static func answer(port: Int, user: String, database: String, _ query: String) async throws -> String {
        let output = try await runClient(
            "psql",
            [
                "-X", "-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", database, "-At", "-F", "|",
                "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=sqlstate", "-c", query,
            ],
            environment: ["PGSSLMODE": "disable", "PGCONNECT_TIMEOUT": "10"])
        if output.status == 0 { return output.stdout }
        let line = output.stderr.split(separator: "\n").first.map(String.init) ?? output.stderr
        return "ERROR " + line.replacingOccurrences(of: "ERROR:", with: "").trimmingCharacters(in: .whitespaces)
    }

    @Test func theCorpusAnswersAsPostgreSQL15Does() async throws {
        try await withInletServe { port in try await compare(inletPort: port) }
    }

    private func compare(inletPort: Int) async throws {
        try await withPostgreSQL { postgres in
            try await Self.compare(
                CompatibilityCorpus.inline + CompatibilityCorpus.catalog + CompatibilityCorpus.temporal
                    + CompatibilityCorpus.jsonb + CompatibilityCorpus.numeric + CompatibilityCorpus.fidelity,
                label: "compatibility", inletPort: inletPort,
                postgresPort: postgres.port)
        }
    }

    /// Runs every query of `corpus` against Inlet and PostgreSQL 15 and expects PostgreSQL's answer (or 0A000 for
    /// a documented refusal); prints how many were identical and refused.
    static func compare(_ corpus: [CompatibilityQuery], label: String, inletPort: Int, postgresPort: Int) async throws {
        var identical = 0
        var refused = 0
        for query in corpus {
            let expected = try await answer(
                port: postgresPort, user: PostgreSQL.user, database: PostgreSQL.database, query.text)
            let actual = try await answer(port: inletPort, user: "materialize", database: "materialize", query.text)
            switch query.expectation {
            case .identical:
                #expect(actual == expected, "\(query)")
                if actual == expected { identical += 1 }
            case .refused:
                #expect(!expected.hasPrefix("ERROR"), "PostgreSQL answers \(query)")
                #expect(actual == "ERROR 0A000", "\(query)")
                if actual == "ERROR 0A000" { refused += 1 }
            }
        }
        let share = Double(identical + refused) * 100 / Double(max(corpus.count, 1))
        print(
            "\(label): \(identical) identical, \(refused) refused as documented, of \(corpus.count) "
                + "(\(String(format: "%.1f", share))% identical or refused as documented)")
    }
}
