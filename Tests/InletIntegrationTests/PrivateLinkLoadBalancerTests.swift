import Foundation
import InletTestSupport
import KafkaClient
import KafkaWire
import NIOCore
import Routing
import Testing

/// The article's failure and its fix, with haproxy as the NLB in front of a three-broker virtual cluster whose
/// advertised names (b-N.kafka.internal:9096) do not resolve: only routes reach them.
@Suite("PrivateLink: load balancer listeners", .serialized, .timeLimit(.minutes(3)))
struct PrivateLinkLoadBalancerTests {
    /// Scenario 1: one round-robin listener for every broker. Each connection lands on whichever broker haproxy
    /// picks, so requests for a partition reach a broker that does not lead it and fail with
    /// NOT_LEADER_OR_FOLLOWER, as the article describes.
    @Test func roundRobinListenerSendsRequestsToTheWrongBroker() async throws {
        try await withVirtualCluster { virtual in
            let nlb = try HAProxy.Frontend.tcp("nlb", to: virtual.initialBrokers.map(\.listener))
            try await withHAProxy([nlb]) { _ in
                let reports = UnmappedReports()
                let table = try RouteTable(routes: virtual.initialBrokers.map { $0.route(to: nlb.address) })
                let configuration = try routedConfiguration(table: table, retryTimeout: .seconds(2), reports: reports)
                try await withKafkaCluster(configuration) { cluster in
                    try await KafkaAdmin(cluster: cluster).createTopics([.init(name: "tgif", partitions: 6)])
                    let metadata = try await cluster.refreshMetadata(topics: ["tgif"])
                    #expect(metadata.brokers.count == 3)
                    // One connection per broker, opened in node order: haproxy hands them out round-robin.
                    for node in Int32(1)...3 { _ = try await cluster.connection(toNode: node) }

                    var produceFailures: [Int: KafkaClientError] = [:]
                    for partition in 0..<6 {
                        let producer = KafkaProducer(cluster: cluster)
                        do {
                            _ = try await producer.sendAndWait(
                                .init(topic: "tgif", partition: Int32(partition), value: ByteBuffer(string: "v")))
                        } catch let error as KafkaClientError {
                            produceFailures[partition] = error
                        }
                    }
                    var fetchFailures: [Int: KafkaClientError] = [:]
                    for partition in 0..<6 {
                        let consumer = KafkaConsumer(
                            cluster: cluster, configuration: .init(topic: "tgif", partitions: [Int32(partition)]))
                        do {
                            _ = try await consumer.nextChunk()
                        } catch let error as KafkaClientError {
                            fetchFailures[partition] = error
                        }
                        consumer.stop()
                    }
                    #expect(!produceFailures.isEmpty, "every produce reached its leader through a round-robin NLB")
                    #expect(!fetchFailures.isEmpty, "every fetch reached its leader through a round-robin NLB")
                    for (partition, error) in produceFailures.merging(fetchFailures, uniquingKeysWith: { a, _ in a }) {
                        #expect(
                            error.kafkaErrorCode == KafkaErrorCode.notLeaderOrFollower.rawValue,
                            "partition \(partition): \(error)")
                        #expect(error.message.contains("NOT_LEADER_OR_FOLLOWER"), "\(error.message)")
                    }
                    // The connections really went to other brokers than the node ids they stand for.
                    let counts = try await virtual.brokers().map { $0.connections ?? 0 }
                    #expect(counts.filter { $0 > 0 }.count >= 2, "haproxy spread connections: \(counts)")
                }
                #expect(reports.all.isEmpty)
            }
        }
    }

    /// Scenario 2: one haproxy listener per broker and one exact route per broker: every partition of every
    /// broker is produced and consumed.
    @Test func perBrokerListenersWithExactRoutesWork() async throws {
        try await withVirtualCluster { virtual in
            let listeners = try virtual.initialBrokers.map { try HAProxy.Frontend.tcp("b\($0.id)", to: [$0.listener]) }
            try await withHAProxy(listeners) { _ in
                let reports = UnmappedReports()
                let table = try RouteTable(
                    routes: zip(virtual.initialBrokers, listeners).map { $0.route(to: $1.address) })
                let configuration = try routedConfiguration(
                    table: table, bootstrap: listeners[1].address, reports: reports)
                try await withKafkaCluster(configuration) { cluster in
                    try await roundTripEveryPartition(cluster, topic: "per-broker", partitions: 6)
                    let metadata = try await cluster.refreshMetadata(topics: ["per-broker"])
                    #expect(
                        metadata.brokers.values.map(\.hostPort).sorted() == virtual.initialBrokers.map(\.advertised))
                    for partition in 0..<6 {
                        #expect(
                            try metadata.leader(topic: "per-broker", partition: Int32(partition)).nodeID
                                == Int32(VirtualCluster.leader(ofPartition: partition, brokerCount: 3)))
                    }
                }
                #expect(reports.all.isEmpty, "\(reports.all)")
            }
        }
    }

    /// Scenario 5: the bootstrap address is the advertised b-1 name, which does not resolve; the route takes it
    /// to the endpoint listener like any other broker connection.
    @Test func bootstrapThroughTheEndpoint() async throws {
        try await withVirtualCluster { virtual in
            let listeners = try virtual.initialBrokers.map { try HAProxy.Frontend.tcp("b\($0.id)", to: [$0.listener]) }
            try await withHAProxy(listeners) { _ in
                // Without routes the advertised name is a dead end.
                let direct = KafkaConfiguration(
                    bootstrapBrokers: [try KafkaConfiguration.parseBroker(routedBootstrap)],
                    dialer: TCPDialer(connectTimeout: .seconds(5)))
                await #expect(throws: KafkaClientError.self) {
                    try await withKafkaCluster(direct) { try await $0.refreshMetadata(topics: []) }
                }
                let before = try await virtual.brokers().first { $0.id == 1 }?.connections ?? 0

                let reports = UnmappedReports()
                let table = try RouteTable(
                    routes: zip(virtual.initialBrokers, listeners).map { $0.route(to: $1.address) })
                let configuration = try routedConfiguration(table: table, bootstrap: routedBootstrap, reports: reports)
                try await withKafkaCluster(configuration) { cluster in
                    let metadata = try await cluster.refreshMetadata(topics: [])
                    #expect(metadata.brokers.count == 3)
                    let after = try await virtual.brokers().first { $0.id == 1 }?.connections ?? 0
                    #expect(after > before, "the bootstrap connection reached broker 1 through its listener")
                    try await roundTripEveryPartition(cluster, topic: "bootstrap-routed", partitions: 3)
                }
                #expect(reports.all.isEmpty, "\(reports.all)")
            }
        }
    }
}
