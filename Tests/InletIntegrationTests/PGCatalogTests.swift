import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Testing

/// Real clients against the real `inlet serve` with its catalog-backed session: the seed guide's DDL, catalog
/// queries, bad input, two clients at once, and persistence across a restart on the same data directory.
@Suite struct PGCatalogTests {
    static let accountFlags = ["--aws-account-id", "111122223333"]

    static func psql(port: Int, _ script: String) async throws -> PGProgramOutput {
        try await runClient(
            "psql",
            [
                "-X", "-h", "127.0.0.1", "-p", String(port), "-U", "alice", "-d", "inlet", "-v", "ON_ERROR_STOP=1",
                "-At", "-f", "-",
            ],
            environment: ["PGSSLMODE": "disable", "PGCONNECT_TIMEOUT": "10"], input: script)
    }

    /// The statements of the MSK-over-PrivateLink guide with its placeholders filled in, as written there.
    static let seedScript = """
        CREATE SECRET msk_sasl_username AS 'user';
        CREATE SECRET msk_sasl_password AS 'p4ss';
        CREATE CONNECTION pl_conn TO AWS PRIVATELINK (
            SERVICE NAME 'com.amazonaws.vpce.us-east-1.vpce-svc-0e123abc123198abc',
            AVAILABILITY ZONES ('use1-az1', 'use1-az2', 'use1-az3'),
        );
        SELECT principal
            FROM mz_aws_privatelink_connections plc
            JOIN mz_connections c ON plc.id = c.id
            WHERE c.name = 'pl_conn';
        CREATE CONNECTION kafka_conn TO KAFKA (
            BROKERS (
                'b-1.hostname-1:9096' USING AWS PRIVATELINK pl_conn (PORT 9001),
                'b-2.hostname-2:9096' USING AWS PRIVATELINK pl_conn (PORT 9002),
                'b-3.hostname-3:9096' USING AWS PRIVATELINK pl_conn (PORT 9003)
            ),
            -- Authentication details
            -- Depending on the authentication method your MSK cluster is using
            SASL MECHANISMS = 'SCRAM-SHA-512',
            SASL USERNAME = SECRET msk_sasl_username,
            SASL PASSWORD = SECRET msk_sasl_password
        ) WITH (VALIDATE = false);
        SHOW CONNECTIONS;
        """

    @Test func seedDDLCatalogQueriesAndRestart() async throws {
        let dataDirectory = try PGServeCommandTests.temporaryDirectory()
        let server = try await PGServeProcess.start(["--data-dir", dataDirectory] + Self.accountFlags)
        let created = try await Self.psql(port: server.port, Self.seedScript)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(
            created.stdout
                == """
                CREATE SECRET
                CREATE SECRET
                CREATE CONNECTION
                arn:aws:iam::111122223333:role/inlet_u3
                CREATE CONNECTION
                kafka_conn|kafka
                pl_conn|aws-privatelink

                """, "\(created.stdout)")

        // Bad input is an error with SQLSTATE and position; the catalog is unchanged.
        let bad = try await Self.psql(
            port: server.port,
            "\\set VERBOSITY verbose\nCREATE CONNECTION ssh1 TO SSH TUNNEL (HOST 'bastion', USER 'u', BOGUS 1);\n")
        #expect(bad.status == 3)
        #expect(bad.stderr.contains("ERROR:  42601: unknown SSH TUNNEL connection option BOGUS"), "\(bad.stderr)")
        #expect(bad.stderr.contains("LINE 1: "), "\(bad.stderr)")
        #expect(try await server.stop() == 0)

        // Everything is still there after a restart on the same data directory.
        let again = try await PGServeProcess.start(["--data-dir", dataDirectory] + Self.accountFlags)
        let listed = try await Self.psql(
            port: again.port,
            """
            SELECT name FROM mz_secrets ORDER BY name;
            SELECT id, brokers FROM mz_catalog.mz_kafka_connections;
            SELECT count(*) FROM mz_connections WHERE name = 'ssh1';
            """)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(
            listed.stdout
                == "msk_sasl_password\nmsk_sasl_username\nu4|{b-1.hostname-1:9096,b-2.hostname-2:9096,b-3.hostname-3:9096}\n0\n",
            "\(listed.stdout)")
        #expect(try await again.stop() == 0)
    }

