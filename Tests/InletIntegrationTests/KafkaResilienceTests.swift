import Foundation
import InletTestSupport
import KafkaClient
import KafkaWire
import NIOCore
import Testing

@Suite(.serialized) struct KafkaResilienceTests {
    @Test func metadataNamesTheBrokerAndLeaders() async throws {
        try await withTansu { tansu in
            let cluster = try KafkaCluster(configuration: tansu.kafkaConfiguration())
            try await KafkaAdmin(cluster: cluster).createTopics([.init(name: "three", partitions: 3)])
            let metadata = try await KafkaAdmin(cluster: cluster).metadata()
            await cluster.shutdown()
            #expect(metadata.brokers[Int32(Tansu.nodeID)]?.hostPort == tansu.bootstrap)
            let topic = try metadata.topic("three")
            #expect(topic.partitions.map(\.id) == [0, 1, 2])
            #expect(topic.partitions.allSatisfy { $0.leader == Int32(Tansu.nodeID) })
        }
    }

    @Test func unknownTopicIsAClearError() async throws {
        try await withTansu { tansu in
            let cluster = try KafkaCluster(configuration: tansu.kafkaConfiguration())
            let consumer = KafkaConsumer(cluster: cluster, configuration: .init(topic: "no-such-topic"))
            let error = await #expect(throws: KafkaClientError.self) { _ = try await consumer.nextChunk() }
            #expect(error?.code == .unknownTopic)
            #expect(error?.message.contains("no-such-topic") == true)
            await cluster.shutdown()
        }
    }

    @Test func startsAtOffsetTimestampAndLatest() async throws {
        try await withTansu { tansu in
            let cluster = try KafkaCluster(configuration: tansu.kafkaConfiguration())
            try await KafkaAdmin(cluster: cluster).createTopics([.init(name: "starts", partitions: 1)])
            // One record per batch: tansu answers ListOffsets with batch base offsets (latest = last base + 1).
            let producer = KafkaProducer(cluster: cluster, configuration: .init(linger: .zero))
            for i in 0..<100 {
                let written = try await producer.sendAndWait(
                    .init(
                        topic: "starts", value: ByteBuffer(string: "v\(i)"),
                        timestamp: 1_700_000_000_000 + Int64(i) * 10))
                #expect(written.offset == Int64(i))
            }
            #expect(try await producer.flush() == 100)
            let fromOffset = try await consumeWithInlet(cluster, topic: "starts", count: 10, start: .offset(90))
            #expect(fromOffset.map(\.offset) == Array(90..<100))
            let fromTime = try await consumeWithInlet(
                cluster, topic: "starts", count: 4, start: .timestamp(1_700_000_000_000 + 955))
            #expect(fromTime.map(\.offset) == [96, 97, 98, 99])

            let latest = KafkaConsumer(cluster: cluster, configuration: .init(topic: "starts", startOffset: .latest))
            let reader = Task { try await latest.nextChunk() }
            try await Task.sleep(for: .seconds(1))
            _ = try await producer.sendAndWait(.init(topic: "starts", value: ByteBuffer(string: "new")))
            let chunk = try await reader.value
            #expect(chunk?.first?.offset == 100)
            #expect(chunk?.first?.value.map { String(buffer: $0) } == "new")
            latest.stop()
            await cluster.shutdown()
        }
    }

    @Test func corruptBatchIsAnErrorNamingTopicPartitionOffset() async throws {
        try await withTansu { tansu in
            let cluster = try KafkaCluster(configuration: tansu.kafkaConfiguration())
            try await KafkaAdmin(cluster: cluster).createTopics([.init(name: "corrupt", partitions: 1)])
            let producer = KafkaProducer(cluster: cluster)
            for i in 0..<10 { try await producer.send(.init(topic: "corrupt", value: ByteBuffer(string: "good-\(i)"))) }
            try await producer.flush()

            // A batch whose CRC does not match its bytes, produced raw at offset 10.
            try await produceCorruptBatch(cluster, topic: "corrupt", partition: 0)

            let consumer = KafkaConsumer(cluster: cluster, configuration: .init(topic: "corrupt"))
            var good: [KafkaConsumerRecord] = []
            let error = await #expect(throws: KafkaClientError.self) {
                while let chunk = try await consumer.nextChunk() { good.append(contentsOf: chunk) }
            }
            #expect(good.map(\.offset) == Array(0..<10))
            #expect(error?.code == .corruptRecord)
            #expect(
                error?.message.contains("topic corrupt partition 0 at offset 10") == true,
                "\(String(describing: error))")
            await cluster.shutdown()
        }
    }

    @Test func killedConnectionsMidConsumeLoseAndRepeatNothing() async throws {
        try await withTansu { tansu in
            let total = 60_000
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            let written = interopRecords(count: total, partitions: 3, seed: 3)
            #expect(try await peer.produce(records: written, topic: "chaos", createPartitions: 3) == total)

            let proxy = try await ChaosProxy.start(targetPort: tansu.port)
            let configuration = try tansu.kafkaConfiguration(
                dialer: ThroughProxyDialer(host: proxy.host, port: proxy.port))
            let cluster = try KafkaCluster(configuration: configuration)
            let consumer = KafkaConsumer(
                cluster: cluster,
                configuration: .init(topic: "chaos", partitionMaxBytes: 64 * 1024, bufferedRecords: 500))
            var read: [KafkaConsumerRecord] = []
            var cuts = 0
            while read.count < total, let chunk = try await consumer.nextChunk() {
                read.append(contentsOf: chunk)
                if cuts < 3, read.count >= (cuts + 1) * total / 4 {
                    proxy.cutAllConnections()
                    cuts += 1
                }
            }
            consumer.stop()
            await cluster.shutdown()
            #expect(cuts == 3)
            #expect(proxy.acceptedConnections > 3, "the client never reconnected")
            await proxy.stop()
            #expect(read.count == total)
            for partition in 0..<3 {
                let got = read.filter { $0.partition == partition }.map(\.peerRecord)
                #expect(got.map(\.offset) == (0..<Int64(got.count)).map { $0 }, "lost or repeated in \(partition)")
                #expect(got.map(\.withoutOffset) == written.filter { $0.partition == partition })
            }
        }
    }

    @Test func refusedAndUnresolvableBootstrapAreNamed() async throws {
        let port = try FreePort.next()
        let refused = try KafkaCluster(
            configuration: .init(bootstrapBrokers: [.init(host: "127.0.0.1", port: port)]))
        let error = await #expect(throws: KafkaClientError.self) { try await refused.refreshMetadata() }
        #expect(error?.message.contains("connection refused by 127.0.0.1:\(port)") == true)
        let unresolvable = try KafkaCluster(
            configuration: .init(bootstrapBrokers: [.init(host: "b-1.msk.invalid", port: 9096)]))
        let error2 = await #expect(throws: KafkaClientError.self) { try await unresolvable.refreshMetadata() }
        #expect(error2?.message.contains("cannot resolve b-1.msk.invalid") == true)
    }
}
