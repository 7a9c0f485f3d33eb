import Foundation
import InletTestSupport
import KafkaClient
import KafkaWire
import NIOCore
import Testing

/// With one Fetch covering several partitions, an error in one partition's answer is that partition's: the
/// other partitions' records in the same answer are delivered, and the error names topic, partition and offset.
@Suite(.serialized, .timeLimit(.minutes(2))) struct KafkaPartitionErrorTests {
    /// Creates `topic` with `partitions` partitions and writes `count` records "`prefix`-i" into each.
    func fill(_ cluster: KafkaCluster, topic: String, partitions: Int32, count: Int, prefix: String) async throws {
        try await KafkaAdmin(cluster: cluster).createTopics([.init(name: topic, partitions: partitions)])
        let producer = KafkaProducer(cluster: cluster)
        for partition in Int32(0)..<partitions {
            for i in 0..<count {
                try await producer.send(
                    .init(topic: topic, partition: partition, value: ByteBuffer(string: "\(prefix)-\(i)")))
            }
        }
        try await producer.flush()
    }

    @Test func corruptBatchInOnePartitionEndsAfterTheOthersRecords() async throws {
        try await withTansu { tansu in
            let cluster = try KafkaCluster(configuration: tansu.kafkaConfiguration())
            try await fill(cluster, topic: "corrupt3", partitions: 3, count: 10, prefix: "good")
            try await produceCorruptBatch(cluster, topic: "corrupt3", partition: 1)

            let consumer = KafkaConsumer(cluster: cluster, configuration: .init(topic: "corrupt3"))
            var good: [KafkaConsumerRecord] = []
            let error = await #expect(throws: KafkaClientError.self) {
                while let chunk = try await consumer.nextChunk() { good.append(contentsOf: chunk) }
            }
            await cluster.shutdown()
            #expect(error?.code == .corruptRecord)
            #expect(
                error?.message.contains("topic corrupt3 partition 1 at offset 10") == true,
                "\(String(describing: error))")
            for partition in Int32(0)..<3 {
                #expect(
                    good.filter { $0.partition == partition }.map(\.offset) == Array(0..<10),
                    "partition \(partition)")
            }
        }
    }

    /// tansu 0.6.0 answers a fetch beyond the end with an empty partition; the virtual cluster answers
    /// OFFSET_OUT_OF_RANGE there, as Kafka does.
    @Test func offsetOutOfRangeNamesThePartitionAndTheOthersAreDelivered() async throws {
        try await withTansu { tansu in
            let virtual = try await VirtualCluster.start(
                brokers: 1, tansu: tansu, advertised: "127.0.0.1:{port}", offsetOutOfRange: true)
            do {
                let first = virtual.initialBrokers[0]
                let cluster = try KafkaCluster(
                    configuration: KafkaConfiguration(
                        bootstrapBrokers: [BrokerAddress(host: first.host, port: first.advertisedPort)]))
                try await fill(cluster, topic: "range3", partitions: 3, count: 5, prefix: "r")
                let consumer = KafkaConsumer(
                    cluster: cluster, configuration: .init(topic: "range3", startOffsets: [2: 999]))
                var good: [KafkaConsumerRecord] = []
                let error = await #expect(throws: KafkaClientError.self) {
                    while let chunk = try await consumer.nextChunk() { good.append(contentsOf: chunk) }
                }
                await cluster.shutdown()
                #expect(
                    error?.kafkaErrorCode == KafkaErrorCode.offsetOutOfRange.rawValue, "\(String(describing: error))")
                #expect(error?.message.contains("offset 999 is out of range for range3/2") == true)
                #expect(good.filter { $0.partition == 0 }.map(\.offset) == Array(0..<5))
                #expect(good.filter { $0.partition == 1 }.map(\.offset) == Array(0..<5))
                #expect(!good.contains { $0.partition == 2 })
            } catch {
                await virtual.stop()
                throw error
            }
            await virtual.stop()
        }
    }
}
