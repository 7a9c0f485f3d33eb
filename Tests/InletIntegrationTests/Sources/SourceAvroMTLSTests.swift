import Foundation
import InletTestSupport
import Testing

/// A schema registry that requires a client certificate (the fixture serving https with a client CA, certificates
/// made by `TestCA`): `SSL CERTIFICATE` and `SSL KEY = SECRET s` reach it, as confluent-kafka's serializer does
/// with its own client certificate; without one, or with one another CA signed, VALIDATE CONNECTION and CREATE
/// SOURCE fail saying so. The key's text never appears in an error or in SHOW CREATE.
@Suite(.timeLimit(.minutes(3))) struct SourceAvroMTLSTests {
    static let schema = """
        {"type": "record", "name": "Reading", "fields": [
          {"name": "sensor", "type": "string"}, {"name": "value", "type": "double"}]}
        """

    @Test func clientCertificateIsPresentedAndItsAbsenceIsNamed() async throws {
        let ca = try await TestCA.create()
        let server = try await ca.issueServerCertificate(dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"])
        let client = try await ca.issueClientCertificate(commonName: "inlet")
        let stranger = try await TestCA.create(name: "Another CA").issueClientCertificate(commonName: "inlet")
        try await withTansu { tansu in
            let registry = try await SchemaRegistryFixture.start(
                tls: .init(server: server, clientCA: ca.certificate))
            let bed = try await SourceTestBed.start()
            do {
                try await Self.run(
                    bed: bed, tansu: tansu, registry: registry, ca: ca, client: client, stranger: stranger)
            } catch {
                try? await bed.stop()
                await registry.stop()
                throw error
            }
            try await bed.stop()
            await registry.stop()
        }
    }

    private static func run(
        bed: SourceTestBed, tansu: Tansu, registry: SchemaRegistryFixture, ca: TestCA, client: CertificateFiles,
        stranger: CertificateFiles
    ) async throws {
        let caPEM = try String(contentsOf: ca.certificate, encoding: .utf8)
        let certificatePEM = try String(contentsOf: client.certificate, encoding: .utf8)
        let keyPEM = try String(contentsOf: client.key, encoding: .utf8)
        let strangerKey = try String(contentsOf: stranger.key, encoding: .utf8)
        // A line of each key's base64 body: none may show up anywhere.
        let secrets = [keyPEM, strangerKey].map { pem in
            pem.split(separator: "\n").first { !$0.hasPrefix("-----") }.map(String.init) ?? pem
        }
        func expectNoKey(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
            for secret in secrets {
                #expect(!text.contains(secret), "a client key leaked: \(text)", sourceLocation: sourceLocation)
            }
            #expect(!text.contains("PRIVATE KEY"), "\(text)", sourceLocation: sourceLocation)
        }

        // confluent-kafka's serializer registers through the same mTLS registry with its own client certificate.
        let peer = AvroProducerPeer(
            bootstrap: tansu.bootstrap, registry: registry.url, registryCA: ca.certificate, registryClient: client)
        try await peer.produce(
            (1...3).map { .avro(schema, "{\"sensor\": \"s\($0)\", \"value\": \($0).25}") }, topic: "secure",
            createPartitions: 1)

        try await bed.sql(
            """
            CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
            CREATE SECRET csr_key AS '\(keyPEM)';
            CREATE SECRET stranger_key AS '\(strangerKey)';
            CREATE CONNECTION csr TO CONFLUENT SCHEMA REGISTRY (
                URL '\(registry.url)', SSL CERTIFICATE AUTHORITY = '\(caPEM)',
                SSL CERTIFICATE = '\(certificatePEM)', SSL KEY = SECRET csr_key);
            VALIDATE CONNECTION csr;
            CREATE SOURCE secure FROM KAFKA CONNECTION kafka_conn (TOPIC 'secure')
                FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr;
            """)
        try await bed.waitFor("SELECT count(*) FROM secure;", toBe: "3\n")
        #expect(
            try await bed.rows("SELECT sensor, value FROM secure ORDER BY sensor;")
                == [["s1", "1.25"], ["s2", "2.25"], ["s3", "3.25"]])
        let shown = try await bed.rows("SHOW CREATE CONNECTION csr;").first?[1] ?? ""
        #expect(shown.contains("SSL KEY = SECRET csr_key"), "\(shown)")
        expectNoKey(shown)
        expectNoKey(try await bed.sql("SELECT * FROM mz_connections;"))

        // No client certificate: refused at creation, by VALIDATE CONNECTION, and by CREATE SOURCE, naming the fix.
        let missing = try await bed.failingSQL(
            """
            CREATE CONNECTION csr_anonymous TO CONFLUENT SCHEMA REGISTRY (
                URL '\(registry.url)', SSL CERTIFICATE AUTHORITY = '\(caPEM)');
            """)
        #expect(missing.contains("08001") && missing.contains("requires a client certificate"), "\(missing)")
        #expect(missing.contains("SSL CERTIFICATE") && missing.contains("SSL KEY = SECRET"), "\(missing)")
        try await bed.sql(
            """
            CREATE CONNECTION csr_anonymous TO CONFLUENT SCHEMA REGISTRY (
                URL '\(registry.url)', SSL CERTIFICATE AUTHORITY = '\(caPEM)') WITH (VALIDATE = false);
            """)
        let validate = try await bed.failingSQL("VALIDATE CONNECTION csr_anonymous;")
        #expect(validate.contains("08001") && validate.contains("requires a client certificate"), "\(validate)")
        let source = try await bed.failingSQL(
            """
            CREATE SOURCE anonymous FROM KAFKA CONNECTION kafka_conn (TOPIC 'secure')
                FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr_anonymous;
            """)
        #expect(source.contains("08001") && source.contains("requires a client certificate"), "\(source)")
        #expect(try await bed.rows("SELECT count(*) FROM mz_sources WHERE name = 'anonymous';") == [["0"]])

        // A certificate the registry's client CA did not sign.
        let foreign = try await bed.failingSQL(
            """
            CREATE CONNECTION csr_stranger TO CONFLUENT SCHEMA REGISTRY (
                URL '\(registry.url)', SSL CERTIFICATE AUTHORITY = '\(caPEM)',
                SSL CERTIFICATE = '\(try String(contentsOf: stranger.certificate, encoding: .utf8))',
                SSL KEY = SECRET stranger_key);
            """)
        #expect(foreign.contains("08001") && foreign.contains("did not accept the connection's client"), "\(foreign)")
        for text in [missing, validate, source, foreign] { expectNoKey(text) }

        // After a restart, a new writer's schema is fetched at run time through the connection's certificate.
        try await bed.restart()
        let evolved = """
            {"type": "record", "name": "Reading", "fields": [
              {"name": "sensor", "type": "string"}, {"name": "value", "type": "double"},
              {"name": "unit", "type": "string", "default": "C"}]}
            """
        try await peer.produce(
            [.avro(evolved, "{\"sensor\": \"s4\", \"value\": 4.25, \"unit\": \"K\"}")], topic: "secure")
        try await bed.waitFor("SELECT count(*) FROM secure;", toBe: "4\n")
        #expect(try await bed.rows("SELECT value FROM secure WHERE sensor = 's4';") == [["4.25"]])
        #expect(try await bed.sql("SELECT count(*) FROM secure_errors;") == "0\n")
    }
}
