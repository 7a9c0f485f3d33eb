import Foundation
import InletTestSupport
import KafkaClient
import NIOCore
import Testing

/// Sends each virtual broker's connections to its listener (its advertised name does not resolve).
struct VirtualListenerDialer: KafkaDialer {
    var listeners: [String: (host: String, port: Int)]

    func dial(_ broker: BrokerAddress, on eventLoop: any EventLoop) async throws -> any Channel {
        guard let target = listeners[broker.hostPort] else {
            return try await TCPDialer().dial(broker, on: eventLoop)
        }
        return try await TCPDialer.connect(
            host: target.host, port: target.port, for: broker, on: eventLoop, timeout: .seconds(5))
    }
}

/// SASL PLAIN and SCRAM against an independent server (scramp inside the virtual cluster), with three
/// virtual brokers that lead different partitions: every broker connection authenticates.
@Suite(.serialized) struct KafkaSASLTests {
    func withSASLCluster(_ body: (VirtualCluster, VirtualListenerDialer) async throws -> Void) async throws {
        try await withTansu { tansu in
            let cluster = try await VirtualCluster.start(
                brokers: 3, tansu: tansu,
                sasl: .init(mechanisms: [.plain, .scramSHA256, .scramSHA512], users: ["alice": "s3cret-pw"]))
            var listeners: [String: (host: String, port: Int)] = [:]
            for broker in cluster.initialBrokers {
                listeners[broker.advertised] = (broker.listenHost ?? "127.0.0.1", broker.port)
            }
            do {
                try await body(cluster, VirtualListenerDialer(listeners: listeners))
            } catch {
                await cluster.stop()
                throw error
            }
            await cluster.stop()
        }
    }

    func configuration(_ cluster: VirtualCluster, _ dialer: VirtualListenerDialer, _ sasl: KafkaSASLConfiguration)
        throws -> KafkaConfiguration
    {
        let first = cluster.initialBrokers[0]
        return KafkaConfiguration(
            bootstrapBrokers: [BrokerAddress(host: first.host, port: first.advertisedPort)], sasl: sasl,
            dialer: dialer, requestTimeout: .seconds(20), retryTimeout: .seconds(30))
    }

    @Test(arguments: ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
    func produceAndConsumeEveryPartitionAuthenticated(mechanismName: String) async throws {
        let mechanism = try #require(KafkaSASLMechanism(name: mechanismName))
        try await withSASLCluster { virtual, dialer in
            let cluster = try KafkaCluster(
                configuration: configuration(
                    virtual, dialer, .init(mechanism: mechanism, username: "alice", password: "s3cret-pw")))
            let topic = "sasl-\(mechanismName.lowercased())"
            try await KafkaAdmin(cluster: cluster).createTopics([.init(name: topic, partitions: 3)])
            let metadata = try await cluster.refreshMetadata(topics: [topic])
            #expect(Set(try metadata.topic(topic).partitions.map(\.leader)).count == 3, "leaders are spread")

            let producer = KafkaProducer(cluster: cluster, configuration: .init(compression: .lz4))
            for i in 0..<300 {
                try await producer.send(
                    .init(
                        topic: topic, partition: Int32(i % 3), key: ByteBuffer(string: "k\(i)"),
                        value: ByteBuffer(string: "v\(i)")))
            }
            #expect(try await producer.flush() == 300)
            let read = try await consumeWithInlet(cluster, topic: topic, count: 300)
            await cluster.shutdown()
            #expect(Set(read.map { String(buffer: $0.value!) }) == Set((0..<300).map { "v\($0)" }))
            for partition in Int32(0)..<3 {
                #expect(read.filter { $0.partition == partition }.map(\.offset) == Array(0..<100))
            }
        }
    }

    @Test func wrongPasswordIsRefusedWithAClearError() async throws {
        try await withSASLCluster { virtual, dialer in
            for mechanism in [KafkaSASLMechanism.plain, .scramSHA512] {
                let cluster = try KafkaCluster(
                    configuration: configuration(
                        virtual, dialer, .init(mechanism: mechanism, username: "alice", password: "wrong-pw")))
                let error = await #expect(throws: KafkaClientError.self) { try await cluster.refreshMetadata() }
                #expect(error?.code == .sasl, "\(mechanism): \(String(describing: error))")
                #expect(error?.message.contains("alice") == true)
                #expect(error?.message.contains("wrong-pw") == false)
                await cluster.shutdown()
            }
        }
    }
}
