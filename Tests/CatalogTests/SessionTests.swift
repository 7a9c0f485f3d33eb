import Foundation
import SQL
import Testing

@testable import Catalog

@Suite struct SessionTests {
    @Test func selectOneIsAnIntegerColumnNamedLikePostgres() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        let result = try #require(try await session.run("SELECT 1").first)
        #expect(result.columns == [ResultColumn(name: "?column?", type: .int4)])
        #expect(result.rows == [["1"]])
        #expect(result.commandTag == "SELECT 1")

        let described = try await session.describe("SELECT 1 AS one, 'x' AS letter, 2.5 AS half", parameterTypes: [])
        #expect(
            described.columns == [
                ResultColumn(name: "one", type: .int4), ResultColumn(name: "letter", type: .text),
                // A decimal constant is numeric in PostgreSQL, as the planner types it.
                ResultColumn(name: "half", type: .numeric),
            ])
    }

    @Test func setShowAndResetSessionVariables() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession(startupParameters: [
            "user": "alice", "application_name": "psql",
        ])
        #expect(try await session.rows("SHOW application_name") == [["psql"]])
        let results = try await session.run("SET application_name = 'inlet-test'; SHOW application_name")
        #expect(results.map(\.commandTag) == ["SET", "SHOW"])
        #expect(results.last?.rows == [["inlet-test"]])
        #expect(await session.parameterStatus().contains { $0.name == "application_name" && $0.value == "inlet-test" })
        #expect(await session.parameterStatus().contains { $0.name == "server_version" })
        #expect(try await session.rows("SET TIME ZONE 'UTC'; SHOW TIME ZONE") == [["UTC"]])
        #expect(try await session.rows("RESET application_name; SHOW application_name") == [[""]])
        #expect(await session.error("SET no_such_thing = 1")?.sqlState == "42704")
        #expect(await session.error("SET server_version = '1'")?.sqlState == "55P02")
        #expect(try await session.rows("SHOW ALL").count > 10)
    }

    @Test func transactionsAreAccepted() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        let results = try await session.run(
            "BEGIN; SELECT 1; COMMIT; START TRANSACTION ISOLATION LEVEL SERIALIZABLE; ROLLBACK")
        #expect(results.map(\.commandTag) == ["BEGIN", "SELECT 1", "COMMIT", "BEGIN", "ROLLBACK"])
        #expect(session.transactionStatus == "I")
    }

    /// DDL commits by itself, so inside BEGIN … it is refused (25001) instead of outliving a ROLLBACK.
    @Test func ddlInsideATransactionBlockIsRefused() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        _ = try await session.run("BEGIN")
        let refused = await session.error("CREATE SECRET kept AS 'x'")
        #expect(refused?.sqlState == "25001", "\(String(describing: refused))")
        #expect(refused?.message == "CREATE SECRET cannot be run inside a transaction block")
        _ = try await session.run("ROLLBACK")
        #expect(try await session.rows("SELECT count(*) FROM mz_secrets") == [["0"]])
        _ = try await session.run("CREATE SECRET kept AS 'x'")
        #expect(try await session.rows("SELECT name FROM mz_secrets") == [["kept"]])
    }

    @Test func parametersInQueries() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        _ = try await session.run("CREATE SECRET a AS 'x'; CREATE SECRET b AS 'y'")
        let description = try await session.describe(
            "SELECT name FROM mz_catalog.mz_secrets WHERE name = $1", parameterTypes: [0])
        #expect(description.parameterTypes == [.text])
        #expect(description.columns == [ResultColumn(name: "name", type: .text)])
        let result = try await session.execute(
            "SELECT name FROM mz_catalog.mz_secrets WHERE name = $1", parameters: ["b"])
        #expect(result.rows == [["b"]])
        let second = try await session.execute("SELECT $2::text || $1", parameters: ["a", "b"])
        #expect(second.rows == [["ba"]])
    }

    @Test func executeAnswersWithTheTypesDescribeReported() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        let sql = "SELECT max(oid) + 0 AS m FROM mz_secrets"
        // The planner types the expression before any row exists: oid + integer is bigint, as in PostgreSQL.
        let described = try await session.describe(sql, parameterTypes: [])
        #expect(described.columns == [ResultColumn(name: "m", type: .int8)])
        _ = try await session.run("CREATE SECRET s AS 'x'")
        let executed = try await session.execute(sql, parameters: [])
        #expect(executed.columns == described.columns)
        #expect(executed.rows == [["20001"]])
        // A session that did not describe it answers with the same type.
        let other = try directory.engine().makeSession()
        #expect(try await other.execute(sql, parameters: []).columns == [ResultColumn(name: "m", type: .int8)])
    }

    @Test func syntaxErrorsInASimpleQueryRunNothing() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        let error = await session.error("CREATE SECRET s AS 'v'; CREATE SECRET AS 'w'")
        #expect(error?.sqlState == "42601")
        #expect(error?.position == 39)
        #expect(try await session.rows("SHOW SECRETS").isEmpty)
    }
}

@Suite struct ClientCompatibilityTests {
    @Test func functionsDriversCall() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession(startupParameters: ["user": "alice"])
        let row = try #require(
            try await session.rows(
                "SELECT version(), current_database(), current_schema(), current_user, session_user, pg_backend_pid() > 0"
            ).first)
        #expect(row == ["PostgreSQL 15.0.0 on Inlet", "materialize", "public", "alice", "alice", "1"])
        let now = try #require(try await session.rows("SELECT now()").first?[0] ?? nil)
        // timestamptz as PostgreSQL prints it: UTC, fractional digits without trailing zeros.
        #expect(now.hasSuffix("+00") && (try? PGTimestamp.parse(now, withZone: true)) != nil)
        #expect(PGTimestamp.text(try PGTimestamp.parse(now, withZone: true), withZone: true) == now)
        #expect(try await session.rows("SELECT name FROM mz_secrets WHERE name ILIKE 'X%'").isEmpty)
        let casted = try await session.run("SELECT '42'::int AS n, 1.5::text AS t")
        #expect(casted.first?.columns?.map(\.type) == [.int4, .text])
        #expect(casted.first?.rows == [["42", "1.5"]])
    }

    @Test func queryErrorsCarryPostgresStates() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        #expect(await session.error("SELECT * FROM nowhere")?.sqlState == "42P01")
        #expect(await session.error("SELECT missing_column FROM mz_secrets")?.sqlState == "42703")
        #expect(await session.error("SELECT FROM WHERE")?.sqlState == "42601")
        #expect(await session.error("SELECT frob(1)")?.sqlState == "42883")
    }

    @Test func twoClientsAtOnce() async throws {
        let directory = TemporaryDataDirectory()
        let engine = try directory.engine()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<2 {
                let session = engine.makeSession()
                group.addTask {
                    for index in 0..<25 {
                        _ = try await session.run(
                            "CREATE SECRET s_\(client)_\(index) AS 'v'; SELECT count(*) FROM mz_secrets")
                    }
                }
            }
            try await group.waitForAll()
        }
        let session = engine.makeSession()
        #expect(try await session.rows("SELECT count(*), count(DISTINCT id) FROM mz_secrets") == [["50", "50"]])
        #expect(
            try await session.run("SELECT count(*) FROM mz_secrets").first?.columns == [
                ResultColumn(name: "count", type: .int8)
            ])
    }
}
