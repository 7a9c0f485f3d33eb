import Foundation
import InletServer
import KafkaClient
import Routing
import SQL
import Testing

@testable import Catalog

@Suite struct RoutingGlueTests {
    @Test func sshKeysComeFromTheRoutingModuleAndRoundTrip() async throws {
        let directory = TemporaryDataDirectory()
        let engine = try directory.engine()
        let session = engine.makeSession()
        _ = try await session.run("CREATE CONNECTION t TO SSH TUNNEL (HOST 'bastion', USER 'inlet')")
        let shown = try #require(
            try await session.rows("SELECT public_key_1, public_key_2 FROM mz_ssh_tunnel_connections").first)
        guard case .sshTunnel(let tunnel) = try engine.catalog.resolvedConnection(named: "t") else {
            Issue.record("t is not an SSH tunnel")
            return
        }
        let keys = try tunnel.tunnelKeys()
        #expect([keys.primary.publicKey.openSSHLine, keys.secondary.publicKey.openSSHLine] == shown.compactMap { $0 })
        #expect(try SSHPublicKey(openSSHLine: try #require(shown[0])) == keys.primary.publicKey)
    }

    @Test func theSeedGuidesKafkaConnectionBecomesARouteTable() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine(validator: RecordingValidator()).makeSession()
        _ = try await session.run(SeedGuide.privateLink)
        _ = try await session.run(SeedGuide.secrets)
        _ = try await session.run(SeedGuide.kafka)
        _ = try await session.run(
            "CREATE CONNECTION other TO KAFKA (BROKERS ('x:1', MATCHING '*.internal:9096' USING AWS PRIVATELINK privatelink_svc), "
                + "AWS PRIVATELINK privatelink_svc (PORT 9100)) WITH (VALIDATE = false)")
        let engine = try directory.engine()
        guard case .kafka(let seed) = try engine.catalog.resolvedConnection(named: "kafka_connection"),
            case .kafka(let other) = try engine.catalog.resolvedConnection(named: "other")
        else {
            Issue.record("not Kafka connections")
            return
        }
        let table = try seed.definition.routeTable()
        let decision = table.decide(for: BrokerAddress(host: "b-2.hostname-2", port: 9096))
        #expect(decision.via == .privateLink("privatelink_svc", port: 9002))
        let otherTable = try other.definition.routeTable()
        #expect(
            otherTable.decide(for: BrokerAddress(host: "b-7.msk.internal", port: 9096)).via
                == .privateLink("privatelink_svc"))
        #expect(
            otherTable.decide(for: BrokerAddress(host: "new-broker", port: 9092)).via
                == .privateLink("privatelink_svc", port: 9100))
        #expect(otherTable.decide(for: BrokerAddress(host: "x", port: 1)).via == .direct)
    }
}
