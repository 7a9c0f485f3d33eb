import Testing

@testable import SQL

/// The planner's types, names and refusals, with relations from a fixed resolver; what the emitted SQL answers is
/// proven against PostgreSQL 15 in QueryCompatibilityTests.
@Suite struct QueryPlannerTests {
    struct Relations: RelationResolver {
        func relation(_ name: QualifiedName) -> RelationShape? {
            guard name.name == "events", name.schema == nil || name.schema == "public" else { return nil }
            return RelationShape(
                storageName: "\"src_u1\".\"events\"",
                columns: [
                    ResultColumn(name: "key", type: .text), ResultColumn(name: "data", type: .jsonb),
                    ResultColumn(name: "offset", type: .int8), ResultColumn(name: "partition", type: .int4),
                ])
        }
    }

    func plan(_ sql: String, parameters: [SQLType?] = []) throws -> PlannedQuery {
        var planner = QueryPlanner(resolver: Relations(), parameterTypes: parameters)
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

    @Test func resultTypesAndNamesAreKnownBeforeRunning() throws {
        let planned = try plan(
            "SELECT count(*), key, data->>'name', partition > 0 AS p, sum(partition), 1, 'x' FROM public.events GROUP BY key, data, partition"
        )
        #expect(planned.columns.map(\.name) == ["count", "key", "name", "p", "sum", "?column?", "?column?"])
        #expect(planned.columns.map(\.type) == [.int8, .text, .text, .bool, .int8, .int4, .text])
    }

    @Test func parametersTakeTheTypeTheirContextGives() throws {
        let planned = try plan("SELECT key FROM events WHERE \"offset\" > $1 AND key = $2 LIMIT $3")
        #expect(planned.parameterTypes == [.int8, .text, .int8])
        #expect(planned.sql.contains("CAST(?1 AS INTEGER)"))
        let declared = try plan("SELECT $1", parameters: [.int4])
        #expect(declared.columns.map(\.type) == [.int4])
    }

    @Test func nullsSortAsPostgreSQLSortsThem() throws {
        let planned = try plan("SELECT key FROM events ORDER BY key, \"offset\" DESC")
        #expect(planned.sql.hasSuffix("ORDER BY \"key\" ASC NULLS LAST, \"0_events\".\"offset\" DESC NULLS FIRST"))
    }

    @Test func errorsNameTheProblemWithPostgreSQLsSQLState() throws {
        #expect(try failure("SELECT nosuch FROM events")?.sqlState == "42703")
        #expect(try failure("SELECT key FROM events a, events b")?.sqlState == "42702")
        #expect(try failure("SELECT key = 1 FROM events")?.sqlState == "42883")
        #expect(try failure("SELECT 'x'::int")?.sqlState == "22P02")
        #expect(try failure("SELECT key FROM events WHERE 1")?.sqlState == "42804")
        let missing = try failure("SELECT * FROM nowhere")
        #expect(missing?.sqlState == "42P01")
        #expect(missing?.position.position == 15)
    }

    @Test func whatSQLiteWouldAnswerDifferentlyIsRefusedNotGuessed() throws {
        let division = try failure("SELECT 10.0 / 4")
        #expect(division?.sqlState == "0A000")
        #expect(division?.isUnsupported == false)
        #expect(division?.hint?.contains("float8") == true)
        #expect(try failure("SELECT avg(partition) FROM events")?.isUnsupported == false)
        // Constructs the planner lacks are marked so, for the older path to take.
        #expect(try failure("SELECT now()")?.isUnsupported == true)
    }
}
