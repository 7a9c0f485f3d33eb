import Testing

@testable import SQL

@Suite struct SecretStatementTests {
    private func parse(_ sql: String) throws -> Statement {
        try Parser.parseOne(sql).statement
    }

    @Test func createSecretForms() throws {
        #expect(
            try parse("CREATE SECRET kafka_password AS 'pw'")
                == .createSecret(
                    CreateSecret(
                        name: "kafka_password", ifNotExists: false, value: SecretValue(bytes: Array("pw".utf8)))))
        #expect(
            try parse("create secret if not exists \"Mixed\" as 'pw';")
                == .createSecret(
                    CreateSecret(name: "Mixed", ifNotExists: true, value: SecretValue(bytes: Array("pw".utf8)))))
        #expect(
            try parse("CREATE SECRET s AS decode('aGVsbG8=', 'base64')")
                == .createSecret(
                    CreateSecret(name: "s", ifNotExists: false, value: SecretValue(bytes: Array("hello".utf8)))))
        #expect(
            try parse("CREATE SECRET s AS decode('00ff', 'hex')")
                == .createSecret(CreateSecret(name: "s", ifNotExists: false, value: SecretValue(bytes: [0, 255]))))
        #expect(
            try parse("CREATE SECRET materialize.public.s AS 'x'::bytea")
                == .createSecret(
                    CreateSecret(name: "s", ifNotExists: false, value: SecretValue(bytes: Array("x".utf8)))))
    }

    @Test func alterDropAndShowSecrets() throws {
        #expect(
            try parse("ALTER SECRET s AS 'new'")
                == .alterSecret(name: "s", value: SecretValue(bytes: Array("new".utf8))))
        #expect(
            try parse("ALTER SECRET IF EXISTS s AS 'new'")
                == .alterSecret(name: "s", value: SecretValue(bytes: Array("new".utf8)), ifExists: true))
        #expect(try parse("DROP SECRET s") == .dropSecret(DropObjects(names: ["s"], ifExists: false, cascade: false)))
        #expect(
            try parse("DROP SECRET IF EXISTS a, b CASCADE")
                == .dropSecret(DropObjects(names: ["a", "b"], ifExists: true, cascade: true)))
        #expect(try parse("SHOW SECRETS") == .showSecrets(like: nil))
        #expect(try parse("SHOW SECRETS FROM public LIKE 'msk\\_%'") == .showSecrets(like: "msk\\_%"))
    }

    @Test func errorsSayWhatWasExpectedWhere() {
        #expect(syntaxFailure("CREATE SECRET s 'x'") == "expected AS, found a string literal" + " @17")
        #expect(syntaxFailure("CREATE SECRET AS 'x'") == "expected a secret name, found AS" + " @15")
        #expect(
            throws: SQLError(
                sqlState: "22023", message: "the value given to decode is not valid base64; check its encoding",
                position: 27)
        ) {
            try Parser.parse("CREATE SECRET s AS decode('!!', 'base64')")
        }
        #expect(
            syntaxFailure("CREATE SECRET s AS decode('ab', 'rot13')")
                == "unknown encoding 'rot13' in decode; use 'base64', 'hex' or 'escape'" + " @33")
    }

    @Test func valuesNeverShowInDescriptions() throws {
        let statement = try parse("CREATE SECRET s AS 'hunter2'")
        #expect(!"\(statement)".contains("hunter2"))
        let error = #expect(throws: SQLError.self) { try Parser.parse("CREATE SECRET s AS 'hunter2' junk") }
        #expect(error.map { !"\($0)".contains("hunter2") } == true)
    }
}
