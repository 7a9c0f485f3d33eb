import Foundation
import InletTestSupport
import Testing

/// psql 15's describe commands against the real `inlet serve` with a source fed from tansu: the queries psql sends
/// (`psql -E` shows them) read pg_catalog, and `\d name` prints what PostgreSQL 15 prints for a table of the same
/// shape.
@Suite(.timeLimit(.minutes(5))) struct PGCatalogDescribeTests {
    /// A psql meta-command's output (aligned, as people read it), connecting as `user`.
    static func describe(port: Int, user: String, database: String, _ command: String) async throws -> PGProgramOutput {
        try await runClient(
            "psql",
            [
                "-X", "-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", database, "-v", "ON_ERROR_STOP=1",
                "-v", "VERBOSITY=verbose", "-c", command,
            ],
            environment: ["PGSSLMODE": "disable", "PGCONNECT_TIMEOUT": "10"])
    }

    /// The same shapes as the relations `CREATE SOURCE events … FORMAT TEXT INCLUDE PARTITION, OFFSET` makes.
    static let postgresTables = """
        CREATE TABLE events (text text, "partition" integer NOT NULL, "offset" bigint NOT NULL);
        CREATE TABLE events_progress ("partition" numrange NOT NULL, "offset" bigint);
        """

    @Test func describeCommandsAnswerAsPostgreSQLDoes() async throws {
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            try await peer.produce(
                records: SourceTextTests.records(0..<10, partitions: 2), topic: "events", createPartitions: 2)
            let bed = try await SourceTestBed.start()
            try await bed.sql(
                """
                CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                CREATE SOURCE events FROM KAFKA CONNECTION kafka_conn (TOPIC 'events') FORMAT TEXT
                    INCLUDE PARTITION, OFFSET WITH (SIZE 'xsmall');
                """)
            try await bed.waitFor("SELECT count(*) FROM events;", toBe: "10\n")
            func inlet(_ command: String) async throws -> String {
                let output = try await Self.describe(
                    port: bed.port, user: PostgreSQL.user, database: "materialize", command)
                #expect(output.status == 0, "\(command): \(output.stderr)\n\(bed.server.output.suffix(2000))")
                return output.stdout
            }

            let listing = try await inlet("\\d")
            #expect(listing.contains(" public     | events          | table | inlet"), "\(listing)")
            #expect(listing.contains(" public     | events_progress | table | inlet"), "\(listing)")
            #expect(listing.contains(" mz_catalog | mz_sources "), "\(listing)")
            let tables = try await inlet("\\dt")
            #expect(tables.contains("events_progress"), "\(tables)")
            #expect(!tables.contains("mz_sources"), "\(tables)")
            let views = try await inlet("\\dv")
            #expect(views.contains(" mz_catalog | mz_sources "), "\(views)")
            #expect(!views.contains("events"), "\(views)")
            let schemas = try await inlet("\\dn")
            #expect(schemas.contains(" public "), "\(schemas)")
            let databases = try await inlet("\\l")
            #expect(databases.contains(" materialize "), "\(databases)")
            let functions = try await inlet("\\df")
            #expect(functions.contains("(0 rows)"), "\(functions)")
            let system = try await inlet("\\d mz_sources")
            #expect(system.contains("View \"mz_catalog.mz_sources\""), "\(system)")
            #expect(system.contains(" name "), "\(system)")
            let missing = try await Self.describe(
                port: bed.port, user: PostgreSQL.user, database: "materialize", "\\d no_such_relation")
            #expect(
                missing.stderr.contains("Did not find any relation named \"no_such_relation\""), "\(missing.stderr)")

            try await withPostgreSQL { postgres in
                let created = try await Self.describe(
                    port: postgres.port, user: PostgreSQL.user, database: PostgreSQL.database, Self.postgresTables)
                #expect(created.status == 0, "\(created.stderr)")
                for command in ["\\d events", "\\d events_progress", "\\dt", "\\d+ events"] {
                    let expected = try await Self.describe(
                        port: postgres.port, user: PostgreSQL.user, database: PostgreSQL.database, command)
                    #expect(expected.status == 0, "\(expected.stderr)")
                    var actual = try await inlet(command)
                    if command == "\\dt" {
                        // PostgreSQL lists the same tables; Inlet also has the source's errors relation only when
                        // it has an output with a format that can fail, which TEXT has.
                        actual = actual.split(separator: "\n", omittingEmptySubsequences: false)
                            .filter { !$0.contains("events_errors") }.joined(separator: "\n")
                            .replacingOccurrences(of: "(3 rows)", with: "(2 rows)")
                    }
                    #expect(actual == expected.stdout, "\(command)")
                }
            }
            try await bed.stop()
        }
    }
}
