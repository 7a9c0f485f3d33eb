import Foundation
import SQL
import Testing

@testable import Catalog

@Suite struct ConnectionTests {
    static let privateLink = """
        CREATE CONNECTION pl TO AWS PRIVATELINK (SERVICE NAME 'com.amazonaws.vpce.us-east-1.vpce-svc-1', AVAILABILITY ZONES ('use1-az1', 'use1-az2'))
        """

    @Test func sshTunnelKeysAndRotation() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        _ = try await session.run("CREATE CONNECTION t TO SSH TUNNEL (HOST 'bastion.example', PORT 2222, USER 'inlet')")
        let keys = try #require(
            try await session.rows("SELECT id, public_key_1, public_key_2 FROM mz_internal.mz_ssh_tunnel_connections")
                .first)
        #expect(keys[0] == "u1")
        let first = try #require(keys[1])
        let second = try #require(keys[2])
        #expect(first.hasPrefix("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"))
        #expect(first != second)

        #expect(try await session.run("ALTER CONNECTION t ROTATE KEYS").first?.commandTag == "ALTER CONNECTION")
        let rotated = try #require(
            try await session.rows("SELECT public_key_1, public_key_2 FROM mz_ssh_tunnel_connections").first)
        #expect(rotated[0] == second)
        #expect(rotated[1] != first && rotated[1] != second)

        // The private keys match the public ones.
        let engine = try directory.engine()
        guard case .sshTunnel(let tunnel) = try engine.catalog.resolvedConnection(named: "t") else {
            Issue.record("not an SSH tunnel")
            return
        }
        #expect(tunnel.definition == SSHTunnelConnectionDefinition(host: "bastion.example", port: 2222, user: "inlet"))
        #expect(tunnel.keyPairs.map(\.publicKey) == rotated.compactMap { $0 })
        for pair in tunnel.keyPairs {
            let key = try Curve25519KeyCheck.publicKey(ofSeed: pair.privateKey)
            #expect(pair.publicKey == key)
        }

        #expect(
            await session.error("CREATE CONNECTION t2 TO SSH TUNNEL (HOST 'b', USER 'u') WITH (VALIDATE = true)")?
                .sqlState == "0A000")
        _ = try await session.run(Self.privateLink)
        #expect(await session.error("ALTER CONNECTION pl ROTATE KEYS")?.sqlState == "42809")
    }

    @Test func privateLinkPrincipalStatusAndSchemaQualifiedRelations() async throws {
        let directory = TemporaryDataDirectory()
        let engine = try InletServerEngines.engine(directory, endpoints: ["com.amazonaws.vpce.us-east-1.vpce-svc-1"])
        let session = engine.makeSession()
        _ = try await session.run(Self.privateLink)
        _ = try await session.run(
            "CREATE CONNECTION pl2 TO AWS PRIVATELINK (SERVICE NAME 'com.amazonaws.vpce.us-east-1.vpce-svc-2')")
        let rows = try await session.rows(
            """
            SELECT c.name, p.principal, h.status
            FROM mz_catalog.mz_connections c
            JOIN mz_catalog.mz_aws_privatelink_connections p ON p.id = c.id
            JOIN mz_internal.mz_aws_privatelink_connection_status_history h ON h.connection_id = c.id
            ORDER BY c.name
            """)
        #expect(
            rows == [
                ["pl", "arn:aws:iam::000000000000:role/inlet_u1", "available"],
                ["pl2", "arn:aws:iam::000000000000:role/inlet_u2", "pending-service-discovery"],
            ])
        let types = try await session.describe(
            "SELECT c.oid, c.name, k.brokers, h.occurred_at FROM mz_connections c, mz_kafka_connections k, "
                + "mz_aws_privatelink_connection_status_history h", parameterTypes: [])
        #expect(types.columns?.map(\.type) == [.oid, .text, .textArray, .timestamptz])
        #expect(
            try await session.rows("SHOW CONNECTIONS") == [["pl", "aws-privatelink"], ["pl2", "aws-privatelink"]])
        let qualified = try await session.rows(
            "SELECT count(*) FROM \"mz_catalog\".\"mz_connections\" c "
                + "JOIN materialize.mz_internal.mz_aws_privatelink_connections p USING (id)")
        #expect(qualified == [["2"]])
        for relation in ["mz_sources", "mz_source_statuses", "mz_source_status_history"] {
            #expect(try await session.rows("SELECT * FROM mz_internal.\(relation)").isEmpty)
        }
    }

    @Test func kafkaConnectionReferencesAreChecked() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        _ = try await session.run(Self.privateLink)
        _ = try await session.run("CREATE SECRET pw AS 'x'; CREATE CONNECTION t TO SSH TUNNEL (HOST 'h', USER 'u')")
        let before = try await session.rows("SELECT id FROM mz_connections")

        let cases: [(sql: String, state: String, message: String)] = [
            (
                "BROKER 'b:1', SASL MECHANISMS 'PLAIN', SASL USERNAME 'u', SASL PASSWORD SECRET nope", "42704",
                "unknown secret 'nope' in SECRET nope; create it first with CREATE SECRET nope AS '…'"
            ),
            (
                "BROKER 'b:1', SASL MECHANISMS 'PLAIN', SASL USERNAME 'u', SASL PASSWORD SECRET t", "42809",
                "'t' in SECRET t is a connection, not a secret"
            ),
            (
                "BROKERS ('b:1' USING AWS PRIVATELINK t)", "42809",
                "'t' is an SSH TUNNEL connection, not an AWS PRIVATELINK connection; name an AWS PRIVATELINK connection after AWS PRIVATELINK"
            ),
            ("BROKERS ('b:1' USING SSH TUNNEL pw)", "42809", "'pw' in SSH TUNNEL pw is a secret, not a connection"),
            (
                "BROKERS ('b:1' USING AWS PRIVATELINK missing)", "42704",
                "unknown connection 'missing' in AWS PRIVATELINK missing; create it first with CREATE CONNECTION missing …"
            ),
            (
                "BROKERS ('b:1' USING AWS PRIVATELINK pl (AVAILABILITY ZONE 'use1-az9'))", "22023",
                "availability zone 'use1-az9' is not one of the zones of AWS PRIVATELINK connection pl ('use1-az1', 'use1-az2'); use one of those or add it with ALTER CONNECTION pl SET (AVAILABILITY ZONES (…))"
            ),
        ]
        for (options, state, message) in cases {
            let error = await session.error("CREATE CONNECTION k TO KAFKA (\(options)) WITH (VALIDATE = false)")
            #expect(error?.sqlState == state, "\(options)")
            #expect(error?.message == message, "\(options)")
        }
        #expect(try await session.rows("SELECT id FROM mz_connections") == before)

        _ = try await session.run(
            "CREATE CONNECTION k TO KAFKA (BROKERS ('b:1' USING AWS PRIVATELINK pl (PORT 9001, AVAILABILITY ZONE 'use1-az2'), "
                + "MATCHING '*.internal:9096' USING SSH TUNNEL t), SASL MECHANISMS 'PLAIN', SASL USERNAME 'u', "
                + "SASL PASSWORD SECRET pw) WITH (VALIDATE = false)")
        #expect(
            try await session.rows("SELECT brokers, sink_progress_topic FROM mz_kafka_connections") == [
                ["{b:1}", "_inlet-progress-u4"]
            ])
        let created = try await session.rows("SHOW CREATE CONNECTION k")
        #expect(
            created == [
                [
                    "k",
                    "CREATE CONNECTION k TO KAFKA (BROKERS ('b:1' USING AWS PRIVATELINK pl (PORT = 9001, AVAILABILITY ZONE = 'use1-az2'), "
                        + "MATCHING '*.internal:9096' USING SSH TUNNEL t), SASL MECHANISMS = 'PLAIN', SASL USERNAME = 'u', "
                        + "SASL PASSWORD = SECRET pw)",
                ]
            ])
    }

    @Test func dropRefusesWhileDependedOnAndCascades() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        _ = try await session.run(Self.privateLink)
        _ = try await session.run(
            """
            CREATE SECRET pw AS 'x';
            CREATE CONNECTION k TO KAFKA (BROKERS ('b:1' USING AWS PRIVATELINK pl), SASL MECHANISMS 'PLAIN',
                SASL USERNAME 'u', SASL PASSWORD SECRET pw) WITH (VALIDATE = false);
            """)
        let secretError = await session.error("DROP SECRET pw")
        #expect(secretError?.sqlState == "2BP01")
        #expect(secretError?.message == "cannot drop secret pw: still used by KAFKA connection k")
        #expect(secretError?.hint == "drop those first, or use DROP SECRET pw CASCADE to drop them too")
        #expect(
            await session.error("DROP CONNECTION pl")?.message
                == "cannot drop connection pl: still used by KAFKA connection k")
        #expect(await session.error("DROP CONNECTION pw")?.sqlState == "42809")
        #expect(
            await session.error("DROP SECRET pl")?.message
                == "'pl' is a connection, not a secret; use DROP CONNECTION pl")

        // One statement, several names: the failure of a later one keeps the earlier one.
        _ = try await session.run("CREATE SECRET lonely AS 'y'")
        #expect(await session.error("DROP SECRET lonely, pw")?.sqlState == "2BP01")
        #expect(try await session.rows("SHOW SECRETS") == [["lonely"], ["pw"]])

        _ = try await session.run("DROP CONNECTION pl CASCADE")
        #expect(try await session.rows("SHOW CONNECTIONS").isEmpty)
        #expect(try await session.rows("SELECT * FROM mz_kafka_connections").isEmpty)
        _ = try await session.run("DROP SECRET pw")
    }

    @Test func validationIsNeverPretended() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        let error = await session.error("CREATE CONNECTION k TO KAFKA (BROKER 'localhost:9092')")
        #expect(error?.sqlState == "0A000")
        #expect(error?.message == "cannot validate connection k: this server has no connection validator")
        #expect(
            error?.hint == "add WITH (VALIDATE = false) to the statement to store the connection without validating it")
        #expect(try await session.rows("SHOW CONNECTIONS").isEmpty)
        _ = try await session.run("CREATE CONNECTION k TO KAFKA (BROKER 'localhost:9092') WITH (VALIDATE = false)")
        #expect(await session.error("VALIDATE CONNECTION k")?.sqlState == "0A000")
    }

    @Test func aRefusedValidationStoresNothing() async throws {
        let directory = TemporaryDataDirectory()
        let validator = RecordingValidator(refusal: "broker localhost:1 refused the connection")
        let session = try directory.engine(validator: validator).makeSession()
        let error = await session.error("CREATE CONNECTION k TO KAFKA (BROKER 'localhost:1')")
        #expect(error == SQLError.connectionFailure("broker localhost:1 refused the connection"))
        #expect(try await session.rows("SHOW CONNECTIONS").isEmpty)
        #expect(validator.validated.map(\.name) == ["k"])

        _ = try await session.run("CREATE CONNECTION k TO KAFKA (BROKER 'localhost:1') WITH (VALIDATE = false)")
        #expect(await session.error("VALIDATE CONNECTION k")?.sqlState == "08006")
        #expect(await session.error("ALTER CONNECTION k SET (BROKER 'localhost:2')")?.sqlState == "08006")
        #expect(try await session.rows("SELECT brokers FROM mz_kafka_connections") == [["{localhost:1}"]])
    }

    @Test func alterConnectionSetAndDrop() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        _ = try await session.run(Self.privateLink)
        _ = try await session.run(
            "CREATE CONNECTION k TO KAFKA (BROKERS ('b:1' USING AWS PRIVATELINK pl (AVAILABILITY ZONE 'use1-az2')), "
                + "PROGRESS TOPIC 'p') WITH (VALIDATE = false)")
        _ = try await session.run(
            "ALTER CONNECTION k SET (BROKERS ('b:1', 'c:2'), SECURITY PROTOCOL = 'PLAINTEXT') WITH (VALIDATE = false)")
        _ = try await session.run("ALTER CONNECTION k DROP (PROGRESS TOPIC) WITH (VALIDATE = false)")
        #expect(
            try await session.rows("SELECT brokers, sink_progress_topic FROM mz_kafka_connections") == [
                ["{b:1,c:2}", "_inlet-progress-u2"]
            ])
        #expect(
            try await session.rows("SHOW CREATE CONNECTION k").first?[1]
                == "CREATE CONNECTION k TO KAFKA (BROKERS ('b:1', 'c:2'), SECURITY PROTOCOL = 'PLAINTEXT')")
        // k no longer uses pl, so pl may go.
        _ = try await session.run("DROP CONNECTION pl")

        #expect(await session.error("ALTER CONNECTION k DROP (SSL KEY) WITH (VALIDATE = false)")?.sqlState == "22023")
        #expect(await session.error("ALTER CONNECTION k SET (HOST 'x') WITH (VALIDATE = false)")?.sqlState == "42601")
        #expect(await session.error("ALTER CONNECTION k DROP (BROKERS) WITH (VALIDATE = false)")?.sqlState == "22023")
    }

    @Test func narrowingAPrivateLinksZonesThatAKafkaConnectionUsesFails() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        _ = try await session.run(Self.privateLink)
        _ = try await session.run(
            "CREATE CONNECTION k TO KAFKA (BROKERS ('b:1' USING AWS PRIVATELINK pl (AVAILABILITY ZONE 'use1-az2'))) WITH (VALIDATE = false)"
        )
        let error = await session.error("ALTER CONNECTION pl SET (AVAILABILITY ZONES ('use1-az1'))")
        #expect(error?.sqlState == "22023")
        #expect(error?.message.hasPrefix("KAFKA connection k still uses it: availability zone 'use1-az2'") == true)
    }

    @Test func connectionsSurviveARestart() async throws {
        let directory = TemporaryDataDirectory()
        let publicKeys: [String?]
        do {
            let session = try directory.engine().makeSession()
            _ = try await session.run(Self.privateLink)
            _ = try await session.run("CREATE CONNECTION t TO SSH TUNNEL (HOST 'h', USER 'u')")
            _ = try await session.run(
                "CREATE CONNECTION k TO KAFKA (BROKERS ('b:1' USING AWS PRIVATELINK pl (PORT 9001))) WITH (VALIDATE = false)"
            )
            publicKeys = try #require(
                try await session.rows("SELECT public_key_1, public_key_2 FROM mz_ssh_tunnel_connections").first)
        }
        let engine = try directory.engine(awsAccountID: "999999999999")
        let session = engine.makeSession()
        #expect(
            try await session.rows("SHOW CONNECTIONS") == [
                ["k", "kafka"], ["pl", "aws-privatelink"], ["t", "ssh-tunnel"],
            ])
        #expect(
            try await session.rows("SELECT public_key_1, public_key_2 FROM mz_ssh_tunnel_connections") == [publicKeys])
        #expect(
            try await session.rows("SELECT principal FROM mz_aws_privatelink_connections") == [
                ["arn:aws:iam::999999999999:role/inlet_u1"]
            ])
        guard case .kafka(let kafka) = try engine.catalog.resolvedConnection(named: "k") else {
            Issue.record("k is not a Kafka connection")
            return
        }
        #expect(
            kafka.definition.brokers == [
                KafkaBrokerRule(
                    host: "b", port: 1, route: .privateLink(connection: "pl", port: 9001, availabilityZone: nil))
            ])
        #expect(kafka.privateLinks["pl"]?.principal == "arn:aws:iam::999999999999:role/inlet_u1")
        #expect(try engine.catalog.connections().map(\.name) == ["k", "pl", "t"])
    }
}

