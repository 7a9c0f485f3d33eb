import Foundation
import InletTestSupport
import Testing

/// The seed guide's MSK cluster for source tests: a SCRAM-SHA-512 virtual cluster (b-N.kafka.internal:9096, names
/// nothing resolves) in front of tansu, haproxy as the NLB with one TLS listener per broker whose certificate is
/// valid only for that broker's advertised name, and `inlet serve` whose static PrivateLink endpoint for the
/// service is the NLB's address.
final class MSKSourceBed: @unchecked Sendable {
    static let service = "com.amazonaws.vpce.us-east-1.vpce-svc-0e123abc123198abc"
    static let accountID = "123456789012"
    static let user = "msk-inlet"
    static let password = "msk-s3cret"

    let virtual: VirtualCluster
    let haproxy: HAProxy
    let ca: TestCA
    let bed: SourceTestBed

    private init(virtual: VirtualCluster, haproxy: HAProxy, ca: TestCA, bed: SourceTestBed) {
        self.virtual = virtual
        self.haproxy = haproxy
        self.ca = ca
        self.bed = bed
    }

    /// confluent-kafka writing straight to tansu: the producer lives in the cluster's network, and partition p is
    /// led by virtual broker (p mod N) + 1 whoever writes it.
    var producer: LibrdkafkaPeer { LibrdkafkaPeer(bootstrap: virtual.tansu.bootstrap) }

    /// The NLB listener port of broker `id` (the guide's 9001, 9002, …).
    func listenerPort(_ id: Int) -> Int { haproxy.port(of: "b\(id)")! }

    /// The test CA as PEM, for `SSL CERTIFICATE AUTHORITY` (it is not among the system's roots).
    var caPEM: String { (try? String(contentsOf: ca.certificate, encoding: .utf8)) ?? "" }

    /// The guide's statements up to the KAFKA connection, verbatim but for the names, ports and the CA.
    func guideStatements(
        privateLink: String = "msk_privatelink", kafka: String = "msk_kafka", username: String = "msk_sasl_username",
        password: String = "msk_sasl_password", passwordValue: String = MSKSourceBed.password
    ) -> String {
        let brokers = virtual.initialBrokers.map { broker in
            "'\(broker.advertised)' USING AWS PRIVATELINK \(privateLink) (PORT \(listenerPort(broker.id)))"
        }.joined(separator: ",\n        ")
        return """
            CREATE SECRET \(username) AS '\(Self.user)';
            CREATE SECRET \(password) AS '\(passwordValue)';
            CREATE CONNECTION \(privateLink) TO AWS PRIVATELINK (
                SERVICE NAME '\(Self.service)',
                AVAILABILITY ZONES ('use1-az1', 'use1-az2', 'use1-az3'),
            );
            CREATE CONNECTION \(kafka) TO KAFKA (
                BROKERS (
                    \(brokers)
                ),
                -- Authentication details
                -- Depending on the authentication method your MSK cluster is using
                SASL MECHANISMS = 'SCRAM-SHA-512',
                SASL USERNAME = SECRET \(username),
                SASL PASSWORD = SECRET \(password),
                SSL CERTIFICATE AUTHORITY = '\(caPEM)'
            );
            """
    }

    /// Starts the cluster, the NLB and `inlet serve`, runs `body`, and stops all of them however `body` ends.
    static func with<T: Sendable>(_ body: (MSKSourceBed) async throws -> T) async throws -> T {
        try await withVirtualCluster(
            sasl: VirtualCluster.SASL(mechanisms: [.scramSHA512], users: [user: password])
        ) { virtual in
            let certificates = try await BrokerCertificates.issue(for: virtual.initialBrokers)
            let listeners = try virtual.initialBrokers.map { broker in
                try HAProxy.Frontend.tls(
                    "b\(broker.id)", certificates: [certificates.byBroker[broker.id]!], to: [broker.listener])
            }
            return try await withHAProxy(listeners) { haproxy in
                let bed = try await SourceTestBed.start([
                    "--privatelink-endpoint", "\(service)=127.0.0.1", "--aws-account-id", accountID,
                ])
                let msk = MSKSourceBed(virtual: virtual, haproxy: haproxy, ca: certificates.ca, bed: bed)
                do {
                    let value = try await body(msk)
                    try await bed.stop()
                    return value
                } catch {
                    try? await bed.stop()
                    throw error
                }
            }
        }
    }
}
