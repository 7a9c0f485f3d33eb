import Foundation
import InletTestSupport
import Testing

/// information_schema and SQLAlchemy's inspector against the real `inlet serve` with a source fed from tansu:
/// `tables`, `columns`, `schemata` and `views` answer as PostgreSQL 15 answers for tables of the same shape, and
/// `inspect(engine).get_table_names()` / `get_columns()` (psycopg 3, `testpeers/pg/sqlalchemy_inspect.py`) read
/// the same names, types and nullability from both.
@Suite(.timeLimit(.minutes(5))) struct PGInformationSchemaTests {
    static let script = repositoryRoot + "/testpeers/pg/sqlalchemy_inspect.py"

    static func inspect(port: Int, database: String, tables: [String]) async throws -> [String: Any] {
        let output = try await runClient(
            "python3", [script, "127.0.0.1", String(port), PostgreSQL.user, database] + tables,
            timeout: .seconds(120))
        #expect(output.status == 0, "sqlalchemy_inspect.py failed: \(output.stderr)")
        if output.stderr.contains("No module named 'sqlalchemy'") {
            throw PGPeerMissing(name: "SQLAlchemy (PyPI sqlalchemy)")
        }
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8))
        return object as? [String: Any] ?? [:]
    }

    /// psql's unaligned answer to one query.
    static func answer(port: Int, database: String, _ query: String) async throws -> String {
        let output = try await runClient(
            "psql",
            [
                "-X", "-h", "127.0.0.1", "-p", String(port), "-U", PostgreSQL.user, "-d", database, "-At",
                "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=sqlstate", "-c", query,
            ],
            environment: ["PGSSLMODE": "disable", "PGCONNECT_TIMEOUT": "10"])
        return output.status == 0 ? output.stdout : "ERROR " + output.stderr
    }

    static let sameAsPostgreSQL = [
        "SELECT table_schema, table_name, table_type, is_typed FROM information_schema.tables "
            + "WHERE table_schema = 'public' ORDER BY table_name",
        "SELECT table_name, column_name, ordinal_position, column_default, is_nullable, data_type, "
            + "character_maximum_length, character_octet_length, numeric_precision, numeric_precision_radix, "
            + "numeric_scale, datetime_precision, udt_schema, udt_name, dtd_identifier, is_identity, is_generated "
            + "FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
        "SELECT schema_name, sql_path FROM information_schema.schemata WHERE schema_name = 'public'",
        "SELECT count(*) FROM information_schema.views WHERE table_schema = 'public'",
        "SELECT current_schemas(false), current_setting('server_encoding'), "
            + "has_table_privilege('events', 'SELECT'), has_schema_privilege('public', 'USAGE')",
        "SELECT c.relname, pg_get_userbyid(c.relowner) FROM pg_class c "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 1",
    ]

    @Test func informationSchemaAndSQLAlchemyAnswerAsPostgreSQLDoes() async throws {
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
            let tables = ["events", "events_errors", "events_progress"]
            let inlet = try await Self.inspect(port: bed.port, database: "materialize", tables: tables + ["mz_sources"])
            // SQLAlchemy's query has no ORDER BY: the order is the server's.
            #expect((inlet["tables"] as? [String])?.sorted() == tables)
            #expect(
                inlet["schemas"] as? [String] == ["information_schema", "mz_catalog", "mz_internal", "public"])
            let views = (inlet["views"] as? [String: [String]])?["mz_catalog"] ?? []
            #expect(views.contains("mz_sources") && views.contains("mz_source_statuses"), "\(views)")
            let columns = inlet["columns"] as? [String: [[String: Any]]] ?? [:]
            let system = (columns["mz_sources"] ?? []).prefix(2).map { "\($0["name"]!) \($0["type"]!)" }
            #expect(system == ["id TEXT()", "oid OID()"])

            // information_schema inside Inlet agrees with pg_catalog.
            let viaCatalog = try await Self.answer(
                port: bed.port, database: "materialize",
                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'mz_sources'")
            #expect(viaCatalog == "14\n")
            let refused = try await Self.answer(
                port: bed.port, database: "materialize", "SELECT set_config('search_path', 'x', false)")
            #expect(refused.contains("0A000"), "\(refused)")

            try await withPostgreSQL { postgres in
                let created = try await PGCatalogDescribeTests.describe(
                    port: postgres.port, user: PostgreSQL.user, database: PostgreSQL.database,
                    PGCatalogDescribeTests.postgresTables)
                #expect(created.status == 0, "\(created.stderr)")
                let reference = try await Self.inspect(
                    port: postgres.port, database: PostgreSQL.database, tables: tables)
                #expect((reference["tables"] as? [String])?.sorted() == tables)
                let referenceColumns = reference["columns"] as? [String: [[String: Any]]] ?? [:]
                for table in tables {
                    let actual = (columns[table] ?? []).map { "\($0["name"]!) \($0["type"]!) \($0["nullable"]!)" }
                    let expected = (referenceColumns[table] ?? []).map {
                        "\($0["name"]!) \($0["type"]!) \($0["nullable"]!)"
                    }
                    #expect(!actual.isEmpty && actual == expected, "\(table)")
                }
                for query in Self.sameAsPostgreSQL {
                    let expected = try await Self.answer(
                        port: postgres.port, database: PostgreSQL.database, query)
                    let actual = try await Self.answer(port: bed.port, database: "materialize", query)
                    #expect(actual == expected, "\(query)")
                }
            }
            try await bed.stop()
        }
    }
}
