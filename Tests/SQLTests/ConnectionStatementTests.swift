import Testing

@testable import SQL

@Suite struct ConnectionStatementTests {
    private func create(_ sql: String) throws -> CreateConnection {
        guard case .createConnection(let create) = try Parser.parseOne(sql).statement else {
            throw SQLError.internal("not a CREATE CONNECTION")
        }
        return create
    }

    private func plan(_ sql: String) throws -> ConnectionDefinition {
        let create = try create(sql)
        return try ConnectionDefinition.plan(type: create.type, options: create.options)
    }

    @Test func theSeedGuidesPrivateLinkStatementWithItsTrailingComma() throws {
        let sql = """
            CREATE CONNECTION privatelink_svc TO AWS PRIVATELINK (
                SERVICE NAME 'com.amazonaws.vpce.us-east-1.vpce-svc-0e123abc123198abc',
                AVAILABILITY ZONES ('use1-az1', 'use1-az2', 'use1-az3'),
            );
            """
        #expect(
            try plan(sql)
                == .awsPrivateLink(
                    PrivateLinkConnectionDefinition(
                        serviceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0e123abc123198abc",
                        availabilityZones: ["use1-az1", "use1-az2", "use1-az3"])))
        #expect(try create(sql).validate == nil)
    }

    @Test func theSeedGuidesKafkaStatementWithComments() throws {
        let sql = """
            CREATE CONNECTION kafka_connection TO KAFKA (
                BROKERS (
                    'b-1.hostname-1:9096' USING AWS PRIVATELINK privatelink_svc (PORT 9001),
                    'b-2.hostname-2:9096' USING AWS PRIVATELINK privatelink_svc (PORT 9002),
                    'b-3.hostname-3:9096' USING AWS PRIVATELINK privatelink_svc (PORT 9003)
                ),
                -- Authentication details
                -- Depending on the authentication method your MSK cluster is using
                SASL MECHANISMS = 'SCRAM-SHA-512',
                SASL USERNAME = SECRET msk_sasl_username,
                SASL PASSWORD = SECRET msk_sasl_password
            );
            """
        let expected = KafkaConnectionDefinition(
            brokers: (1...3).map {
                KafkaBrokerRule(
                    host: "b-\($0).hostname-\($0)", port: 9096,
                    route: .privateLink(connection: "privatelink_svc", port: 9000 + $0, availabilityZone: nil))
            },
            saslMechanism: "SCRAM-SHA-512", saslUsername: .secret("msk_sasl_username"),
            saslPassword: "msk_sasl_password")
        #expect(try plan(sql) == .kafka(expected))
        #expect(expected.effectiveSecurityProtocol == "SASL_SSL")
        #expect(expected.referencedSecrets == ["msk_sasl_username", "msk_sasl_password"])
        #expect(expected.referencedConnections.map(\.name) == ["privatelink_svc"])
    }

    @Test func sshTunnel() throws {
        #expect(
            try plan("CREATE CONNECTION ssh TO SSH TUNNEL (HOST 'bastion', PORT 2222, USER 'inlet')")
                == .sshTunnel(SSHTunnelConnectionDefinition(host: "bastion", port: 2222, user: "inlet")))
        #expect(
            try plan("create connection ssh to ssh tunnel (host = 'bastion', user = 'u')")
                == .sshTunnel(SSHTunnelConnectionDefinition(host: "bastion", port: 22, user: "u")))
    }

    @Test func everyKafkaOption() throws {
        let sql = """
            CREATE CONNECTION IF NOT EXISTS k TO KAFKA (
                BROKERS (
                    'b-1.internal:9092' USING AWS PRIVATELINK pl (PORT 9001, AVAILABILITY ZONE 'use1-az1'),
                    'b-2.internal:9092' USING SSH TUNNEL t,
                    'b-3.internal:9092',
                    MATCHING '*.other:9092' USING SSH TUNNEL t,
                    MATCHING '*.msk.internal:9096' USING AWS PRIVATELINK pl
                ),
                AWS PRIVATELINK pl (PORT 9100),
                SECURITY PROTOCOL SASL_SSL,
                SASL MECHANISMS 'scram-sha-256',
                SASL USERNAME 'user',
                SASL PASSWORD SECRET pw,
                SSL CERTIFICATE AUTHORITY = SECRET ca,
                SSL CERTIFICATE = '-----BEGIN CERTIFICATE-----',
                SSL KEY = SECRET key,
                PROGRESS TOPIC 'progress'
            ) WITH (VALIDATE = false)
            """
        let parsed = try create(sql)
        #expect(parsed.ifNotExists)
        #expect(parsed.validate == false)
        #expect(
            try plan(sql)
                == .kafka(
                    KafkaConnectionDefinition(
                        brokers: [
                            KafkaBrokerRule(
                                host: "b-1.internal", port: 9092,
                                route: .privateLink(connection: "pl", port: 9001, availabilityZone: "use1-az1")),
                            KafkaBrokerRule(host: "b-2.internal", port: 9092, route: .sshTunnel(connection: "t")),
                            KafkaBrokerRule(host: "b-3.internal", port: 9092, route: .direct),
                        ],
                        matching: [
                            KafkaMatchingRule(pattern: "*.other:9092", route: .sshTunnel(connection: "t")),
                            KafkaMatchingRule(
                                pattern: "*.msk.internal:9096",
                                route: .privateLink(connection: "pl", port: nil, availabilityZone: nil)),
                        ],
                        defaultRoute: .privateLink(connection: "pl", port: 9100, availabilityZone: nil),
                        securityProtocol: "SASL_SSL", saslMechanism: "SCRAM-SHA-256", saslUsername: .text("user"),
                        saslPassword: "pw",
                        sslCertificateAuthority: .secret("ca"), sslCertificate: .text("-----BEGIN CERTIFICATE-----"),
                        sslKey: "key",
                        progressTopic: "progress")))
    }

    @Test func singleBrokerForms() throws {
        #expect(
            try plan("CREATE CONNECTION k TO KAFKA (BROKER 'localhost:9092') WITH (VALIDATE false)")
                == .kafka(
                    KafkaConnectionDefinition(brokers: [KafkaBrokerRule(host: "localhost", port: 9092, route: .direct)])
                ))
        #expect(
            try plan("CREATE CONNECTION k TO KAFKA (BROKER 'b:9093' USING SSH TUNNEL t)")
                == .kafka(
                    KafkaConnectionDefinition(brokers: [
                        KafkaBrokerRule(host: "b", port: 9093, route: .sshTunnel(connection: "t"))
                    ])))
        #expect(
            try plan("CREATE CONNECTION k TO KAFKA (SSH TUNNEL t, BROKER 'b')")
                == .kafka(
                    KafkaConnectionDefinition(
                        brokers: [KafkaBrokerRule(host: "b", port: 9092, route: .direct)],
                        defaultRoute: .sshTunnel(connection: "t"))))
        #expect(
            try plan("CREATE CONNECTION k TO KAFKA (AWS PRIVATELINK pl (PORT 9092))")
                == .kafka(
                    KafkaConnectionDefinition(
                        defaultRoute: .privateLink(connection: "pl", port: 9092, availabilityZone: nil))))
    }

    @Test func otherConnectionStatements() throws {
        #expect(try Parser.parseOne("VALIDATE CONNECTION k").statement == .validateConnection(name: "k"))
        #expect(
            try Parser.parseOne("ALTER CONNECTION ssh ROTATE KEYS").statement
                == .alterConnection(name: "ssh", action: .rotateKeys))
        #expect(
            try Parser.parseOne("ALTER CONNECTION IF EXISTS ssh ROTATE KEYS").statement
                == .alterConnection(name: "ssh", action: .rotateKeys, ifExists: true))
        #expect(
            try Parser.parseOne("ALTER CONNECTION k SET (BROKER = 'x:1') WITH (VALIDATE = false)").statement
                == .alterConnection(
                    name: "k", action: .set([ConnectionOption(name: "BROKER", value: .string("x:1"))], validate: false))
        )
        #expect(
            try Parser.parseOne("ALTER CONNECTION k DROP (PROGRESS TOPIC, SSL CERTIFICATE AUTHORITY)").statement
                == .alterConnection(
                    name: "k", action: .drop(["PROGRESS TOPIC", "SSL CERTIFICATE AUTHORITY"], validate: nil)))
        #expect(
            try Parser.parseOne("DROP CONNECTION IF EXISTS k CASCADE").statement
                == .dropConnection(DropObjects(names: ["k"], ifExists: true, cascade: true)))
        #expect(try Parser.parseOne("SHOW CONNECTIONS").statement == .showConnections(like: nil))
        #expect(try Parser.parseOne("SHOW CONNECTIONS LIKE 'k%'").statement == .showConnections(like: "k%"))
        #expect(try Parser.parseOne("SHOW CREATE CONNECTION \"K\"").statement == .showCreateConnection(name: "K"))
    }

    @Test func syntaxErrorsNameTheProblemAndPosition() {
        #expect(
            syntaxFailure("CREATE CONNECTION k TO KAFKA (BROKER 'b:1', FOO BAR = 1)")
                == "unknown KAFKA connection option FOO BAR; expected one of: BROKER, BROKERS, AWS PRIVATELINK, "
                + "SSH TUNNEL, SECURITY PROTOCOL, SASL MECHANISMS, SASL USERNAME, SASL PASSWORD, "
                + "SSL CERTIFICATE AUTHORITY, SSL CERTIFICATE, SSL KEY, PROGRESS TOPIC, AWS CONNECTION @45")
        #expect(
            syntaxFailure("CREATE CONNECTION k TO KAFKA (BROKER 'a:1', BROKER 'b:1')")
                == "option BROKER is given more than once; keep one" + " @45")
        #expect(
            syntaxFailure("CREATE CONNECTION k TO POSTGRES (HOST 'x')")
                == "expected a connection type: AWS, AWS PRIVATELINK, SSH TUNNEL, KAFKA or CONFLUENT SCHEMA REGISTRY, "
                + "found "
                + "POSTGRES @24")
        #expect(
            syntaxFailure("CREATE CONNECTION k TO KAFKA (BROKERS ('a:1' USING KAFKA x))")
                == "expected AWS PRIVATELINK or SSH TUNNEL after USING, found KAFKA" + " @52")
        #expect(
            syntaxFailure("CREATE CONNECTION k TO KAFKA (BROKER 'a:1'") == "expected \")\", found end of input" + " @43"
        )
    }

    @Test func planningErrorsForBadValues() {
        func planError(_ sql: String) -> SQLError? {
            do {
                _ = try plan(sql)
                return nil
            } catch {
                return error as? SQLError
            }
        }
        // A secret where text is required, and the reverse.
        #expect(
            planError("CREATE CONNECTION p TO AWS PRIVATELINK (SERVICE NAME SECRET s)")?.message
                == "SERVICE NAME takes text, not a secret reference; write SERVICE NAME 'com.amazonaws.vpce.us-east-1.vpce-svc-0123'"
        )
        #expect(
            planError(
                "CREATE CONNECTION k TO KAFKA (BROKER 'b:1', SASL MECHANISMS 'PLAIN', SASL USERNAME 'u', SASL PASSWORD 'pw')"
            )?
            .message.hasPrefix("SASL PASSWORD must be a secret, not a string") == true)
        // Wrong type and range.
        #expect(
            planError("CREATE CONNECTION s TO SSH TUNNEL (HOST 'h', PORT 'twenty-two', USER 'u')")?.sqlState == "22023")
        #expect(
            planError("CREATE CONNECTION s TO SSH TUNNEL (HOST 'h', PORT 70000, USER 'u')")?.message
                == "PORT must be between 1 and 65535, not 70000")
        // Missing required options.
        #expect(
            planError("CREATE CONNECTION s TO SSH TUNNEL (HOST 'h')")?.message
                == "SSH TUNNEL connection requires USER; add USER 'inlet'")
        #expect(
            planError("CREATE CONNECTION k TO KAFKA (SASL MECHANISMS 'PLAIN')")?.message.hasPrefix(
                "KAFKA connection requires BROKER or BROKERS") == true)
        #expect(
            planError("CREATE CONNECTION k TO KAFKA (BROKER 'b:1', SASL MECHANISMS 'PLAIN')")?.message.hasPrefix(
                "KAFKA connection requires SASL USERNAME") == true)
        // Options of another connection type.
        #expect(planError("CREATE CONNECTION k TO KAFKA (BROKER 'b:1', HOST 'h')")?.sqlState == "42601")
        // Bad values.
        #expect(
            planError("CREATE CONNECTION k TO KAFKA (BROKER 'b:1', SECURITY PROTOCOL 'TLS')")?.message
                == "SECURITY PROTOCOL must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL, not 'TLS'")
        #expect(
            planError("CREATE CONNECTION k TO KAFKA (BROKERS ('a:1', 'A:1'))")?.message
                == "broker 'A:1' is listed twice; list each broker once")
        #expect(
            planError("CREATE CONNECTION k TO KAFKA (BROKERS ('a:1', MATCHING 'b*c' USING SSH TUNNEL t))")?.sqlState
                == "22023")
        #expect(planError("CREATE CONNECTION k TO KAFKA (BROKER 'b:port')")?.sqlState == "22023")
    }

    @Test func createSQLRoundTrips() throws {
        let sql = """
            CREATE CONNECTION k TO KAFKA (BROKERS ('b-1:9096' USING AWS PRIVATELINK pl (PORT 9001, AVAILABILITY ZONE 'use1-az1'),
            MATCHING 'b-*' USING SSH TUNNEL t), SASL MECHANISMS = 'PLAIN', SASL USERNAME = 'o''brien', SASL PASSWORD = SECRET "Pw")
            """
        let parsed = try create(sql)
        let printed = SQLText.createConnection(name: parsed.name, type: parsed.type, options: parsed.options)
        #expect(
            printed == "CREATE CONNECTION k TO KAFKA (BROKERS ('b-1:9096' USING AWS PRIVATELINK pl (PORT = 9001, "
                + "AVAILABILITY ZONE = 'use1-az1'), MATCHING 'b-*' USING SSH TUNNEL t), SASL MECHANISMS = 'PLAIN', "
                + "SASL USERNAME = 'o''brien', SASL PASSWORD = SECRET \"Pw\")")
        #expect(try create(printed).options == parsed.options)
    }
}
