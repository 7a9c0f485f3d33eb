import Foundation
import InletTestSupport
import KafkaClient
import NIOConcurrencyHelpers
import NIOCore
import Routing
import Testing

/// The Kafka client through a real bastion: every connection, bootstrap and brokers learned from metadata,
/// is a channel through sshd to a broker that only the bastion can resolve.
@Suite("Kafka through an SSH bastion", .timeLimit(.minutes(3)))
struct SSHKafkaTests {
    @Test func producesAndConsumesThroughTheBastion() async throws {
        let keys = SSHTunnelKeys.generate()
        try await withSSHBastion(
            authorizedKeys: [keys.primary.authorizedKeysLine], aliases: ["bootstrap.kafka.internal"]
        ) { bastion in
            try await withTunnel(SSHBastionTests.configuration(bastion, keys: SSHClientKeys(keys))) { tunnel in
                let dialer = RecordingDialer(SSHTunnelDialer(tunnel: tunnel))
                let cluster = try KafkaCluster(
                    configuration: Self.configuration(
                        bootstrap: "bootstrap.kafka.internal:\(bastion.brokerPort)", dialer: dialer))
                try await KafkaAdmin(cluster: cluster).createTopics([.init(name: "tunnelled", partitions: 3)])
                let metadata = try await KafkaAdmin(cluster: cluster).metadata(topics: ["tunnelled"])
                #expect(metadata.brokers.values.map(\.host) == [bastion.brokerHost])

                let producer = KafkaProducer(cluster: cluster)
                for i in 0..<300 {
                    try await producer.send(.init(topic: "tunnelled", value: ByteBuffer(string: "record-\(i)")))
                }
                #expect(try await producer.flush() == 300)
                let records = try await consumeWithInlet(cluster, topic: "tunnelled", count: 300)
                #expect(Set(records.compactMap { $0.value.map { String(buffer: $0) } }).count == 300)
                await cluster.shutdown()

                // The bootstrap name and the broker learned from metadata were both dialled through the tunnel.
                let dialled = dialer.dialled
                #expect(dialled.contains { $0.host == "bootstrap.kafka.internal" })
                #expect(dialled.contains { $0.host == bastion.brokerHost && $0.nodeID == Int32(Tansu.nodeID) })
                #expect(bastion.sshd.log().components(separatedBy: "Accepted publickey").count - 1 == 1)
            }
        }
    }

    @Test func theDefaultTunnelRouteCarriesEveryBroker() async throws {
        let keys = SSHTunnelKeys.generate()
        try await withSSHBastion(authorizedKeys: [keys.primary.authorizedKeysLine]) { bastion in
            try await withTunnel(SSHBastionTests.configuration(bastion, keys: SSHClientKeys(keys))) { tunnel in
                let unmapped = NIOLockedValueBox<[String]>([])
                let dialer = RoutingDialer(
                    resolver: RouteResolver(table: RouteTable(defaultVia: .sshTunnel("bastion"))),
                    tcp: TCPDialer(), tunnels: ["bastion": SSHTunnelDialer(tunnel: tunnel)],
                    onUnmapped: { broker, _ in unmapped.withLockedValue { $0.append("\(broker)") } })
                let cluster = try KafkaCluster(
                    configuration: Self.configuration(
                        bootstrap: "\(bastion.brokerHost):\(bastion.brokerPort)", dialer: dialer))
                try await KafkaAdmin(cluster: cluster).createTopics([.init(name: "routed", partitions: 1)])
                let producer = KafkaProducer(cluster: cluster)
                _ = try await producer.sendAndWait(.init(topic: "routed", value: ByteBuffer(string: "via route")))
                let records = try await consumeWithInlet(cluster, topic: "routed", count: 1)
                #expect(records.first?.value.map { String(buffer: $0) } == "via route")
                #expect(unmapped.withLockedValue { $0 }.isEmpty)
                await cluster.shutdown()
            }
        }
    }

