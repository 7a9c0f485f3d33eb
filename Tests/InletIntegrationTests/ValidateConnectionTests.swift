import Foundation
import InletTestSupport
import Testing

/// `CREATE CONNECTION … TO KAFKA` validates through the connection's routes, as a data engineer sees it in psql:
/// the seed guide's PrivateLink shape against a three-broker cluster behind one load-balancer listener per
/// broker, the clear error when a broker joins that no rule maps (with the statement that maps it), and that
/// statement making the connection valid again.
@Suite(.serialized) struct ValidateConnectionTests {
    static let service = "com.amazonaws.vpce.us-east-1.vpce-svc-0e123abc123198abc"

    @Test func directConnectionValidatesAndARefusedOneIsNotStored() async throws {
        try await withTansu { tansu in
            let data = try PGServeCommandTests.temporaryDirectory()
            let server = try await PGServeProcess.start(["--data-dir", data])
            defer { Task { try? await server.stop() } }
            let created = try await PGCatalogTests.psql(
                port: server.port, "CREATE CONNECTION direct_conn TO KAFKA (BROKER '\(tansu.bootstrap)');")
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout == "CREATE CONNECTION\n")

            let refusedPort = try FreePort.next()
            let refused = try await PGCatalogTests.psql(
                port: server.port,
                "\\set VERBOSITY verbose\nCREATE CONNECTION dead_conn TO KAFKA (BROKER '127.0.0.1:\(refusedPort)');")
            #expect(refused.status == 3)
            #expect(refused.stderr.contains("08006"), "\(refused.stderr)")
            #expect(refused.stderr.contains("validation of connection dead_conn failed"), "\(refused.stderr)")
            #expect(refused.stderr.contains("127.0.0.1:\(refusedPort)"), "\(refused.stderr)")
            #expect(refused.stderr.contains("VALIDATE = false"), "\(refused.stderr)")

            let listed = try await PGCatalogTests.psql(
                port: server.port, "SELECT name FROM mz_connections ORDER BY name;")
            #expect(listed.stdout == "direct_conn\n", "a connection that failed validation must not be stored")
        }
    }

    @Test func privateLinkListenersPerBrokerAndABrokerThatJoinsLater() async throws {
        try await withTansu { tansu in
            let cluster = try await VirtualCluster.start(brokers: 3, tansu: tansu)
            defer { Task { await cluster.stop() } }
            // The NLB: one TCP listener per broker, as the seed guide's steps 1–4 set it up.
            let frontends = try cluster.initialBrokers.map { try HAProxy.Frontend.tcp("b\($0.id)", to: [$0.listener]) }
            let nlb = try await HAProxy.start(frontends)
            defer { Task { await nlb.stop() } }

            let data = try PGServeCommandTests.temporaryDirectory()
            let server = try await PGServeProcess.start([
                "--data-dir", data, "--privatelink-endpoint", "\(Self.service)=127.0.0.1",
            ])
            defer { Task { try? await server.stop() } }

            let brokers = cluster.initialBrokers.map { broker in
                "'\(broker.advertised)' USING AWS PRIVATELINK pl_conn (PORT \(nlb.port(of: "b\(broker.id)")!))"
            }
            let created = try await PGCatalogTests.psql(
                port: server.port,
                """
                CREATE CONNECTION pl_conn TO AWS PRIVATELINK (
                    SERVICE NAME '\(Self.service)',
                    AVAILABILITY ZONES ('use1-az1', 'use1-az2', 'use1-az3'),
                );
                CREATE CONNECTION kafka_conn TO KAFKA (
                    BROKERS (
                        \(brokers.joined(separator: ",\n            "))
                    )
                );
                """)
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout == "CREATE CONNECTION\nCREATE CONNECTION\n", "\(created.stdout)")

            // Broker 4 joins the cluster; its advertised name is mapped by no rule.
            let joined = try await cluster.addBroker()
            let unmapped = try await PGCatalogTests.psql(port: server.port, "VALIDATE CONNECTION kafka_conn;")
            #expect(unmapped.status != 0)
            #expect(
                unmapped.stderr.contains(
                    "broker \(joined.advertised) (node \(joined.id)) is not mapped by connection kafka_conn"),
                "\(unmapped.stderr)")
            let statementStart = try #require(unmapped.stderr.range(of: "map it with: "))
            var suggested = String(unmapped.stderr[statementStart.upperBound...])
            suggested = String(suggested.prefix { $0 != "\n" })
            #expect(suggested.hasPrefix("ALTER CONNECTION kafka_conn SET (BROKERS ("), "\(suggested)")
            let suggestedPort = try #require(
                suggested.firstMatch(of: /'b-4\.kafka\.internal:9096' USING AWS PRIVATELINK pl_conn \(PORT (\d+)\)/)
            ).output.1

            // The load balancer gets a listener for broker 4 (the advice's port may be taken on this machine, so the
            // test lets the kernel pick one and puts it into the suggested statement), then the one statement runs.
            let b4Listener = try await HAProxy.start([HAProxy.Frontend.tcp("b4", to: [joined.listener])])
            defer { Task { await b4Listener.stop() } }
            let suggestedStatement = try #require(suggested.components(separatedBy: " (after adding").first)
            let statement = suggestedStatement.replacingOccurrences(
                of: "pl_conn (PORT \(suggestedPort))))", with: "pl_conn (PORT \(b4Listener.port(of: "b4")!))))")
            #expect(statement != suggestedStatement)
            let fixed = try await PGCatalogTests.psql(
                port: server.port, "\(statement);\nVALIDATE CONNECTION kafka_conn;")
            #expect(fixed.status == 0, "\(fixed.stderr)")
        }
    }

    /// The seed guide's MSK shape as a data engineer pastes it: SASL_SSL with SCRAM-SHA-512, secrets for the
    /// credentials, one TLS listener per broker whose certificate is valid only for the broker's own name. The
    /// one change to the guide's statement is the CA, since the test CA is not among the system's roots.
    @Test func mskShapeWithSCRAMAndTLSValidatesAndAWrongPasswordIsNamed() async throws {
        try await withTansu { tansu in
            let cluster = try await VirtualCluster.start(
                brokers: 3, tansu: tansu, sasl: .init(mechanisms: [.scramSHA512], users: ["inlet": "msk-secret"]))
            defer { Task { await cluster.stop() } }
            let ca = try await TestCA.create()
            var frontends: [HAProxy.Frontend] = []
            for broker in cluster.initialBrokers {
                let certificate = try await ca.issueServerCertificate(dnsNames: [broker.host])
                frontends.append(try .tls("b\(broker.id)", certificates: [certificate], to: [broker.listener]))
            }
            let nlb = try await HAProxy.start(frontends)
            defer { Task { await nlb.stop() } }

            let data = try PGServeCommandTests.temporaryDirectory()
            let server = try await PGServeProcess.start([
                "--data-dir", data, "--privatelink-endpoint", "\(Self.service)=127.0.0.1",
            ])
            defer { Task { try? await server.stop() } }
            let caPEM = try String(contentsOf: ca.certificate, encoding: .utf8)
            let brokers = cluster.initialBrokers.map { broker in
                "'\(broker.advertised)' USING AWS PRIVATELINK pl_conn (PORT \(nlb.port(of: "b\(broker.id)")!))"
            }.joined(separator: ",\n            ")
            func kafkaConnection(_ name: String, password secret: String) -> String {
                """
                CREATE CONNECTION \(name) TO KAFKA (
                    BROKERS (
                        \(brokers)
                    ),
                    SASL MECHANISMS = 'SCRAM-SHA-512',
                    SASL USERNAME = SECRET msk_sasl_username,
                    SASL PASSWORD = SECRET \(secret),
                    SSL CERTIFICATE AUTHORITY = '\(caPEM)'
                );
                """
            }
            let created = try await PGCatalogTests.psql(
                port: server.port,
                """
                CREATE SECRET msk_sasl_username AS 'inlet';
                CREATE SECRET msk_sasl_password AS 'msk-secret';
                CREATE SECRET wrong_password AS 'not-the-password';
                CREATE CONNECTION pl_conn TO AWS PRIVATELINK (
                    SERVICE NAME '\(Self.service)',
                    AVAILABILITY ZONES ('use1-az1', 'use1-az2', 'use1-az3'),
                );
                \(kafkaConnection("kafka_conn", password: "msk_sasl_password"))
                """)
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.hasSuffix("CREATE CONNECTION\nCREATE CONNECTION\n"), "\(created.stdout)")

            let refused = try await PGCatalogTests.psql(
                port: server.port, kafkaConnection("bad_password_conn", password: "wrong_password"))
            #expect(refused.status == 3)
            #expect(refused.stderr.contains("validation of connection bad_password_conn failed"), "\(refused.stderr)")
            #expect(
                refused.stderr.contains(
                    "SASL SCRAM-SHA-512 authentication as inlet failed at broker b-1.kafka.internal:9096"),
                "\(refused.stderr)")
            #expect(!refused.stderr.contains("not-the-password"), "a secret must never appear in an error")
        }
    }
}
