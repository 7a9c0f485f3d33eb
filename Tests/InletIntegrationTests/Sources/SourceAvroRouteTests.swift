import Foundation
import InletTestSupport
import Testing

/// The registry in the private network with the brokers: reached through haproxy as the PrivateLink endpoint's
/// listener (TLS terminated there with a certificate for the URL's host only), and as a channel through the SSH
/// bastion to a name that resolves only behind it. Records are encoded by confluent-kafka's `AvroSerializer`.
@Suite(.timeLimit(.minutes(4))) struct SourceAvroRouteTests {
    static let service = "com.amazonaws.vpce.us-east-1.vpce-svc-0e123abc123198abc"
    static let schema = """
        {"type": "record", "name": "Reading", "fields": [
          {"name": "sensor", "type": "string"}, {"name": "value", "type": "double"}]}
        """

    @Test func registryBehindPrivateLinkKeepsTLSNamingTheURLsHost() async throws {
        try await withTansu { tansu in
            let registry = try await SchemaRegistryFixture.start()
            let ca = try await TestCA.create()
            let valid = try await ca.issueServerCertificate(dnsNames: ["registry.msk.internal"])
            let endpointOnly = try await ca.issueServerCertificate(dnsNames: ["vpce-0abc.example"])
            let target = "127.0.0.1:\(registry.port)"
            do {
                try await withHAProxy([
                    try .tls("registry", certificates: [valid], to: [target]),
                    try .tls("endpoint", certificates: [endpointOnly], to: [target]),
                ]) { haproxy in
                    let bed = try await SourceTestBed.start(["--privatelink-endpoint", "\(Self.service)=127.0.0.1"])
                    do {
                        try await Self.run(
                            bed: bed, tansu: tansu, registry: registry, haproxy: haproxy,
                            caPEM: try String(contentsOf: ca.certificate, encoding: .utf8))
                    } catch {
                        try? await bed.stop()
                        throw error
                    }
                    try await bed.stop()
                }
            } catch {
                await registry.stop()
                throw error
            }
            await registry.stop()
        }
    }

    private static func run(
        bed: SourceTestBed, tansu: Tansu, registry: SchemaRegistryFixture, haproxy: HAProxy, caPEM: String
    ) async throws {
        let port = haproxy.port(of: "registry")!
        try await bed.sql(
            """
            CREATE CONNECTION pl TO AWS PRIVATELINK (SERVICE NAME '\(service)', AVAILABILITY ZONES ('use1-az1'));
            CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
            CREATE CONNECTION csr TO CONFLUENT SCHEMA REGISTRY (
                URL 'https://registry.msk.internal:8081',
                SSL CERTIFICATE AUTHORITY = '\(caPEM)',
                AWS PRIVATELINK pl (PORT \(port)));
            """)
        let peer = AvroProducerPeer(bootstrap: tansu.bootstrap, registry: registry.url)
        try await peer.produce(
            (1...3).map { .avro(schema, "{\"sensor\": \"s\($0)\", \"value\": \($0).5}") }, topic: "readings",
            createPartitions: 1)
        try await bed.sql(
            """
            CREATE SOURCE readings FROM KAFKA CONNECTION kafka_conn (TOPIC 'readings')
                FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr;
            """)
        try await bed.waitFor("SELECT count(*) FROM readings;", toBe: "3\n")
        #expect(
            try await bed.rows("SELECT sensor, value FROM readings ORDER BY sensor;")
                == [["s1", "1.5"], ["s2", "2.5"], ["s3", "3.5"]])

        // The listener that presents the endpoint's certificate instead: refused, naming the cause.
        let wrongName = try await bed.failingSQL(
            """
            CREATE CONNECTION csr_endpoint TO CONFLUENT SCHEMA REGISTRY (
                URL 'https://registry.msk.internal:8081', SSL CERTIFICATE AUTHORITY = '\(caPEM)',
                AWS PRIVATELINK pl (PORT \(haproxy.port(of: "endpoint")!)));
            """)
        #expect(wrongName.contains("08001") && wrongName.contains("not valid for the URL's host"), "\(wrongName)")
        // Without the CA the certificate is not trusted.
        let untrusted = try await bed.failingSQL(
            """
            CREATE CONNECTION csr_untrusted TO CONFLUENT SCHEMA REGISTRY (
                URL 'https://registry.msk.internal:8081', AWS PRIVATELINK pl (PORT \(port)));
            """)
        #expect(untrusted.contains("08001") && untrusted.contains("SSL CERTIFICATE AUTHORITY"), "\(untrusted)")
    }

    @Test func registryThroughTheSSHBastion() async throws {
        try await withNetworkNamespace(hosts: ["registry.internal": "127.0.0.1"]) { namespace in
            let prefix = ["/usr/sbin/ip", "netns", "exec", namespace.name]
            let tansu = try await Tansu.start(
                port: try await namespace.freePort(on: "127.0.0.1"), commandPrefix: prefix)
            var stops: [@Sendable () async -> Void] = [{ await tansu.stop() }]
            do {
                let registry = try await SchemaRegistryFixture.start(user: "alice:s3cret", in: namespace)
                stops.insert({ await registry.stop() }, at: 0)
                let sshd = try await SSHD.start(in: namespace, authorizedKeys: [])
                stops.insert({ await sshd.stop() }, at: 0)
                let bed = try await SourceTestBed.start()
                stops.insert({ try? await bed.stop() }, at: 0)

                try await bed.sql(
                    "CREATE CONNECTION bastion TO SSH TUNNEL (HOST '\(sshd.host)', PORT \(sshd.port), USER '\(sshd.user)');"
                )
                let keys = try await bed.rows(
                    """
                    SELECT public_key_1, public_key_2 FROM mz_ssh_tunnel_connections s
                    JOIN mz_connections c ON s.id = c.id WHERE c.name = 'bastion';
                    """)
                try sshd.setAuthorizedKeys(keys.first?.compactMap { $0 } ?? [])
                try await bed.sql(
                    """
                    CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)', SSH TUNNEL bastion);
                    CREATE SECRET csr_password AS 's3cret';
                    CREATE CONNECTION csr TO CONFLUENT SCHEMA REGISTRY (
                        URL 'http://registry.internal:\(registry.port)', USERNAME 'alice',
                        PASSWORD = SECRET csr_password, SSH TUNNEL bastion);
                    """)
                // The name resolves only behind the bastion: without the tunnel the registry is not there.
                let direct = try await bed.failingSQL(
                    """
                    CREATE CONNECTION csr_direct TO CONFLUENT SCHEMA REGISTRY (
                        URL 'http://registry.internal:\(registry.port)', USERNAME 'alice',
                        PASSWORD = SECRET csr_password);
                    """)
                #expect(direct.contains("08001") && direct.contains("registry.internal"), "\(direct)")

                let peer = AvroProducerPeer(
                    bootstrap: tansu.bootstrap, registry: "http://127.0.0.1:\(registry.port)", user: "alice:s3cret",
                    commandPrefix: prefix)
                try await peer.produce(
                    [.avro(Self.schema, "{\"sensor\": \"inside\", \"value\": 2.25}", key: "k")], topic: "readings",
                    createPartitions: 1)
                try await bed.sql(
                    """
                    CREATE SOURCE readings FROM KAFKA CONNECTION kafka_conn (TOPIC 'readings')
                        KEY FORMAT TEXT VALUE FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr INCLUDE KEY;
                    """)
                try await bed.waitFor("SELECT count(*) FROM readings;", toBe: "1\n")
                #expect(try await bed.rows("SELECT key, sensor, value FROM readings;") == [["k", "inside", "2.25"]])
                for stop in stops { await stop() }
            } catch {
                for stop in stops { await stop() }
                throw error
            }
        }
    }
}