    @Test func aBastionRestartMidConsumeLosesAndRepeatsNothing() async throws {
        let keys = SSHTunnelKeys.generate()
        try await withSSHBastion(authorizedKeys: [keys.primary.authorizedKeysLine]) { bastion in
            try await withTunnel(SSHBastionTests.configuration(bastion, keys: SSHClientKeys(keys))) { tunnel in
                let cluster = try KafkaCluster(
                    configuration: Self.configuration(
                        bootstrap: "\(bastion.brokerHost):\(bastion.brokerPort)",
                        dialer: SSHTunnelDialer(tunnel: tunnel)))
                try await KafkaAdmin(cluster: cluster).createTopics([.init(name: "restart", partitions: 1)])
                let producer = KafkaProducer(cluster: cluster)
                // Batches of 100 records: a fetch then returns a few batches, never the whole topic, so most records
                // are still at the broker when sshd dies and must come through the restarted bastion.
                let total = 3000
                for i in 0..<total {
                    try await producer.send(.init(topic: "restart", value: ByteBuffer(string: "r\(i)")))
                    if i % 100 == 99 { _ = try await producer.flush() }
                }
                #expect(try await producer.flush() == total)

                // A small buffer makes the consumer fetch many times, so the restart lands mid-stream.
                let consumer = KafkaConsumer(
                    cluster: cluster,
                    configuration: .init(topic: "restart", partitionMaxBytes: 4096, bufferedRecords: 100))
                var offsets: [Int64] = []
                var values: [String] = []
                var restarted = false
                while offsets.count < total, let chunk = try await consumer.nextChunk() {
                    offsets += chunk.map(\.offset)
                    values += chunk.compactMap { $0.value.map { String(buffer: $0) } }
                    if !restarted && offsets.count >= total / 3 {
                        restarted = true
                        await bastion.sshd.kill()
                        try await Task.sleep(for: .milliseconds(500))
                        try await bastion.sshd.restart()
                    }
                }
                consumer.stop()
                #expect(restarted)
                #expect(offsets == (0..<Int64(total)).map { $0 })
                #expect(values == (0..<total).map { "r\($0)" })
                #expect(bastion.sshd.log().contains("Accepted publickey"))
                await cluster.shutdown()
            }
        }
    }

    @Test func tlsInsideTheChannelNamesTheAdvertisedBroker() async throws {
        let keys = SSHTunnelKeys.generate()
        try await withSSHBastion(authorizedKeys: [keys.primary.authorizedKeysLine]) { bastion in
            let ca = try await TestCA.create()
            let right = try await ca.issueServerCertificate(dnsNames: [bastion.brokerHost])
            let wrong = try await ca.issueServerCertificate(dnsNames: ["b-2.kafka.internal"])
            let goodPort = try await bastion.startTLSFront(combinedCertificate: right.combined.path)
            let badPort = try await bastion.startTLSFront(combinedCertificate: wrong.combined.path)
            let tls = KafkaTLSConfiguration(caFile: ca.certificate.path)
            try await withTunnel(SSHBastionTests.configuration(bastion, keys: SSHClientKeys(keys))) { tunnel in
                // The certificate names the advertised broker, not the bastion: verification passes.
                let good = try KafkaCluster(
                    configuration: Self.configuration(
                        bootstrap: "\(bastion.brokerHost):\(goodPort)", dialer: SSHTunnelDialer(tunnel: tunnel),
                        tls: tls))
                let metadata = try await KafkaAdmin(cluster: good).metadata()
                #expect(!metadata.brokers.isEmpty)
                await good.shutdown()

                // A certificate for another name is refused, even though the bytes arrive through the tunnel.
                let bad = try KafkaCluster(
                    configuration: Self.configuration(
                        bootstrap: "\(bastion.brokerHost):\(badPort)", dialer: SSHTunnelDialer(tunnel: tunnel),
                        tls: tls, retryTimeout: .seconds(2)))
                let refused = await #expect(throws: KafkaClientError.self) {
                    _ = try await KafkaAdmin(cluster: bad).metadata()
                }
                #expect(refused?.code == .tls)
                #expect(refused?.message.contains("not valid for the name \(bastion.brokerHost)") == true)
                await bad.shutdown()
            }
        }
    }

    static func configuration(
        bootstrap: String, dialer: any KafkaDialer, tls: KafkaTLSConfiguration? = nil,
        retryTimeout: TimeAmount = .seconds(30)
    ) throws -> KafkaConfiguration {
        KafkaConfiguration(
            bootstrapBrokers: [try KafkaConfiguration.parseBroker(bootstrap)], clientID: "inlet-ssh-test", tls: tls,
            dialer: dialer, requestTimeout: .seconds(20), reconnectBackoff: KafkaBackoff(initial: .milliseconds(50)),
            retryTimeout: retryTimeout)
    }
}

/// Remembers every broker address the client dialled, then dials through `base`.
final class RecordingDialer: KafkaDialer {
    private let base: any KafkaDialer
    private let addresses = NIOLockedValueBox<[BrokerAddress]>([])

    init(_ base: any KafkaDialer) { self.base = base }

    var dialled: [BrokerAddress] { addresses.withLockedValue { $0 } }

    func dial(_ broker: BrokerAddress, on eventLoop: any EventLoop) async throws -> any Channel {
        addresses.withLockedValue { $0.append(broker) }
        return try await base.dial(broker, on: eventLoop)
    }
}
