import Foundation
import InletTestSupport
import Testing

/// pgcli (PyPI) against the real `inlet serve` with a source fed from tansu and a view over it: the catalog queries
/// its completer runs at startup (`testpeers/pg/pgcli_refresh.py` runs pgcli's own refreshers and lets their
/// errors escape) answer, and `\dt`, `\dv`, `\d name` and a SELECT print what they print against PostgreSQL 15 with
/// a table and view of the same shapes.
@Suite(.timeLimit(.minutes(5))) struct PGPgcliTests {
    static let script = repositoryRoot + "/testpeers/pg/pgcli_refresh.py"

    static let records = [
        #"{"id": 1, "customer": "alice", "qty": 3}"#, #"{"id": 2, "customer": "bob", "qty": 1}"#,
        #"{"id": 3, "customer": "alice"}"#,
    ]
    static let view = """
        CREATE VIEW orders AS SELECT (data->>'id')::int AS id, data->>'customer' AS customer,
            (data->>'qty')::int AS qty FROM orders_json;
        """

    /// pgcli's output for `commands` (`-c` each), its timing lines left out; pgcli prints errors there too and
    /// exits 0 after them. It keeps the server's TimeZone (the servers' defaults differ: UTC and initdb's
    /// Etc/UTC) rather than setting the machine's, which it would announce.
    static func pgcli(port: Int, database: String, _ commands: [String]) async throws -> String {
        let home = try PeerPaths.makeTemporaryDirectory(prefix: "pgcli-home")
        let config = home.appendingPathComponent("pgclirc")
        try "[main]\nuse_local_timezone = False\n".write(to: config, atomically: true, encoding: .utf8)
        let output = try await runClient(
            "pgcli",
            [
                "-h", "127.0.0.1", "-p", String(port), "-U", PostgreSQL.user, "-d", database, "-w", "--less-chatty",
                "--pgclirc", config.path,
            ] + commands.flatMap { ["-c", $0] },
            environment: ["HOME": home.path, "PGSSLMODE": "disable", "PGCONNECT_TIMEOUT": "10"],
            timeout: .seconds(120))
        #expect(output.status == 0, "pgcli failed: \(output.stderr)")
        return output.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("Time: ") }.joined(separator: "\n")
    }

    /// What pgcli's completion refreshers found.
    static func refresh(port: Int, database: String) async throws -> [String: Any] {
        let home = try PeerPaths.makeTemporaryDirectory(prefix: "pgcli-home")
        let output = try await runClient(
            "python3", [script, "127.0.0.1", String(port), PostgreSQL.user, database],
            environment: ["HOME": home.path, "PGSSLMODE": "disable"], timeout: .seconds(120))
        if output.stderr.contains("No module named 'pgcli'") { throw PGPeerMissing(name: "pgcli (PyPI pgcli)") }
        #expect(output.status == 0, "pgcli's refreshers failed: \(output.stderr)")
        return (try? JSONSerialization.jsonObject(with: Data(output.stdout.utf8))) as? [String: Any] ?? [:]
    }

    @Test func pgcliBrowsesAndQueriesSourcesAndViews() async throws {
        _ = try findExecutable("pgcli")
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            try await peer.produce(
                records: Self.records.map { PeerRecord(partition: 0, value: Array($0.utf8)) }, topic: "orders",
                createPartitions: 1)
            let bed = try await SourceTestBed.start()
            do {
                try await bed.sql(
                    """
                    CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                    CREATE SOURCE orders_json FROM KAFKA CONNECTION kafka_conn (TOPIC 'orders') FORMAT JSON;
                    """)
                try await bed.waitFor("SELECT count(*) FROM orders_json;", toBe: "\(Self.records.count)\n")
                try await bed.sql(Self.view)
                try await withPostgreSQL { postgres in
                    let rows = Self.records.map { "INSERT INTO orders_json VALUES ('\($0)');" }.joined(separator: "\n")
                    try await postgres.psql("CREATE TABLE orders_json (data jsonb NOT NULL);\n\(rows)\n\(Self.view)")
                    try await compare(inletPort: bed.port, postgresPort: postgres.port)
                }
            } catch {
                try? await bed.stop()
                throw error
            }
            try await bed.stop()
        }
    }

    private func compare(inletPort: Int, postgresPort: Int) async throws {
        let report = try await Self.refresh(port: inletPort, database: "materialize")
        #expect(
            report["refreshers"] as? [String] == [
                "schemata", "tables", "views", "types", "databases", "casing", "functions",
            ], "\(report)")
        let tables = report["tables"] as? [String: [String]] ?? [:]
        #expect(tables["public"] == ["orders_json", "orders_json_errors", "orders_json_progress"], "\(tables)")
        let views = report["views"] as? [String: [String]] ?? [:]
        #expect(views["public"] == ["orders"], "\(views)")
        #expect(views["mz_catalog"]?.contains("mz_sources") == true, "\(views)")
        let columns = report["columns"] as? [String: [String]] ?? [:]
        #expect(columns["public.orders_json"] == ["data"], "\(columns)")
        #expect((report["server_version"] as? String)?.hasPrefix("15") == true, "\(report)")

        let inletListing = try await Self.pgcli(port: inletPort, database: "materialize", ["\\dt", "\\dv public.*"])
        #expect(inletListing.contains("| public | orders_json          | table |"), "\(inletListing)")
        #expect(inletListing.contains("| public | orders | view |"), "\(inletListing)")

        // The same relations print the same in both, row for row.
        let commands = ["\\d orders_json", "\\d orders", "SELECT id, customer, qty FROM orders ORDER BY id"]
        for command in commands {
            let inlet = try await Self.pgcli(port: inletPort, database: "materialize", [command])
            let postgres = try await Self.pgcli(port: postgresPort, database: PostgreSQL.database, [command])
            #expect(inlet == postgres, "\(command)")
        }
        let answer = try await Self.pgcli(
            port: inletPort, database: "materialize", ["SELECT customer, sum(qty) FROM orders GROUP BY 1 ORDER BY 1"])
        #expect(answer.contains("| alice    | 3   |") && answer.contains("| bob      | 1   |"), "\(answer)")
    }
}
