import Foundation
import InletTestSupport
import Testing

/// Views over sources fed by tansu, against PostgreSQL 15 with tables of the same shapes holding the same rows and
/// the same views: every query of the source corpus answers identically through psql (or is a documented 0A000
/// refusal), and psql, information_schema and pg_views show the views as PostgreSQL shows its own.
@Suite(.timeLimit(.minutes(6))) struct ViewCompatibilityTests {
    @Test func queriesOverSourcesAndViewsAnswerAsPostgreSQL15Does() async throws {
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            func values(_ lines: [String]) -> [PeerRecord] {
                lines.map { PeerRecord(partition: 0, value: Array($0.utf8)) }
            }
            try await peer.produce(records: values(SourceCorpus.orders), topic: "orders", createPartitions: 1)
            try await peer.produce(records: values(SourceCorpus.customers), topic: "customers", createPartitions: 1)
            try await peer.produce(records: values(SourceCorpus.notes), topic: "notes", createPartitions: 1)
            try await peer.produce(
                records: SourceCorpus.inventoryRecords.map {
                    PeerRecord(partition: 0, key: Array($0.key.utf8), value: $0.value.map { Array($0.utf8) })
                }, topic: "inventory", createPartitions: 1)
            try await peer.produce(
                records: SourceCorpus.events.map {
                    PeerRecord(partition: 0, timestamp: $0.milliseconds, value: Array($0.value.utf8))
                }, topic: "events", createPartitions: 1)
            let bed = try await SourceTestBed.start()
            do {
                try await bed.sql(
                    "CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');\n" + SourceCorpus.inletSources
                )
                try await bed.waitFor("SELECT count(*) FROM orders_json;", toBe: "\(SourceCorpus.orders.count)\n")
                try await bed.waitFor("SELECT count(*) FROM customers_csv;", toBe: "\(SourceCorpus.customers.count)\n")
                try await bed.waitFor("SELECT count(*) FROM notes;", toBe: "\(SourceCorpus.notes.count)\n")
                try await bed.waitFor("SELECT count(*) FROM events;", toBe: "\(SourceCorpus.events.count)\n")
                try await bed.waitFor(
                    "SELECT sum(\"offset\") FROM inventory_progress;", toBe: "\(SourceCorpus.inventoryRecords.count)\n")
                try await bed.sql(SourceCorpus.views)
                try await withPostgreSQL { postgres in
                    let loaded = try await QueryCompatibilityTests.answer(
                        port: postgres.port, user: PostgreSQL.user, database: PostgreSQL.database,
                        SourceCorpus.postgresTables + SourceCorpus.views)
                    #expect(!loaded.hasPrefix("ERROR"), "\(loaded)")
                    try await compare(inletPort: bed.port, postgresPort: postgres.port)
                    try await describe(inletPort: bed.port, postgresPort: postgres.port)
                }
            } catch {
                try? await bed.stop()
                throw error
            }
            try await bed.stop()
        }
    }

    private func compare(inletPort: Int, postgresPort: Int) async throws {
        try await QueryCompatibilityTests.compare(
            SourceCorpus.queries + SourceCorpus.dateQueries + SourceCorpus.timestampQueries
                + SourceCorpus.jsonbNumericQueries + SourceCorpus.analyticalQueries, label: "source corpus",
            inletPort: inletPort,
            postgresPort: postgresPort)
    }

    /// psql's `\d view` and the catalog queries tools send print what PostgreSQL prints for the same views.
    private func describe(inletPort: Int, postgresPort: Int) async throws {
        func both(_ command: String) async throws -> (String, String) {
            let inlet = try await PGCatalogDescribeTests.describe(
                port: inletPort, user: PostgreSQL.user, database: "materialize", command)
            let postgres = try await PGCatalogDescribeTests.describe(
                port: postgresPort, user: PostgreSQL.user, database: PostgreSQL.database, command)
            #expect(inlet.status == 0, "\(command): \(inlet.stderr)")
            #expect(postgres.status == 0, "\(command): \(postgres.stderr)")
            return (inlet.stdout, postgres.stdout)
        }
        for command in ["\\d orders", "\\d paid", "\\d customer_orders", "\\dv public.*"] {
            let (inlet, postgres) = try await both(command)
            #expect(inlet == postgres, "\(command)")
        }
        let queries = [
            "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' "
                + "AND table_type = 'VIEW' ORDER BY 1",
            "SELECT table_name, column_name, data_type, ordinal_position FROM information_schema.columns "
                + "WHERE table_name IN ('orders', 'paid', 'stock') ORDER BY 1, 4",
            "SELECT table_name FROM information_schema.views WHERE table_schema = 'public' ORDER BY 1",
            "SELECT viewname FROM pg_views WHERE schemaname = 'public' ORDER BY 1",
            "SELECT c.relname, c.relkind, a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_class c "
                + "JOIN pg_attribute a ON a.attrelid = c.oid WHERE c.relkind = 'v' AND c.relnamespace = "
                + "'public'::regnamespace AND a.attnum > 0 ORDER BY 1, a.attnum",
        ]
        for query in queries {
            let inlet = try await QueryCompatibilityTests.answer(
                port: inletPort, user: "materialize", database: "materialize", query)
            let postgres = try await QueryCompatibilityTests.answer(
                port: postgresPort, user: PostgreSQL.user, database: PostgreSQL.database, query)
            #expect(inlet == postgres, "\(query)")
        }

        // SQLAlchemy's inspector and pgjdbc's DatabaseMetaData list the views and their columns as PostgreSQL's.
        let views = ["orders", "paid", "stock"]
        let inletInspect = try await PGInformationSchemaTests.inspect(
            port: inletPort, database: "materialize", tables: views)
        let postgresInspect = try await PGInformationSchemaTests.inspect(
            port: postgresPort, database: PostgreSQL.database, tables: views)
        let inletViews = ((inletInspect["views"] as? [String: [String]])?["public"] ?? []).sorted()
        let postgresViews = ((postgresInspect["views"] as? [String: [String]])?["public"] ?? []).sorted()
        #expect(inletViews == postgresViews && inletViews.count == 5, "\(inletViews) \(postgresViews)")
        func columns(_ report: [String: Any]) -> [String] {
            let all = report["columns"] as? [String: [[String: Any]]] ?? [:]
            return views.flatMap { view in
                (all[view] ?? []).map { "\(view).\($0["name"]!) \($0["type"]!) \($0["nullable"]!)" }
            }
        }
        #expect(columns(inletInspect) == columns(postgresInspect), "\(columns(inletInspect))")
        let inletJDBC = try await PGJDBCMetadataTests.metadata(port: inletPort, database: "materialize", tables: views)
        let postgresJDBC = try await PGJDBCMetadataTests.metadata(
            port: postgresPort, database: PostgreSQL.database, tables: views)
        func publicViews(_ rows: [[String]]) -> [[String]] {
            rows.filter {
                ($0.first == "table" && $0.count > 3 && $0[1] == "public" && $0[3] == "VIEW") || $0.first == "column"
            }
        }
        #expect(publicViews(inletJDBC) == publicViews(postgresJDBC), "\(publicViews(inletJDBC))")
        #expect(publicViews(inletJDBC).filter { $0.first == "table" }.count == 5)
    }
}
