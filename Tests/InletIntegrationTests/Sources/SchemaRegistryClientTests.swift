import Foundation
import InletTestSupport
import KafkaClient
import SchemaRegistry
import Testing

/// Inlet's registry client against the registry fixture, with schemas registered by confluent-kafka's own
/// `AvroSerializer`: what it asks, what it caches, and how each failure reads.
@Suite(.timeLimit(.minutes(2))) struct SchemaRegistryClientTests {
    static let schema = "{\"type\": \"record\", \"name\": \"R\", \"fields\": [{\"name\": \"a\", \"type\": \"int\"}]}"

    static func client(_ registry: SchemaRegistryFixture, user: String? = "alice", password: String? = "s3cret")
        throws -> SchemaRegistryClient
    {
        try SchemaRegistryClient(
            configuration: SchemaRegistryConfiguration(
                scheme: "http", host: "127.0.0.1", port: registry.port, username: user, password: password,
                requestTimeout: .seconds(5)))
    }

    @Test func latestVersionSchemaByIdAndTheCache() async throws {
        try await withTansu { tansu in
            let registry = try await SchemaRegistryFixture.start(user: "alice:s3cret")
            do {
                let peer = AvroProducerPeer(bootstrap: tansu.bootstrap, registry: registry.url, user: "alice:s3cret")
                let ids = try await peer.produce(
                    [.avro(Self.schema, "{\"a\": 1}")], topic: "client.test-1", createPartitions: 0)
                let client = try Self.client(registry)
                let latest = try await client.latest(subject: "client.test-1-value")
                #expect(latest.id == Int32(ids[0]!) && latest.version == 1 && latest.subject == "client.test-1-value")
                #expect(latest.schema.contains("\"name\": \"R\"") || latest.schema.contains("\"name\":\"R\""))
                #expect(try await client.subjects() == ["client.test-1-value"])

                let unknown = await #expect(throws: SchemaRegistryError.self) { try await client.schema(id: 4242) }
                #expect(unknown?.code == .notFound && unknown?.status == 404 && unknown?.registryErrorCode == 40403)
                #expect(unknown?.message.contains(registry.url) == true && unknown?.message.contains("4242") == true)

                let byID = try await client.schema(id: latest.id)
                await registry.stop()
                // Ids never change their schema: the second answer comes from the cache, with the registry gone.
                #expect(try await client.schema(id: latest.id) == byID)
                let gone = await #expect(throws: SchemaRegistryError.self) { try await client.subjects() }
                #expect(gone?.code == .unreachable && gone?.message.contains(registry.url) == true)
            } catch {
                await registry.stop()
                throw error
            }
        }
    }

    @Test func refusedCredentialsNameTheFixNotThePassword() async throws {
        let registry = try await SchemaRegistryFixture.start(user: "alice:s3cret")
        let wrong = await #expect(throws: SchemaRegistryError.self) {
            try await Self.client(registry, password: "hunter2").subjects()
        }
        #expect(wrong?.code == .unauthorized && wrong?.status == 401, "\(String(describing: wrong))")
        #expect(wrong?.message.contains("PASSWORD secret") == true && wrong?.message.contains("hunter2") == false)
        let anonymous = await #expect(throws: SchemaRegistryError.self) {
            try await Self.client(registry, user: nil, password: nil).subjects()
        }
        #expect(anonymous?.message.contains("add USERNAME and PASSWORD") == true)
        await registry.stop()
    }

    /// A registry that requires a client certificate: the client presents one from PEM files, gets
    /// `.clientCertificate` without one or with one another CA signed, and `.tls` for an untrusted server.
    @Test func clientCertificatesForARegistryThatRequiresThem() async throws {
        let ca = try await TestCA.create()
        let server = try await ca.issueServerCertificate(dnsNames: ["localhost"])
        let client = try await ca.issueClientCertificate(commonName: "inlet")
        let stranger = try await TestCA.create(name: "Another CA")
        let foreign = try await stranger.issueClientCertificate(commonName: "inlet")
        let registry = try await SchemaRegistryFixture.start(tls: .init(server: server, clientCA: ca.certificate))
        func subjects(_ tls: KafkaTLSConfiguration) async throws -> [String] {
            try await SchemaRegistryClient(
                configuration: SchemaRegistryConfiguration(
                    scheme: "https", host: "localhost", port: registry.port, tls: tls, requestTimeout: .seconds(5))
            ).subjects()
        }
        do {
            #expect(
                try await subjects(
                    KafkaTLSConfiguration(
                        caFile: ca.certificate.path, certificateFile: client.certificate.path,
                        privateKeyFile: client.key.path)) == [])
            let missing = await #expect(throws: SchemaRegistryError.self) {
                try await subjects(KafkaTLSConfiguration(caFile: ca.certificate.path))
            }
            #expect(missing?.code == .clientCertificate, "\(String(describing: missing))")
            #expect(missing?.message.contains("requires a client certificate") == true)
            let refused = await #expect(throws: SchemaRegistryError.self) {
                try await subjects(
                    KafkaTLSConfiguration(
                        caFile: ca.certificate.path, certificateFile: foreign.certificate.path,
                        privateKeyFile: foreign.key.path))
            }
            #expect(refused?.code == .clientCertificate, "\(String(describing: refused))")
            #expect(refused?.message.contains("did not accept the connection's client certificate") == true)
            // The server's certificate checked first: trusting another CA is a TLS failure, not a client-certificate one.
            let untrusted = await #expect(throws: SchemaRegistryError.self) {
                try await subjects(
                    KafkaTLSConfiguration(
                        caFile: stranger.certificate.path, certificateFile: client.certificate.path,
                        privateKeyFile: client.key.path))
            }
            #expect(untrusted?.code == .tls && untrusted?.message.contains("not trusted") == true)
        } catch {
            await registry.stop()
            throw error
        }
        await registry.stop()
    }
}
