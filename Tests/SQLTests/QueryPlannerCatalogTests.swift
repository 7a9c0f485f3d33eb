import Testing

@testable import SQL

/// The planner's side of the catalog queries tools send: types of regular expressions, arrays, object identifiers
/// and catalog functions, the FROM forms they use, and the refusals where SQLite would answer otherwise. What
/// the emitted SQL answers is proven against PostgreSQL 15 in QueryCompatibilityTests and the PGCatalog* tests.
@Suite struct QueryPlannerCatalogTests {
    struct Relations: RelationResolver {
        func relation(_ name: QualifiedName) -> RelationShape? {
            switch name.name {
            case "pg_class":
                return RelationShape(
                    storageName: "\"pg_class\"",
                    columns: [
                        ResultColumn(name: "oid", type: .oid), ResultColumn(name: "relname", type: .name),
                        ResultColumn(name: "relnamespace", type: .oid), ResultColumn(name: "relkind", type: .char),
                        ResultColumn(name: "reloptions", type: .textArray),
                    ])
            case "pg_namespace":
                return RelationShape(
                    storageName: "\"pg_namespace\"",
                    columns: [ResultColumn(name: "oid", type: .oid), ResultColumn(name: "nspname", type: .name)])
            case "pg_index":
                return RelationShape(
                    storageName: "\"pg_index\"",
                    columns: [
                        ResultColumn(name: "indrelid", type: .oid), ResultColumn(name: "indkey", type: .int2vector),
                    ])
            default:
                return nil
            }
        }
    }

    func plan(_ sql: String, user: String = "alice") throws -> PlannedQuery {
        var planner = QueryPlanner(
            resolver: Relations(), context: PlanningContext(user: user, settings: ["server_version": "15.0.0"]))
        return try planner.plan(try Parser.parseSelectStatement(sql))
    }

    func failure(_ sql: String) throws -> QueryPlanningError? {
        do {
            _ = try plan(sql)
            return nil
        } catch let error as QueryPlanningError {
            return error
        }
    }

    @Test func psqlsDescribeLookupIsTyped() throws {
        let planned = try plan(
            """
            SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c
                LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname OPERATOR(pg_catalog.~) '^(events)$' COLLATE pg_catalog.default
                AND pg_catalog.pg_table_is_visible(c.oid)
            ORDER BY 2, 3
            """)
        #expect(planned.columns.map(\.type) == [.oid, .name, .name])
        #expect(planned.sql.contains("pg_regex("))
    }

    @Test func arraysHaveArrayTypes() throws {
        let planned = try plan(
            "SELECT ARRAY[1, 2], ARRAY(SELECT relname FROM pg_class), reloptions || ARRAY['x'], reloptions[1], "
                + "1 = ANY (ARRAY[1, 2]), array_to_string(reloptions, ',') FROM pg_class")
        #expect(planned.columns.map(\.type) == [.int4Array, .nameArray, .textArray, .text, .bool, .text])
        #expect(try failure("SELECT reloptions[1:2] FROM pg_class")?.sqlState == "0A000")
        #expect(try failure("SELECT relname[1] FROM pg_class")?.sqlState == "42804")
    }

    @Test func objectIdentifiersReadAndPrintNames() throws {
        let planned = try plan(
            "SELECT oid::regclass, 'pg_class'::regclass::oid, relnamespace::regnamespace FROM pg_class")
        #expect(planned.columns.map(\.type) == [.regclass, .oid, .regnamespace])
        // Names here; PostgreSQL orders and compares them by oid, so the planner orders and compares their oids.
        let ordered = try plan("SELECT oid::regclass FROM pg_class ORDER BY 1")
        #expect(ordered.sql.contains("ORDER BY (SELECT oid FROM"), "\(ordered.sql)")
        let compared = try plan("SELECT 'pg_class'::regclass < 'pg_type'::regclass")
        #expect(compared.columns.map(\.type) == [.bool] && compared.sql.contains("SELECT oid FROM"), "\(compared.sql)")
        // Over a set operation the planner cannot reach the oids: refused rather than ordered by name.
        let overUnion = try failure("SELECT oid::regclass FROM pg_class UNION SELECT 'pg_type'::regclass ORDER BY 1")
        #expect(overUnion?.sqlState == "0A000" && overUnion?.isUnsupported == false)
        #expect(try plan("SELECT relname FROM pg_class WHERE oid = 'pg_class'::regclass").columns.count == 1)
    }

    @Test func sessionFunctionsAnswerFromTheContext() throws {
        let planned = try plan(
            "SELECT current_setting('server_version'), current_schemas(true), pg_get_userbyid(10), "
                + "has_table_privilege('pg_class', 'SELECT')")
        #expect(planned.columns.map(\.type) == [.text, .nameArray, .name, .bool])
        #expect(planned.sql.contains("'15.0.0'") && planned.sql.contains("'alice'"))
        #expect(try failure("SELECT current_setting('no_such_setting')")?.sqlState == "42704")
        #expect(try failure("SELECT set_config('a', 'b', false)")?.sqlState == "0A000")
        #expect(try failure("SELECT format_type('x', 1, 2)")?.sqlState == "42883")
    }

    @Test func fromFunctionsAndJoinUsing() throws {
        let series = try plan("SELECT s.r FROM generate_series(1, 3) AS s(r)")
        #expect(series.columns == [ResultColumn(name: "r", type: .int4)])
        let unnested = try plan("SELECT x FROM pg_class c, unnest(c.reloptions) x")
        #expect(unnested.columns == [ResultColumn(name: "x", type: .text)])
        let using = try plan("SELECT oid, c.relname FROM pg_class c JOIN pg_namespace n USING (oid)")
        #expect(using.columns.map(\.name) == ["oid", "relname"])
        #expect(try failure("SELECT * FROM pg_class c JOIN pg_namespace n USING (oid)")?.sqlState == "0A000")
        #expect(try failure("SELECT 1 FROM pg_class c FULL JOIN pg_namespace n USING (oid)")?.sqlState == "0A000")
    }

    @Test func pgjdbcsExpandedKeysAreASelectListJoin() throws {
        let planned = try plan(
            "SELECT r.key_seq FROM (SELECT (information_schema._pg_expandarray(i.indkey)).n AS key_seq, "
                + "information_schema._pg_expandarray(i.indkey) AS keys, i.indrelid FROM pg_index i) r "
                + "WHERE r.indrelid = (r.keys).x")
        #expect(planned.columns == [ResultColumn(name: "key_seq", type: .int4)])
        #expect(planned.sql.contains("JOIN json_each("))
        // A record cannot reach the output: its fields can.
        #expect(try failure("SELECT information_schema._pg_expandarray(indkey) FROM pg_index")?.sqlState == "0A000")
        #expect(
            try failure("SELECT 1 FROM pg_index WHERE information_schema._pg_expandarray(indkey) IS NULL")
                != nil)
    }
}
