import Foundation
import SQL
import Testing

@testable import Catalog

@Suite struct SeedGuideTests {
    @Test func theGuidesStatementsRunAsWrittenAndThePrincipalQueryAnswers() async throws {
        let directory = TemporaryDataDirectory()
        let validator = RecordingValidator()
        let engine = try directory.engine(awsAccountID: "123456789012", validator: validator)
        let session = engine.makeSession()

        _ = try await session.run(SeedGuide.privateLink)
        let principal = try await session.rows(SeedGuide.principalQuery)
        let id = try #require(
            try await session.rows("SELECT id FROM mz_connections WHERE name = 'privatelink_svc'").first?[0] ?? nil)
        #expect(principal == [["arn:aws:iam::123456789012:role/inlet_\(id)"]])

        _ = try await session.run(SeedGuide.secrets)
        let results = try await session.run(SeedGuide.kafka)
        #expect(results.map(\.commandTag) == ["CREATE CONNECTION"])

        let validated = try #require(validator.validated.first)
        guard case .kafka(let kafka) = validated else {
            Issue.record("validator saw \(validated), not the Kafka connection")
            return
        }
        #expect(
            kafka.definition.brokers.map(\.address) == [
                "b-1.hostname-1:9096", "b-2.hostname-2:9096", "b-3.hostname-3:9096",
            ])
        #expect(
            kafka.definition.brokers.map(\.route)
                == [9001, 9002, 9003].map {
                    .privateLink(connection: "privatelink_svc", port: $0, availabilityZone: nil)
                })
        #expect(kafka.saslPassword == "correct horse battery staple")
        #expect(kafka.saslUsername == "inlet-user")
        #expect(
            kafka.privateLinks["privatelink_svc"]?.definition.availabilityZones == ["use1-az1", "use1-az2", "use1-az3"])

        let brokers = try await session.rows(
            "SELECT k.brokers FROM mz_kafka_connections k JOIN mz_connections c USING (id) WHERE c.name = 'kafka_connection'"
        )
        #expect(brokers == [["{b-1.hostname-1:9096,b-2.hostname-2:9096,b-3.hostname-3:9096}"]])
    }
}
