import Foundation
import InletTestSupport
import KafkaClient
import KafkaWire
import NIOCore
import Testing

/// The producer against tansu: order per partition with many Produce requests in flight, every acks level,
/// and connections killed with requests in flight.
@Suite(.serialized) struct KafkaProducerOrderingTests {
    /// Small batches, so that thousands of records make hundreds of requests, several in flight at once.
    static func smallBatches(acks: KafkaAcks = .all, inFlight: Int = 8) -> KafkaProducerConfiguration {
        .init(acks: acks, linger: .milliseconds(20), batchBytes: 2048, maxInFlightPerPartition: inFlight)
    }

    static func values(of records: [KafkaConsumerRecord], partition: Int32) -> [String] {
        records.filter { $0.partition == partition }.map { $0.value.map { String(buffer: $0) } ?? "<null>" }
    }

    @Test func manyBatchesInFlightKeepTheOrderOfEachPartition() async throws {
        try await withTansu { tansu in
            let cluster = try KafkaCluster(configuration: tansu.kafkaConfiguration())
            try await KafkaAdmin(cluster: cluster).createTopics([.init(name: "ordered", partitions: 3)])
            let producer = KafkaProducer(cluster: cluster, configuration: Self.smallBatches())
            let total = 30_000
            for chunk in stride(from: 0, to: total, by: 500) {
                try await producer.send(
                    contentsOf: (chunk..<chunk + 500).map { i in
                        KafkaProducerMessage(
                            topic: "ordered", partition: Int32(i % 3), value: ByteBuffer(string: "\(i % 3)-\(i / 3)"))
                    })
            }
            #expect(try await producer.flush() == total)
            let read = try await consumeWithInlet(cluster, topic: "ordered", count: total)
            await cluster.shutdown()
            #expect(read.count == total)
            for partition in Int32(0)..<3 {
                let got = Self.values(of: read, partition: partition)
                #expect(got == (0..<total / 3).map { "\(partition)-\($0)" }, "partition \(partition) out of order")
                let offsets = read.filter { $0.partition == partition }.map(\.offset)
                #expect(offsets == (0..<Int64(total / 3)).map { $0 })
            }
        }
    }

    @Test(arguments: ["0", "1", "all"])
    func everyAcksLevelDeliversInOrder(acks: String) async throws {
        try await withTansu { tansu in
            let level = try #require(KafkaAcks(acks))
            let cluster = try KafkaCluster(configuration: tansu.kafkaConfiguration())
            try await KafkaAdmin(cluster: cluster).createTopics([.init(name: "acks", partitions: 1)])
            let producer = KafkaProducer(cluster: cluster, configuration: Self.smallBatches(acks: level))
            let total = 5_000
            try await producer.send(
                contentsOf: (0..<total).map { KafkaProducerMessage(topic: "acks", value: ByteBuffer(string: "v\($0)")) }
            )
            let last = try await producer.sendAndWait(.init(topic: "acks", value: ByteBuffer(string: "last")))
            #expect(try await producer.flush() == total + 1)
            #expect(last.partition == 0)
            #expect(last.offset == (level == .none ? -1 : Int64(total)), "offset of the last record with acks=\(acks)")
            let read = try await consumeWithInlet(cluster, topic: "acks", count: total + 1)
            await cluster.shutdown()
            #expect(Self.values(of: read, partition: 0) == (0..<total).map { "v\($0)" } + ["last"])
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func connectionsKilledWithRequestsInFlightLoseNothingAndKeepOrder() async throws {
        try await withTansu { tansu in
            let proxy = try await ChaosProxy.start(targetPort: tansu.port)
            let cluster = try KafkaCluster(
                configuration: tansu.kafkaConfiguration(dialer: ThroughProxyDialer(host: proxy.host, port: proxy.port)))
            try await KafkaAdmin(cluster: cluster).createTopics([.init(name: "cut", partitions: 2)])
            let producer = KafkaProducer(cluster: cluster, configuration: Self.smallBatches(inFlight: 5))
            let perRound = 4_000
            let rounds = 4
            for round in 0..<rounds {
                let accepted = proxy.acceptedConnections
                if round > 0 { proxy.pause() }
                try await producer.send(
                    contentsOf: (round * perRound..<(round + 1) * perRound).map { i in
                        KafkaProducerMessage(
                            topic: "cut", partition: Int32(i % 2), value: ByteBuffer(string: "\(i % 2)-\(i / 2)"))
                    })
                if round > 0 {
                    // Requests are written and held by the paused proxy; then the connection dies under them.
                    try await Task.sleep(for: .milliseconds(300))
                    proxy.cutAllConnections()
                    proxy.resume()
                }
                #expect(try await producer.flush() == (round + 1) * perRound)
                if round > 0 {
                    #expect(proxy.acceptedConnections > accepted, "round \(round): the producer never reconnected")
                }
            }
            await proxy.stop()
            await cluster.shutdown()

            let direct = try KafkaCluster(configuration: tansu.kafkaConfiguration())
            let total = rounds * perRound
            let consumer = KafkaConsumer(cluster: direct, configuration: .init(topic: "cut", startOffset: .earliest))
            var read: [KafkaConsumerRecord] = []
            var distinct = Set<String>()
            while distinct.count < total, let chunk = try await consumer.nextChunk() {
                read.append(contentsOf: chunk)
                for record in chunk { distinct.insert(record.value.map { String(buffer: $0) } ?? "") }
            }
            consumer.stop()
            await direct.shutdown()
            for partition in Int32(0)..<2 {
                // Without idempotence a batch whose answer was lost may be written twice; nothing may be lost
                // and nothing may come before what was sent before it.
                var seen = Set<String>()
                let firsts = Self.values(of: read, partition: partition).filter { seen.insert($0).inserted }
                #expect(firsts == (0..<total / 2).map { "\(partition)-\($0)" }, "partition \(partition)")
            }
        }
    }
}
