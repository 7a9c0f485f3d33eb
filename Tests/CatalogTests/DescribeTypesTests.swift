import SQL
import Testing

@testable import Catalog

/// The extended protocol describes a statement before it runs: result types must already be PostgreSQL's.
@Suite struct DescribeTypesTests {
    @Test func countIsBigintEvenWhenTheQueryCannotRunBeforeBind() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        let withParameter = try await session.describe(
            "SELECT count(*), name FROM mz_connections WHERE name = $1 GROUP BY name", parameterTypes: [])
        #expect(withParameter.columns?.map(\.type) == [.int8, .text])
        let result = try await session.execute(
            "SELECT count(*), name FROM mz_connections WHERE name = $1 GROUP BY name", parameters: ["none"])
        #expect(result.columns?.first?.type == .int8)
    }
}