@Suite struct ObjectRelationTests {
    @Test func objectsAndDependenciesAreQueryable() async throws {
        let directory = TemporaryDataDirectory()
        let session = try directory.engine().makeSession()
        _ = try await session.run(ConnectionTests.privateLink)
        _ = try await session.run(
            """
            CREATE SECRET pw AS 'x';
            CREATE CONNECTION k TO KAFKA (BROKERS ('b:1' USING AWS PRIVATELINK pl), SASL MECHANISMS 'PLAIN',
                SASL USERNAME 'u', SASL PASSWORD SECRET pw) WITH (VALIDATE = false);
            """)
        #expect(
            try await session.rows("SELECT id, name, type FROM mz_catalog.mz_objects ORDER BY id") == [
                ["u1", "pl", "connection"], ["u2", "pw", "secret"], ["u3", "k", "connection"],
            ])
        let dependencies = try await session.rows(
            """
            SELECT o.name, r.name FROM mz_internal.mz_object_dependencies d
            JOIN mz_objects o ON o.id = d.object_id JOIN mz_objects r ON r.id = d.referenced_object_id
            ORDER BY 2
            """)
        #expect(dependencies == [["k", "pl"], ["k", "pw"]])
        #expect(
            try await session.rows(
                "SELECT s.name, d.name FROM mz_schemas s JOIN mz_databases d ON d.id = s.database_id") == [
                    ["public", "materialize"]
                ])
    }
}

@Suite struct StatusTests {
    @Test func privateLinkStatusChangesAreRecordedOnce() async throws {
        let directory = TemporaryDataDirectory()
        let engine = try directory.engine()
        let session = engine.makeSession()
        _ = try await session.run(ConnectionTests.privateLink)
        try await engine.catalog.recordPrivateLinkStatus(connectionName: "pl", status: "available")
        try await engine.catalog.recordPrivateLinkStatus(connectionName: "pl", status: "available")
        try await engine.catalog.recordPrivateLinkStatus(connectionName: "pl", status: "failed")
        #expect(
            try await session.rows(
                "SELECT status FROM mz_aws_privatelink_connection_status_history ORDER BY occurred_at") == [
                    ["pending-service-discovery"], ["available"], ["failed"],
                ])
        #expect(
            try await session.rows("SELECT name, status FROM mz_internal.mz_aws_privatelink_connection_statuses") == [
                ["pl", "failed"]
            ])
        await #expect(throws: SQLError.self) {
            try await engine.catalog.recordPrivateLinkStatus(connectionName: "nope", status: "available")
        }
    }
}
