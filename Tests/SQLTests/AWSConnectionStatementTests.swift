import Testing

@testable import SQL

/// `CREATE CONNECTION … TO AWS (…)` and KAFKA's `AWS CONNECTION = name`, in Materialize's syntax, parsed and
/// planned.
@Suite struct AWSConnectionStatementTests {
    private func plan(_ sql: String) throws -> ConnectionDefinition {
        guard case .createConnection(let create) = try Parser.parseOne(sql).statement else {
            throw SQLError.internal("not a CREATE CONNECTION")
        }
        return try ConnectionDefinition.plan(type: create.type, options: create.options)
    }

    private func failure(_ sql: String) -> SQLError? {
        do {
            _ = try plan(sql)
            return nil
        } catch let error as SQLError {
            return error
        } catch {
            return SQLError.internal("\(error)")
        }
    }

    @Test func materializesDocumentedForms() throws {
        let keys = try plan(
            """
            CREATE CONNECTION aws_conn TO AWS (
                ACCESS KEY ID = 'AKIAEXAMPLE',
                SECRET ACCESS KEY = SECRET aws_secret,
                SESSION TOKEN = SECRET aws_token,
                REGION = 'us-east-1'
            );
            """)
        #expect(
            keys
                == .aws(
                    AWSConnectionDefinition(
                        accessKeyID: .text("AKIAEXAMPLE"), secretAccessKey: "aws_secret",
                        sessionToken: .secret("aws_token"), region: "us-east-1")))
        #expect(keys.type == .aws && keys.type.rawValue == "aws")
        #expect(keys.referencedSecrets == ["aws_secret", "aws_token"])

