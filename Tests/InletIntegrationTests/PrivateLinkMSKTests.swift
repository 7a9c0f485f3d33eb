import Foundation
import InletTestSupport
import KafkaClient
import NIOCore
import Routing
import Testing

/// Scenario 3, the MSK shape of the seed guide: SASL_SSL with SCRAM-SHA-512, one NLB listener per broker,
/// haproxy terminating TLS with certificates valid only for the brokers' advertised names. TLS names the
/// advertised host whatever the route, so those certificates verify; a certificate for another name is refused.
@Suite("PrivateLink: MSK over SASL_SSL", .serialized, .timeLimit(.minutes(3)))
struct PrivateLinkMSKTests {
    static let sasl = VirtualCluster.SASL(mechanisms: [.scramSHA512], users: ["inlet": "pl-s3cret"])
    static let credentials = KafkaSASLConfiguration(mechanism: .scramSHA512, username: "inlet", password: "pl-s3cret")

    @Test func saslSSLThroughPerBrokerTLSListeners() async throws {
        try await withVirtualCluster(sasl: Self.sasl) { virtual in
            let certificates = try await BrokerCertificates.issue(for: virtual.initialBrokers)
            let listeners = try virtual.initialBrokers.map { broker in
                try HAProxy.Frontend.tls(
                    "b\(broker.id)", certificates: [certificates.byBroker[broker.id]!], to: [broker.listener])
            }
            try await withHAProxy(listeners) { _ in
                let reports = UnmappedReports()
                let table = try RouteTable(
                    routes: zip(virtual.initialBrokers, listeners).map { $0.route(to: $1.address) })
                let configuration = try routedConfiguration(
                    table: table, tls: certificates.tls, sasl: Self.credentials, reports: reports)
                try await withKafkaCluster(configuration) { cluster in
                    try await roundTripEveryPartition(cluster, topic: "msk", partitions: 6)
                }
                #expect(reports.all.isEmpty, "\(reports.all)")

                // The same routes with a wrong password: SASL fails at the broker, after TLS, and says so.
                var wrong = configuration
                wrong.sasl = KafkaSASLConfiguration(mechanism: .scramSHA512, username: "inlet", password: "nope")
                let error = await #expect(throws: KafkaClientError.self) {
                    try await withKafkaCluster(wrong) { try await $0.refreshMetadata(topics: []) }
                }
                #expect(error?.code == .sasl, "\(String(describing: error))")
                #expect(
                    error?.message.contains("SCRAM-SHA-512 authentication as inlet failed") == true,
                    "\(String(describing: error))")
                #expect(error?.message.contains("nope") == false)
            }
        }
    }

    /// An endpoint that presents a certificate for its own name (not the broker's) is refused: the client
    /// verifies the advertised name, never the address it dialled.
    @Test func certificateForAnotherNameIsRefused() async throws {
        try await withVirtualCluster(sasl: Self.sasl) { virtual in
            let certificates = try await BrokerCertificates.issue(for: virtual.initialBrokers)
            let endpointCertificate = try await certificates.ca.issueServerCertificate(
                dnsNames: ["vpce-0abc123.vpce-svc-0123.us-east-1.vpce.amazonaws.com"])
            let b1 = virtual.initialBrokers[0]
            let impostor = try HAProxy.Frontend.tls("endpoint", certificates: [endpointCertificate], to: [b1.listener])
            let good = try HAProxy.Frontend.tls("b1", certificates: [certificates.byBroker[1]!], to: [b1.listener])
            try await withHAProxy([impostor, good]) { _ in
                let reports = UnmappedReports()
                let table = try RouteTable(routes: [b1.route(to: impostor.address)])
                let configuration = try routedConfiguration(
                    table: table, tls: certificates.tls, sasl: Self.credentials, reports: reports)
                let error = await #expect(throws: KafkaClientError.self) {
                    try await withKafkaCluster(configuration) { try await $0.refreshMetadata(topics: []) }
                }
                #expect(error?.code == .tls, "\(String(describing: error))")
                #expect(
                    error?.message.contains("is not valid for the name b-1.kafka.internal") == true,
                    "\(String(describing: error))")

                // The very same route to a listener with the broker's own certificate works.
                let fixed = try routedConfiguration(
                    table: try RouteTable(routes: [b1.route(to: good.address)]), tls: certificates.tls,
                    sasl: Self.credentials, reports: reports)
                let metadata = try await withKafkaCluster(fixed) { try await $0.refreshMetadata(topics: []) }
                #expect(metadata.brokers.count == 3)
            }
        }
    }
}
