import Foundation
import InletTestSupport
import KafkaClient
import NIOCore
import Routing
import Testing

/// Scenario 4: a fourth broker joins a running cluster.
///
/// (a) Behind an endpoint that routes by TLS SNI (haproxy `req_ssl_sni`, how Confluent Cloud and Redpanda Cloud
/// expose PrivateLink), the connection-level default route reaches the new broker with no change to the client:
/// the advertised name in SNI picks the broker. (b) Behind per-broker listeners with exact rules only, the
/// client names the unmapped broker and the rule to add; once added, everything works.
@Suite("PrivateLink: a broker joins", .serialized, .timeLimit(.minutes(3)))
struct PrivateLinkNewBrokerTests {
    @Test func sniEndpointAndDefaultRouteReachTheNewBroker() async throws {
        try await withVirtualCluster { virtual in
            var certificates = try await BrokerCertificates.issue(for: virtual.initialBrokers)
            var brokerTLS = try virtual.initialBrokers.map { broker in
                try HAProxy.Frontend.tls(
                    "tls\(broker.id)", certificates: [certificates.byBroker[broker.id]!], to: [broker.listener])
            }
            var routes = Dictionary(
                uniqueKeysWithValues: zip(virtual.initialBrokers, brokerTLS).map { ($0.host, $1.address) })
            let sni = try HAProxy.Frontend.sniPassthrough("endpoint", routes: routes)
            var haproxy = try await HAProxy.start(brokerTLS + [sni])
            do {
                let reports = UnmappedReports()
                // Only the connection default: every broker, present or future, goes to the endpoint.
                let table = try RouteTable(routes: [], defaultRoute: sni.address)
                let configuration = try routedConfiguration(table: table, tls: certificates.tls, reports: reports)
                try await withKafkaCluster(configuration) { cluster in
                    try await roundTripEveryPartition(cluster, topic: "before-join", partitions: 3)

                    // Broker 4 joins; the endpoint's owner adds it behind the same endpoint address.
                    let b4 = try await virtual.addBroker()
                    try await certificates.add(b4)
                    let tls4 = try HAProxy.Frontend.tls(
                        "tls4", certificates: [certificates.byBroker[4]!], to: [b4.listener])
                    brokerTLS.append(tls4)
                    routes[b4.host] = tls4.address
                    await haproxy.stop()
                    haproxy = try await HAProxy.start(brokerTLS + [sni.rerouted(routes)])

                    let metadata = try await cluster.refreshMetadata(topics: [])
                    #expect(metadata.brokers[4]?.hostPort == "b-4.kafka.internal:9096")
                    try await roundTripEveryPartition(cluster, topic: "after-join", partitions: 8)
                    let leaders = try await cluster.refreshMetadata(topics: ["after-join"])
                    #expect(try leaders.leader(topic: "after-join", partition: 3).nodeID == 4)
                    let served = try await virtual.brokers().first { $0.id == 4 }?.connections ?? 0
                    #expect(served > 0, "broker 4 was reached through the SNI endpoint")
                }
                #expect(reports.all.isEmpty, "\(reports.all)")
                await haproxy.stop()
            } catch {
                await haproxy.stop()
                throw error
            }
        }
    }

    @Test func exactRulesNameTheNewBrokerAndTheRuleToAdd() async throws {
        try await withVirtualCluster { virtual in
            let listeners = try virtual.initialBrokers.map { try HAProxy.Frontend.tcp("b\($0.id)", to: [$0.listener]) }
            try await withHAProxy(listeners) { _ in
                let reports = UnmappedReports()
                let exact = zip(virtual.initialBrokers, listeners).map { $0.route(to: $1.address) }
                let configuration = try routedConfiguration(
                    table: try RouteTable(routes: exact), retryTimeout: .seconds(3), reports: reports)
                try await withKafkaCluster(configuration) { cluster in
                    try await roundTripEveryPartition(cluster, topic: "three", partitions: 3)
                    #expect(reports.all.isEmpty, "\(reports.all)")

                    // Broker 4 joins and gets its own listener, but the client's rules do not know it yet.
                    let b4 = try await virtual.addBroker()
                    let listener4 = try HAProxy.Frontend.tcp("b4", to: [b4.listener])
                    try await withHAProxy([listener4]) { _ in
                        let metadata = try await cluster.refreshMetadata(topics: [])
                        #expect(metadata.brokers.count == 4)
                        // Reported as soon as metadata lists it, before anything dials it.
                        #expect(reports.all.count == 1, "\(reports.all)")
                        let advice = reports.all.first ?? ""
                        #expect(advice.contains("broker b-4.kafka.internal:9096 (node 4) is not mapped by any --route"))
                        #expect(advice.contains("add --route 'b-4.kafka.internal:9096=127.0.0.1:"), "\(advice)")

                        // Partition 3 is now led by broker 4: producing there fails and the error carries the advice.
                        try await KafkaAdmin(cluster: cluster).createTopics([.init(name: "four", partitions: 4)])
                        let producer = KafkaProducer(cluster: cluster)
                        let error = await #expect(throws: KafkaClientError.self) {
                            _ = try await producer.sendAndWait(
                                .init(topic: "four", partition: 3, value: ByteBuffer(string: "to b-4")))
                        }
                        #expect(
                            error?.message.contains("b-4.kafka.internal:9096 (node 4)") == true,
                            "\(String(describing: error))")
                        #expect(
                            error?.message.contains("add --route 'b-4.kafka.internal:9096=") == true,
                            "\(String(describing: error))")
                        #expect(reports.all.count == 1, "reported once: \(reports.all)")

                        // The operator adds the rule the message asked for: everything works.
                        let fixedReports = UnmappedReports()
                        let fixed = try routedConfiguration(
                            table: try RouteTable(routes: exact + [b4.route(to: listener4.address)]),
                            reports: fixedReports)
                        try await withKafkaCluster(fixed) { cluster in
                            try await roundTripEveryPartition(cluster, topic: "four-fixed", partitions: 8)
                        }
                        #expect(fixedReports.all.isEmpty, "\(fixedReports.all)")
                    }
                }
            }
        }
    }
}
