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

    /// The rows of psql's aligned output, cells trimmed (the header, its rule and the row count left out).
    static func rows(_ output: String) -> [[String]] {
        let lines = output.split(separator: "\n").map(String.init)
        guard let rule = lines.firstIndex(where: { $0.hasPrefix("---") || $0.hasPrefix("-+") }) else { return [] }
        return lines[(rule + 1)...].filter { $0.contains("|") }.map { line in
            line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
        }
    }

    /// The same shapes as the relations `CREATE SOURCE events … FORMAT TEXT INCLUDE PARTITION, OFFSET` makes.
    static let postgresTables = """
        CREATE TABLE events (text text NOT NULL, "partition" integer NOT NULL, "offset" bigint NOT NULL);
        CREATE TABLE events_errors ("partition" integer NOT NULL, "offset" bigint NOT NULL, key bytea, value bytea, reason text NOT NULL);
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

            let listing = Self.rows(try await inlet("\\d"))
            #expect(listing.contains(["public", "events", "table", "inlet"]), "\(listing)")
            #expect(listing.contains(["public", "events_errors", "table", "inlet"]), "\(listing)")
            #expect(listing.contains(["public", "events_progress", "table", "inlet"]), "\(listing)")
            #expect(listing.contains(["mz_catalog", "mz_sources", "view", "inlet"]), "\(listing)")
            let tables = Self.rows(try await inlet("\\dt"))
            #expect(tables.map { $0[1] } == ["events", "events_errors", "events_progress"], "\(tables)")
            let views = Self.rows(try await inlet("\\dv"))
            #expect(views.contains(["mz_catalog", "mz_source_statuses", "view", "inlet"]), "\(views)")
            #expect(views.allSatisfy { $0[0] == "mz_catalog" && $0[2] == "view" }, "\(views)")
            let schemas = Self.rows(try await inlet("\\dn"))
            #expect(
                schemas == [["mz_catalog", "inlet"], ["mz_internal", "inlet"], ["public", "inlet"]], "\(schemas)")
            let databases = Self.rows(try await inlet("\\l"))
            #expect(databases.first?.prefix(5) == ["materialize", "inlet", "UTF8", "C", "C"], "\(databases)")
            let functions = try await inlet("\\df")
            #expect(functions.contains("(0 rows)"), "\(functions)")
            let system = try await inlet("\\d mz_sources")
            #expect(system.contains("View \"mz_catalog.mz_sources\""), "\(system)")
            #expect(Self.rows(system).contains(["name", "text", "", "", ""]), "\(system)")
            let definition = try await inlet("\\d+ mz_sources")
            #expect(definition.contains("View definition:\nSELECT i.id AS id, i.oid AS oid"), "\(definition)")
            // The catalog's own tables (sealed secrets and keys among them) are no relations of pg_catalog.
            let catalogTables = try await bed.sql(
                "SELECT count(*) FROM pg_catalog.pg_class WHERE relname LIKE 'inlet%' OR relname LIKE 'sqlite%';")
            #expect(catalogTables == "0\n")
            let sealed = try await bed.failingSQL("SELECT * FROM pg_catalog.inlet_secret_values;")
            #expect(sealed.contains("42501") || sealed.contains("42P01"), "\(sealed)")
            let missing = try await Self.describe(
                port: bed.port, user: PostgreSQL.user, database: "materialize", "\\d no_such_relation")
            #expect(
                missing.stderr.contains("Did not find any relation named \"no_such_relation\""), "\(missing.stderr)")

            try await withPostgreSQL { postgres in
                let created = try await Self.describe(
                    port: postgres.port, user: PostgreSQL.user, database: PostgreSQL.database, Self.postgresTables)
                #expect(created.status == 0, "\(created.stderr)")
                let commands = [
                    "\\d events", "\\d events_errors", "\\d events_progress", "\\dt", "\\d+ events", "\\du", "\\dT",
                    "\\di", "\\ds", "\\dm",
                ]
                for command in commands {
                    let expected = try await Self.describe(
                        port: postgres.port, user: PostgreSQL.user, database: PostgreSQL.database, command)
                    #expect(expected.status == 0, "\(expected.stderr)")
                    let actual = try await inlet(command)
                    #expect(actual == expected.stdout, "\(command)")
                }
            }
            try await bed.stop()
        }
    }
}