        guard
            case .aws(let role) = try plan(
                """
                CREATE CONNECTION aws_role TO AWS (
                    ACCESS KEY ID = SECRET key_id, SECRET ACCESS KEY = SECRET key,
                    ASSUME ROLE ARN = 'arn:aws:iam::400121260767:role/MaterializeMSK',
                    ASSUME ROLE SESSION NAME = 'inlet', REGION = 'eu-west-1', ENDPOINT = 'http://127.0.0.1:5000'
                )
                """)
        else {
            Issue.record("not an AWS connection")
            return
        }
        #expect(role.accessKeyID == .secret("key_id"))
        #expect(role.assumeRoleARN == "arn:aws:iam::400121260767:role/MaterializeMSK")
        #expect(role.assumeRoleSessionName == "inlet" && role.region == "eu-west-1")
        #expect(role.endpoint == "http://127.0.0.1:5000")
    }

    /// Materialize's role-assumption form: no keys, the server's own identity assumes the role.
    @Test func aRoleAloneIsEnough() throws {
        guard
            case .aws(let role) = try plan(
                "CREATE CONNECTION aws_msk TO AWS (ASSUME ROLE ARN = 'arn:aws:iam::123456789012:role/msk', REGION = 'us-east-1')"
            )
        else {
            Issue.record("not an AWS connection")
            return
        }
        #expect(role.accessKeyID == nil && role.secretAccessKey == nil)
        #expect(role.referencedSecrets.isEmpty)
    }

    @Test func awsPrivateLinkIsStillItsOwnType() throws {
        guard case .awsPrivateLink = try plan("CREATE CONNECTION pl TO AWS PRIVATELINK (SERVICE NAME 'svc')") else {
            Issue.record("AWS PRIVATELINK parsed as something else")
            return
        }
    }

    @Test func badOptionsSayWhatToWrite() {
        let inline = failure(
            "CREATE CONNECTION a TO AWS (ACCESS KEY ID = 'AKIA', SECRET ACCESS KEY = 'plain', REGION = 'us-east-1')")
        #expect(inline?.sqlState == "22023")
        #expect(inline?.message.contains("SECRET ACCESS KEY = SECRET name") == true)
        #expect(inline?.message.contains("plain") == false)
        let noRegion = failure("CREATE CONNECTION a TO AWS (ACCESS KEY ID = 'AKIA', SECRET ACCESS KEY = SECRET s)")
        #expect(noRegion?.message.contains("REGION") == true)
        let noKey = failure("CREATE CONNECTION a TO AWS (SECRET ACCESS KEY = SECRET s, REGION = 'us-east-1')")
        #expect(noKey?.message.contains("ACCESS KEY ID") == true)
        let noSecret = failure("CREATE CONNECTION a TO AWS (ACCESS KEY ID = 'AKIA', REGION = 'us-east-1')")
        #expect(noSecret?.message.contains("SECRET ACCESS KEY") == true)
        let nothing = failure("CREATE CONNECTION a TO AWS (REGION = 'us-east-1')")
        #expect(nothing?.message.contains("ASSUME ROLE ARN") == true)
        let sessionOnly = failure(
            """
            CREATE CONNECTION a TO AWS (ACCESS KEY ID = 'AKIA', SECRET ACCESS KEY = SECRET s,
                ASSUME ROLE SESSION NAME = 'x', REGION = 'us-east-1')
            """)
        #expect(sessionOnly?.message.contains("ASSUME ROLE ARN") == true)
        let notARN = failure(
            """
            CREATE CONNECTION a TO AWS (ACCESS KEY ID = 'AKIA', SECRET ACCESS KEY = SECRET s,
                ASSUME ROLE ARN = 'MaterializeMSK', REGION = 'us-east-1')
            """)
        #expect(notARN?.message.contains("arn:aws:iam::") == true)
        let unknown = syntaxFailure("CREATE CONNECTION a TO AWS (ACCESS KEY 'x')")
        #expect(unknown?.contains("ACCESS KEY ID") == true)
    }

    @Test func kafkaNamesTheAWSConnection() throws {
        guard
            case .kafka(let kafka) = try plan(
                """
                CREATE CONNECTION kafka_msk TO KAFKA (
                    BROKER 'b-1.msk.us-east-1.amazonaws.com:9098',
                    SECURITY PROTOCOL = 'SASL_SSL',
                    AWS CONNECTION = aws_conn
                )
                """)
        else {
            Issue.record("not a KAFKA connection")
            return
        }
        #expect(kafka.awsConnection == "aws_conn")
        #expect(kafka.effectiveSecurityProtocol == "SASL_SSL")
        #expect(kafka.referencedConnections.map(\.name) == ["aws_conn"])
        #expect(kafka.referencedConnections.map(\.type) == [.aws])

        guard case .kafka(let implicit) = try plan("CREATE CONNECTION k TO KAFKA (BROKER 'b:9098', AWS CONNECTION a)")
        else { return }
        #expect(implicit.effectiveSecurityProtocol == "SASL_SSL")
    }

    @Test func awsConnectionExcludesPasswordsAndPlaintext() {
        let both = failure(
            """
            CREATE CONNECTION k TO KAFKA (BROKER 'b:9098', AWS CONNECTION = a, SASL MECHANISMS = 'PLAIN',
                SASL USERNAME = 'u', SASL PASSWORD = SECRET p)
            """)
        #expect(both?.message.contains("drop SASL MECHANISMS") == true)
        let plaintext = failure(
            "CREATE CONNECTION k TO KAFKA (BROKER 'b:9098', AWS CONNECTION = a, SECURITY PROTOCOL = 'SSL')")
        #expect(plaintext?.message.contains("SASL_SSL") == true)
    }

    @Test func createSQLNamesSecretsOnly() throws {
        guard
            case .createConnection(let create) = try Parser.parseOne(
                "CREATE CONNECTION a TO AWS (ACCESS KEY ID = 'AKIA', SECRET ACCESS KEY = SECRET s, REGION = 'us-east-1')"
            ).statement
        else { return }
        let text = SQLText.createConnection(name: create.name, type: create.type, options: create.options)
        #expect(
            text.contains("TO AWS (ACCESS KEY ID = 'AKIA', SECRET ACCESS KEY = SECRET s, REGION = 'us-east-1')"))
        guard case .createConnection(let again) = try Parser.parseOne(text).statement else { return }
        #expect(again.options == create.options)
    }
}
