import Foundation
import InletTestSupport
import KafkaClient
import NIOConcurrencyHelpers
import NIOCore
import Routing
import Testing

// The pieces every PrivateLink scenario shares: a virtual cluster (b-N.kafka.internal:9096, unresolvable)
// in front of tansu, haproxy playing the NLB / PrivateLink endpoint, and Inlet's client routed through it.

/// What a `RoutingDialer` reported about brokers no rule maps.
final class UnmappedReports: Sendable {
    private let box = NIOLockedValueBox<[String]>([])

    func append(_ advice: String) { box.withLockedValue { $0.append(advice) } }

    var all: [String] { box.withLockedValue { $0 } }
}

/// Starts tansu and a virtual cluster in front of it, runs `body`, and stops both however `body` ends.
func withVirtualCluster<T: Sendable>(
    brokers: Int = 3, sasl: VirtualCluster.SASL? = nil, _ body: (VirtualCluster) async throws -> T
) async throws -> T {
    try await withTansu { tansu in
        let cluster = try await VirtualCluster.start(brokers: brokers, tansu: tansu, sasl: sasl)
        do {
            let value = try await body(cluster)
            await cluster.stop()
            return value
        } catch {
            await cluster.stop()
            throw error
        }
    }
}

/// Starts haproxy with `frontends`, runs `body`, and stops it however `body` ends.
func withHAProxy<T: Sendable>(_ frontends: [HAProxy.Frontend], _ body: (HAProxy) async throws -> T) async throws -> T {
    let haproxy = try await HAProxy.start(frontends)
    do {
        let value = try await body(haproxy)
        await haproxy.stop()
        return value
    } catch {
        await haproxy.stop()
        throw error
    }
}

/// Runs `body` with a client cluster view and shuts it down however `body` ends.
func withKafkaCluster<T: Sendable>(
    _ configuration: KafkaConfiguration, _ body: (KafkaCluster) async throws -> T
) async throws -> T {
    let cluster = try KafkaCluster(configuration: configuration)
    do {
        let value = try await body(cluster)
        await cluster.shutdown()
        return value
    } catch {
        await cluster.shutdown()
        throw error
    }
}

extension VirtualCluster.Broker {
    /// `--route 'b-N.kafka.internal:9096=LISTENER'` for this broker.
    func route(to listener: String) -> String { "\(advertised)=\(listener)" }
}

/// The first virtual broker's advertised name: a bootstrap address only a route can reach.
let routedBootstrap = "b-1.kafka.internal:9096"

/// Inlet's client configuration with `table` applied through a `RoutingDialer`; unmapped brokers go to `reports`.
func routedConfiguration(
    table: RouteTable, bootstrap: String = routedBootstrap, tls: KafkaTLSConfiguration? = nil,
    sasl: KafkaSASLConfiguration? = nil, retryTimeout: TimeAmount = .seconds(20), reports: UnmappedReports
) throws -> KafkaConfiguration {
    var configuration = KafkaConfiguration(
        bootstrapBrokers: [try KafkaConfiguration.parseBroker(bootstrap)], clientID: "inlet-privatelink-test", tls: tls,
        sasl: sasl, requestTimeout: .seconds(10),
        reconnectBackoff: KafkaBackoff(initial: .milliseconds(50), maximum: .seconds(1)), retryTimeout: retryTimeout)
    configuration.route(
        through: RoutingDialer(
            resolver: RouteResolver(table: table), tcp: TCPDialer(connectTimeout: .seconds(5)), syntax: .commandLine,
            onUnmapped: { _, advice in reports.append(advice) }))
    return configuration
}

/// The value of record `index` in `partition`, so every record says where it belongs.
func privateLinkValue(_ topic: String, _ partition: Int, _ index: Int) -> String { "\(topic)/p\(partition)/r\(index)" }

/// Creates `topic` with `partitions` partitions, writes `perPartition` records to every partition with Inlet's
/// producer and reads all of them back with Inlet's consumer, partition by partition, checking offsets and values.
func roundTripEveryPartition(
    _ cluster: KafkaCluster, topic: String, partitions: Int, perPartition: Int = 40,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    try await KafkaAdmin(cluster: cluster).createTopics([.init(name: topic, partitions: Int32(partitions))])
    let producer = KafkaProducer(cluster: cluster)
    var messages: [KafkaProducerMessage] = []
    for partition in 0..<partitions {
        for index in 0..<perPartition {
            messages.append(
                KafkaProducerMessage(
                    topic: topic, partition: Int32(partition), key: ByteBuffer(string: "k\(index)"),
                    value: ByteBuffer(string: privateLinkValue(topic, partition, index))))
        }
    }
    try await producer.send(contentsOf: messages)
    #expect(try await producer.flush() == partitions * perPartition, sourceLocation: sourceLocation)
    let read = try await consumeWithInlet(cluster, topic: topic, count: partitions * perPartition)
    #expect(read.count == partitions * perPartition, sourceLocation: sourceLocation)
    for partition in 0..<partitions {
        let got = read.filter { $0.partition == partition }
        #expect(got.map(\.offset) == (0..<Int64(perPartition)).map { $0 }, sourceLocation: sourceLocation)
        #expect(
            got.map { $0.value.map { String(buffer: $0) } ?? "" }
                == (0..<perPartition).map { privateLinkValue(topic, partition, $0) },
            "partition \(partition) of \(topic)", sourceLocation: sourceLocation)
    }
}

/// Certificates for the broker names only, issued by a fresh test CA.
struct BrokerCertificates {
    let ca: TestCA
    var byBroker: [Int: CertificateFiles]

    static func issue(for brokers: [VirtualCluster.Broker]) async throws -> BrokerCertificates {
        let ca = try await TestCA.create()
        var byBroker: [Int: CertificateFiles] = [:]
        for broker in brokers {
            byBroker[broker.id] = try await ca.issueServerCertificate(dnsNames: [broker.host])
        }
        return BrokerCertificates(ca: ca, byBroker: byBroker)
    }

    mutating func add(_ broker: VirtualCluster.Broker) async throws {
        byBroker[broker.id] = try await ca.issueServerCertificate(dnsNames: [broker.host])
    }

    var tls: KafkaTLSConfiguration { KafkaTLSConfiguration(caFile: ca.certificate.path) }
}