    @Test func psycopgDDLAndCatalogAcrossRestart() async throws {
        let dataDirectory = try PGServeCommandTests.temporaryDirectory()
        let script = PGPsycopgTests.script
        let server = try await PGServeProcess.start(["--data-dir", dataDirectory] + Self.accountFlags)
        let first = try await runClient("python3", [script, "127.0.0.1", String(server.port), "catalog"])
        #expect(first.status == 0 && first.stdout.contains("ok catalog"), "\(first.stdout)\(first.stderr)")
        #expect(try await server.stop() == 0)
        let again = try await PGServeProcess.start(["--data-dir", dataDirectory] + Self.accountFlags)
        let second = try await runClient("python3", [script, "127.0.0.1", String(again.port), "catalog_again"])
        #expect(second.status == 0 && second.stdout.contains("ok catalog_again"), "\(second.stdout)\(second.stderr)")
        #expect(try await again.stop() == 0)
    }

    @Test func postgresNIOAndTwoClientsAtOnce() async throws {
        let server = try await PGServeProcess.start(["--data-dir", try PGServeCommandTests.temporaryDirectory()])
        let writer = try await PGPostgresNIOTests.connect(port: server.port)
        let reader = try await PGPostgresNIOTests.connect(port: server.port)
        let logger = Logger(label: "q")
        _ = try await writer.query("CREATE SECRET nio_secret AS 'hidden'", logger: logger).collect()
        _ = try await writer.query(
            "CREATE CONNECTION nio_kafka TO KAFKA (BROKERS ('b-1.nio:9092', 'b-2.nio:9092')) WITH (VALIDATE = false)",
            logger: logger
        ).collect()
        // The other client sees the writer's objects, with parameters and binary results (text[] included).
        let name = "nio_kafka"
        let rows = try await reader.query(
            "SELECT c.id, c.type, k.brokers FROM mz_connections c JOIN mz_kafka_connections k ON c.id = k.id WHERE c.name = \(name)",
            logger: logger
        ).collect()
        #expect(rows.count == 1)
        let (id, type, brokers) = try rows[0].decode((String, String, [String]).self)
        #expect(id.hasPrefix("u") && type == "kafka" && brokers == ["b-1.nio:9092", "b-2.nio:9092"])
        do {
            _ = try await reader.query("DROP SECRET no_such_secret", logger: logger).collect()
            Issue.record("dropping a missing secret must fail")
        } catch let error as PSQLError {
            #expect(error.serverInfo?[.sqlState] == "42704")
        }
        try await writer.close()
        try await reader.close()
        #expect(try await server.stop() == 0)
    }

    /// Every system relation read by PostgresNIO, which asks for binary results: each column type the catalog
    /// reports must have a binary encoding that matches its text.
    @Test func everySystemRelationInBinary() async throws {
        let server = try await PGServeProcess.start(["--data-dir", try PGServeCommandTests.temporaryDirectory()])
        let connection = try await PGPostgresNIOTests.connect(port: server.port)
        let logger = Logger(label: "q")
        for statement in [
            "CREATE SECRET s AS 'v'",
            "CREATE CONNECTION pl TO AWS PRIVATELINK (SERVICE NAME 'com.amazonaws.vpce.us-east-1.vpce-svc-0b', "
                + "AVAILABILITY ZONES ('use1-az1'))",
            "CREATE CONNECTION t TO SSH TUNNEL (HOST 'bastion.example', USER 'inlet')",
            "CREATE CONNECTION k TO KAFKA (BROKER 'b-1.example:9092', SASL MECHANISMS = 'PLAIN', "
                + "SASL USERNAME = 'u', SASL PASSWORD = SECRET s) WITH (VALIDATE = false)",
        ] {
            _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).collect()
        }
        let relations = [
            "mz_secrets", "mz_connections", "mz_aws_privatelink_connections",
            "mz_aws_privatelink_connection_status_history", "mz_ssh_tunnel_connections", "mz_kafka_connections",
            "mz_sources", "mz_source_statuses", "mz_source_status_history",
        ]
        for relation in relations {
            do {
                let rows = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT * FROM \(relation)"), logger: logger
                )
                .collect()
                let empty = ["mz_sources", "mz_source_statuses", "mz_source_status_history"].contains(relation)
                #expect(empty || !rows.isEmpty, "\(relation) has no rows")
            } catch let error as PSQLError {
                Issue.record("SELECT * FROM \(relation): \(error.serverInfo?[.message] ?? String(reflecting: error))")
            }
        }
        let keys = try await connection.query("SELECT public_key_1 FROM mz_ssh_tunnel_connections", logger: logger)
            .collect()
        #expect(try keys.first?.decode(String.self).hasPrefix("ssh-ed25519 ") == true)
        let history = try await connection.query(
            "SELECT status, occurred_at FROM mz_aws_privatelink_connection_status_history", logger: logger
        ).collect()
        let (status, occurredAt) = try #require(history.first).decode((String, Date).self)
        #expect(!status.isEmpty)
        #expect(abs(occurredAt.timeIntervalSinceNow) < 3600, "occurred_at \(occurredAt) is not about now")
        try await connection.close()
        #expect(try await server.stop() == 0)
    }
}
