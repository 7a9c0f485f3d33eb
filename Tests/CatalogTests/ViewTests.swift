import Foundation
import GRDB
import SQL
import Storage
import Testing

@testable import Catalog
@testable import InletServer

/// CREATE VIEW over a source's relation (its file written here as the source's consumer writes it), views of
/// views, the types fixed when a view is created, what DROP of a relation a view reads needs, and the view in
/// pg_catalog, information_schema and mz_views.
@Suite struct ViewTests {
    /// A JSON source `js` whose relation holds three documents.
    static func withJSONSource(_ directory: TemporaryDataDirectory) async throws -> CatalogSession {
        let engine = try directory.engine()
        let session = engine.makeSession()
        _ = try await session.run(
            """
            CREATE CONNECTION k TO KAFKA (BROKER 'b-1.example:9092') WITH (VALIDATE = false);
            CREATE SOURCE js FROM KAFKA CONNECTION k (TOPIC 'j') FORMAT JSON;
            """)
        let sourceID = try #require(try await session.rows("SELECT id FROM mz_sources WHERE name = 'js'").first?[0])
        let path = SQLiteSourceStorage.path(forSource: sourceID, dataDirectory: directory.url)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let file = try DatabaseQueue(path: path)
        try await file.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE js (data TEXT);
                    CREATE TABLE js_errors ("partition" INT4, "offset" INT8, key BLOB, value BLOB, reason TEXT);
                    INSERT INTO js VALUES ('{"id": 1, "name": "ada", "qty": 3}'), ('{"id": 2, "name": "bob", "qty": 5}'),
                        ('{"id": 3, "name": null, "qty": 2}');
                    """)
        }
        try file.close()
        return session
    }

    @Test func aViewShapesJSONIntoTypedColumns() async throws {
        let directory = TemporaryDataDirectory()
        let session = try await Self.withJSONSource(directory)
        _ = try await session.run(
            "CREATE VIEW orders AS SELECT (data->>'id')::int AS id, data->>'name' AS name, (data->>'qty')::int AS qty FROM js"
        )
        #expect(
            try await session.rows("SELECT id, name, qty * 2 FROM orders ORDER BY id")
                == [["1", "ada", "6"], ["2", "bob", "10"], ["3", nil, "4"]])
        let result = try #require(try await session.run("SELECT * FROM orders WHERE id > 1").last)
        #expect(result.columns?.map(\.type) == [.int4, .text, .int4])
        #expect(result.rows.count == 2)

        // A view of a view, with a column list, joined with the source it reads.
        _ = try await session.run(
            "CREATE VIEW big (order_id, who) AS SELECT id, coalesce(name, '?') FROM orders WHERE qty >= 3")
        #expect(try await session.rows("SELECT order_id, who FROM big ORDER BY 1") == [["1", "ada"], ["2", "bob"]])
        #expect(
            try await session.rows(
                "SELECT b.who, o.qty FROM big b JOIN orders o ON o.id = b.order_id ORDER BY o.qty DESC")
                == [["bob", "5"], ["ada", "3"]])
        #expect(try await session.rows("SHOW VIEWS") == [["big"], ["orders"]])
        #expect(try await session.rows("SHOW VIEWS LIKE 'o%'") == [["orders"]])
        let create = try await session.rows("SHOW CREATE VIEW big")
        #expect(create.first?[0] == "materialize.public.big")
        #expect(create.first?[1]?.hasPrefix("CREATE VIEW big (order_id, who) AS SELECT") == true, "\(create)")

        // Introspection: mz_views, mz_object_dependencies, pg_class, pg_attribute, information_schema.
        #expect(try await session.rows("SELECT name FROM mz_views ORDER BY name") == [["big"], ["orders"]])
        #expect(
            try await session.rows(
                """
                SELECT o.name, r.name FROM mz_object_dependencies d JOIN mz_objects o ON o.id = d.object_id
                JOIN mz_objects r ON r.id = d.referenced_object_id WHERE o.type = 'view' ORDER BY 1
                """) == [["big", "orders"], ["orders", "js"]])
        #expect(
            try await session.rows("SELECT relkind, relnatts FROM pg_class WHERE relname = 'orders'") == [["v", "3"]])
        #expect(
            try await session.rows(
                """
                SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname = 'orders' ORDER BY a.attnum
                """) == [["id", "integer"], ["name", "text"], ["qty", "integer"]])
        #expect(
            try await session.rows(
                "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
            ) == [
                ["big", "VIEW"], ["js", "BASE TABLE"], ["js_errors", "BASE TABLE"], ["js_progress", "BASE TABLE"],
                ["orders", "VIEW"],
            ])
        #expect(
            try await session.rows("SELECT table_name FROM information_schema.views WHERE table_schema = 'public'")
                .count == 2)
        #expect(
            try await session.rows("SELECT viewname FROM pg_views WHERE schemaname = 'public' ORDER BY 1")
                == [["big"], ["orders"]])
    }

    @Test func dropNeedsCascadeWhileAViewReadsTheRelation() async throws {
        let directory = TemporaryDataDirectory()
        let session = try await Self.withJSONSource(directory)
        _ = try await session.run(
            """
            CREATE VIEW ids AS SELECT (data->>'id')::int AS id FROM js;
            CREATE VIEW odd AS SELECT id FROM ids WHERE id % 2 = 1;
            CREATE VIEW errs AS SELECT reason FROM js_errors;
            """)
        let source = await session.error("DROP SOURCE js")
        #expect(
            source?.sqlState == "2BP01" && source?.message.contains("view ids") == true, "\(String(describing: source))"
        )
        #expect(source?.message.contains("view errs") == true, "\(String(describing: source))")
        let view = await session.error("DROP VIEW ids")
        #expect(view?.sqlState == "2BP01" && view?.message.contains("view odd") == true, "\(String(describing: view))")
        let wrong = await session.error("DROP VIEW js")
        #expect(wrong?.sqlState == "42809", "\(String(describing: wrong))")
        let replace = await session.error("CREATE OR REPLACE VIEW ids AS SELECT 1 AS id")
        #expect(replace?.sqlState == "2BP01", "\(String(describing: replace))")

        _ = try await session.run("DROP VIEW odd; CREATE OR REPLACE VIEW ids AS SELECT 7 AS id, 'x' AS label")
        #expect(try await session.rows("SELECT * FROM ids") == [["7", "x"]])
        let skipped = try #require(try await session.run("CREATE VIEW IF NOT EXISTS ids AS SELECT 1").last)
        #expect(skipped.notices == ["view \"ids\" already exists, skipping"])
        #expect(await session.error("CREATE VIEW ids AS SELECT 1")?.sqlState == "42710")
        #expect(await session.error("CREATE VIEW js AS SELECT 1")?.sqlState == "42710")

        _ = try await session.run("CREATE VIEW again AS SELECT id FROM ids; DROP SOURCE js CASCADE")
        #expect(try await session.rows("SHOW VIEWS") == [["again"], ["ids"]])
        _ = try await session.run("DROP VIEW ids CASCADE; DROP VIEW IF EXISTS nothing")
        #expect(try await session.rows("SHOW VIEWS").isEmpty)
        #expect(try await session.rows("SELECT count(*) FROM mz_object_dependencies") == [["0"]])
    }

    @Test func aQueryThePlannerCannotTypeIsRefused() async throws {
        let directory = TemporaryDataDirectory()
        let session = try await Self.withJSONSource(directory)
        let cases: [(String, String)] = [
            ("CREATE VIEW v AS SELECT nope FROM js", "42703"),
            ("CREATE VIEW v AS SELECT * FROM missing", "42P01"),
            ("CREATE VIEW v AS SELECT 1 AS a, 2 AS a", "42701"),
            ("CREATE VIEW v (a, b) AS SELECT 1", "42601"),
            ("CREATE VIEW v AS SELECT $1", "42P02"),
            ("CREATE OR REPLACE VIEW IF NOT EXISTS v AS SELECT 1", "42601"),
            ("CREATE VIEW v AS SELECT DISTINCT ON (x) x FROM (SELECT 1 AS x) s", "0A000"),
            ("CREATE VIEW v AS SELECT DISTINCT x FROM (SELECT 1 AS x) s GROUP BY ROLLUP (x)", "0A000"),
        ]
        for (sql, state) in cases {
            let error = await session.error(sql)
            #expect(error?.sqlState == state, "\(sql): \(String(describing: error))")
        }
        #expect(try await session.rows("SHOW VIEWS").isEmpty)
        _ = try await session.run("BEGIN")
        #expect(await session.error("CREATE VIEW v AS SELECT 1")?.sqlState == "25001")
        _ = try await session.run("ROLLBACK")
    }

    @Test func viewsSurviveARestart() async throws {
        let directory = TemporaryDataDirectory()
        do {
            let session = try await Self.withJSONSource(directory)
            _ = try await session.run(
                "CREATE VIEW names AS SELECT data->>'name' AS name FROM js WHERE data->>'name' IS NOT NULL")
        }
        let session = try directory.engine().makeSession()
        #expect(try await session.rows("SELECT name FROM names ORDER BY name") == [["ada"], ["bob"]])
    }
}
