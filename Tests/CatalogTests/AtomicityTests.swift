import Foundation
import GRDB
import InletServer
import SQL
import Testing

@testable import Catalog

/// A key generator that works `budget` times, then fails.
final class FailingKeyGenerator: SSHKeyGenerating, @unchecked Sendable {
    private let lock = NSLock()
    private var budget: Int

    init(budget: Int) { self.budget = budget }

    func generateKeyPair() throws -> SSHKeyPairMaterial {
        try lock.withLock {
            guard budget > 0 else { throw SQLError.internal("no entropy today") }
            budget -= 1
            return try Curve25519SSHKeyGenerator().generateKeyPair()
        }
    }
}

@Suite struct AtomicityTests {
    private func engine(_ directory: TemporaryDataDirectory, keyBudget: Int) throws -> InletEngine {
        try InletEngine(
            settings: InletEngineSettings(
                dataDirectory: directory.url, sshKeyGenerator: FailingKeyGenerator(budget: keyBudget)))
    }

    /// Everything the catalog holds, as text, to compare before and after a failed statement.
    private func snapshot(_ engine: InletEngine) throws -> String {
        try engine.catalog.database.read { db in
            var text = ""
            for table in [
                "inlet_items", "inlet_secret_values", "inlet_ssh_keys", "inlet_dependencies",
                "inlet_kafka_connections", "inlet_privatelink_status_history", "inlet_id_sequence",
            ] {
                text +=
                    table + ": " + (try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid").description)
                    + "\n"
            }
            return text
        }
    }

    @Test func aFailedKeyGenerationLeavesNothingBehind() async throws {
        let directory = TemporaryDataDirectory()
        let engine = try engine(directory, keyBudget: 4)
        let session = engine.makeSession()
        _ = try await session.run("CREATE CONNECTION t TO SSH TUNNEL (HOST 'h', USER 'u')")
        let created = try snapshot(engine)
        _ = try await session.run("ALTER CONNECTION t ROTATE KEYS")
        let before = try snapshot(engine)
        #expect(before != created)
        // One key is left: the second connection needs two, so its second generation fails.
        #expect(await session.error("CREATE CONNECTION t2 TO SSH TUNNEL (HOST 'h', USER 'u')")?.sqlState == "XX000")
        #expect(try snapshot(engine) == before)
        #expect(
            await session.error("ALTER CONNECTION t ROTATE KEYS")?.message
                == "cannot generate an SSH key pair for t: XX000: no entropy today")
        #expect(try snapshot(engine) == before)
    }

    @Test func everyRefusedStatementLeavesTheCatalogAsItWas() async throws {
        let directory = TemporaryDataDirectory()
        let engine = try directory.engine()
        let session = engine.makeSession()
        _ = try await session.run(
            """
            CREATE SECRET pw AS 'x';
            CREATE CONNECTION pl TO AWS PRIVATELINK (SERVICE NAME 'svc', AVAILABILITY ZONES ('az1'));
            CREATE CONNECTION k TO KAFKA (BROKERS ('b:1' USING AWS PRIVATELINK pl (AVAILABILITY ZONE 'az1')),
                SASL MECHANISMS 'PLAIN', SASL USERNAME 'u', SASL PASSWORD SECRET pw) WITH (VALIDATE = false);
            """)
        let before = try snapshot(engine)
        let refused = [
            "CREATE SECRET pw AS 'y'",
            "CREATE CONNECTION pw TO SSH TUNNEL (HOST 'h', USER 'u')",
            "CREATE CONNECTION k2 TO KAFKA (BROKER 'b:1', SASL MECHANISMS 'PLAIN', SASL USERNAME 'u', SASL PASSWORD SECRET nope) WITH (VALIDATE = false)",
            "CREATE CONNECTION k2 TO KAFKA (BROKER 'b:1', SASL MECHANISMS 'PLAIN', SASL USERNAME 'u', SASL PASSWORD 'clear') WITH (VALIDATE = false)",
            "CREATE CONNECTION k2 TO KAFKA (BROKERS ('b:1' USING AWS PRIVATELINK pl (AVAILABILITY ZONE 'az2'))) WITH (VALIDATE = false)",
            "CREATE CONNECTION k2 TO KAFKA (BROKER 'b:1')",
            "CREATE CONNECTION k2 TO KAFKA (BROKER 'b:1', BOGUS 'x') WITH (VALIDATE = false)",
            "CREATE CONNECTION k2 TO KAFKA (BROKER 'b:1', BROKER 'b:2') WITH (VALIDATE = false)",
            "CREATE CONNECTION s TO SSH TUNNEL (HOST 'h', PORT 'x', USER 'u')",
            "CREATE CONNECTION s TO SSH TUNNEL (HOST 'h')",
            "ALTER CONNECTION pl SET (AVAILABILITY ZONES ('az3'))",
            "ALTER CONNECTION k SET (SASL PASSWORD SECRET pl) WITH (VALIDATE = false)",
            "ALTER CONNECTION k DROP (SASL PASSWORD) WITH (VALIDATE = false)",
            "ALTER SECRET missing AS 'x'",
            "ALTER SECRET pl AS 'x'",
            "DROP SECRET pw",
            "DROP CONNECTION pl",
            "DROP CONNECTION pl, missing CASCADE",
            "DROP SECRET pw, pl",
            "CREATE SECRET fine AS 'x'; CREATE SECRET AS 'broken'",
        ]
        for sql in refused {
            let error = await session.error(sql)
            #expect(error != nil, "\(sql) was accepted")
            #expect(try snapshot(engine) == before, "\(sql) changed the catalog")
        }
    }

    @Test func ifNotExistsAndIfExistsOnConnections() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        _ = try await session.run("CREATE CONNECTION t TO SSH TUNNEL (HOST 'h', USER 'u')")
        let again = try await session.run("CREATE CONNECTION IF NOT EXISTS t TO SSH TUNNEL (HOST 'other', USER 'u')")
        #expect(again.first?.notices == ["connection \"t\" already exists, skipping"])
        #expect(try await session.rows("SELECT count(*) FROM mz_ssh_tunnel_connections") == [["1"]])
        let dropped = try await session.run("DROP CONNECTION IF EXISTS nope, t")
        #expect(dropped.first?.notices == ["connection \"nope\" does not exist, skipping"])
        #expect(try await session.rows("SHOW CONNECTIONS").isEmpty)
        #expect(try await session.rows("SELECT count(*) FROM mz_ssh_tunnel_connections") == [["0"]])
        #expect(await session.error("SELECT count(*) FROM inlet_ssh_keys")?.sqlState == "42501")
        #expect(await session.error("SELECT * FROM main.\"INLET_SECRET_VALUES\"")?.sqlState == "42501")
    }
}
