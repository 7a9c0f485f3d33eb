import Testing

@testable import KafkaClient

@Suite struct SASLClientTests {
    private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func scramSHA1FollowsRFC5802Vector() throws {
        var client = SASLClient(
            configuration: .init(mechanism: KafkaSASLMechanism(.scramSHA1), username: "user", password: "pencil"),
            clientNonce: "fyko+d2lbbFgONRv9qkxdawL")
        #expect(client.start() == bytes("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"))
        let final = try client.receive(bytes("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"))
        #expect(
            final
                == .send(bytes("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=")))
        #expect(try client.receive(bytes("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=")) == .done)
        #expect(client.isComplete)
    }

    @Test func scramSHA256FollowsRFC7677Vector() throws {
        var client = SASLClient(
            configuration: .init(mechanism: .scramSHA256, username: "user", password: "pencil"),
            clientNonce: "rOprNGfwEbeRWgbNEkqO")
        #expect(client.start() == bytes("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"))
        let serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
        #expect(
            try client.receive(bytes(serverFirst))
                == .send(
                    bytes(
                        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")))
        #expect(try client.receive(bytes("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")) == .done)
    }

    @Test func scramRejectsAForgedServerSignature() throws {
        var client = SASLClient(
            configuration: .init(mechanism: .scramSHA256, username: "user", password: "wrong"),
            clientNonce: "rOprNGfwEbeRWgbNEkqO")
        _ = client.start()
        _ = try client.receive(
            bytes("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"))
        #expect(throws: KafkaClientError.self) {
            try client.receive(bytes("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))
        }
        #expect(!client.isComplete)
    }

    @Test func scramReportsServerErrorsWithoutThePassword() throws {
        var client = SASLClient(
            configuration: .init(mechanism: .scramSHA512, username: "alice", password: "s3cret"), clientNonce: "abc")
        _ = client.start()
        let error = #expect(throws: KafkaClientError.self) { try client.receive(self.bytes("e=unknown-user")) }
        #expect(error?.code == .sasl)
        #expect(error?.message.contains("alice") == true)
        #expect(error?.message.contains("s3cret") == false)
    }

    @Test func scramRefusesANonceThatDoesNotExtendOurs() {
        var client = SASLClient(
            configuration: .init(mechanism: .scramSHA512, username: "u", password: "p"), clientNonce: "abc")
        _ = client.start()
        #expect(throws: KafkaClientError.self) { try client.receive(self.bytes("r=xyz123,s=QSXCR+Q6sek8bf92,i=4096")) }
    }

    @Test func scramEscapesUserNames() {
        var client = SASLClient(
            configuration: .init(mechanism: .scramSHA512, username: "a=b,c", password: "p"), clientNonce: "n0")
        #expect(client.start() == bytes("n,,n=a=3Db=2Cc,r=n0"))
    }

    @Test func plainSendsAuthzidUserAndPassword() throws {
        var client = SASLClient(configuration: .init(mechanism: .plain, username: "alice", password: "pw"))
        #expect(client.start() == [0] + bytes("alice") + [0] + bytes("pw"))
        #expect(try client.receive([]) == .done)
        #expect(client.isComplete)
    }

    @Test func mechanismNamesParse() {
        #expect(KafkaSASLMechanism(name: "scram-sha-512") == .scramSHA512)
        #expect(KafkaSASLMechanism(name: "PLAIN") == .plain)
        #expect(KafkaSASLMechanism(name: "GSSAPI") == nil)
        #expect(
            !KafkaSASLConfiguration(mechanism: .plain, username: "u", password: "hunter2").description
                .contains("hunter2"))
    }
}
