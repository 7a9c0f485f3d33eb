import Foundation
import InletTestSupport
import KafkaClient
import NIOCore
import Routing
import Testing

/// The route table in the shape the SQL layer builds from `CREATE CONNECTION … TO KAFKA (BROKERS (… USING AWS
/// PRIVATELINK pl (PORT n, AVAILABILITY ZONE 'z')))`: the endpoint host comes from the static endpoint provider
/// (per availability zone), the port from the rule; unmapped brokers are reported with the SQL statement to run.
@Suite("PrivateLink: AWS PRIVATELINK connection routes", .serialized, .timeLimit(.minutes(3)))
struct PrivateLinkEndpointTests {
    @Test func privateLinkConnectionRoutesWithZonesReachEveryBroker() async throws {
        try await withVirtualCluster { virtual in
            let listeners = try virtual.initialBrokers.map { try HAProxy.Frontend.tcp("b\($0.id)", to: [$0.listener]) }
            try await withHAProxy(listeners) { _ in
                let service = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"
                let zones = ["use1-az1", "use1-az2", "use1-az4"]
                let privateLink = PrivateLinkConnection(name: "pl", serviceName: service, availabilityZones: zones)
                var endpoints = StaticPrivateLinkEndpoints()
                endpoints.add(serviceName: service, host: "localhost")
                for zone in zones { endpoints.add(serviceName: service, availabilityZone: zone, host: "127.0.0.1") }
                let table = RouteTable(
                    brokers: zip(virtual.initialBrokers, listeners).enumerated().map { index, pair in
                        RouteTable.BrokerRoute(
                            host: pair.0.host, port: pair.0.advertisedPort,
                            via: .privateLink("pl", port: pair.1.port, availabilityZone: zones[index]))
                    })
                let reports = UnmappedReports()
                var configuration = KafkaConfiguration(
                    bootstrapBrokers: [try KafkaConfiguration.parseBroker(routedBootstrap)],
                    reconnectBackoff: KafkaBackoff(initial: .milliseconds(50), maximum: .seconds(1)),
                    retryTimeout: .seconds(20))
                configuration.route(
                    through: RoutingDialer(
                        resolver: RouteResolver(table: table, privateLinks: [privateLink], endpoints: endpoints),
                        tcp: TCPDialer(connectTimeout: .seconds(5)), syntax: .sql(connectionName: "kafka_conn"),
                        onUnmapped: { _, advice in reports.append(advice) }))
                try await withKafkaCluster(configuration) { cluster in
                    try await roundTripEveryPartition(cluster, topic: "privatelink-zones", partitions: 6)
                    #expect(reports.all.isEmpty, "\(reports.all)")

                    _ = try await virtual.addBroker()
                    let metadata = try await cluster.refreshMetadata(topics: [])
                    #expect(metadata.brokers.count == 4)
                    #expect(reports.all.count == 1, "\(reports.all)")
                    let advice = reports.all.first ?? ""
                    #expect(
                        advice.hasPrefix(
                            "broker b-4.kafka.internal:9096 (node 4) is not mapped by connection kafka_conn"),
                        "\(advice)")
                    #expect(advice.contains("ALTER CONNECTION kafka_conn SET (BROKERS ("), "\(advice)")
                    #expect(advice.contains("'b-4.kafka.internal:9096' USING AWS PRIVATELINK pl (PORT "), "\(advice)")
                }
            }
        }
    }
}
