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
        #expect(described.columns == [
            ResultColumn(name: "one", type: .int4), ResultColumn(name: "letter", type: .text),
            ResultColumn(name: "half", type: .float8),
        ])
    }

    @Test func setShowAndResetSessionVariables() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession(startupParameters: ["user": "alice", "application_name": "psql"])
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
        let results = try await session.run("BEGIN; SELECT 1; COMMIT; START TRANSACTION ISOLATION LEVEL SERIALIZABLE; ROLLBACK")
        #expect(results.map(\.commandTag) == ["BEGIN", "SELECT 1", "COMMIT", "BEGIN", "ROLLBACK"])
        #expect(session.transactionStatus == "I")
    }

    @Test func parametersInQueries() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        _ = try await session.run("CREATE SECRET a AS 'x'; CREATE SECRET b AS 'y'")
        let description = try await session.describe("SELECT name FROM mz_catalog.mz_secrets WHERE name = $1", parameterTypes: [0])
        #expect(description.parameterTypes == [.text])
        #expect(description.columns == [ResultColumn(name: "name", type: .text)])
        let result = try await session.execute("SELECT name FROM mz_catalog.mz_secrets WHERE name = $1", parameters: ["b"])
        #expect(result.rows == [["b"]])
        let second = try await session.execute("SELECT $2::text || $1", parameters: ["a", "b"])
        #expect(second.rows == [["ba"]])
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
