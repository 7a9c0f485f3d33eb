import Foundation
import InletTestSupport
import KafkaClient
import KafkaWire
import NIOCore
import NIOPosix
import Testing

// Interop between Inlet's Kafka client and confluent-kafka (librdkafka 2.16) through a real tansu broker:
// records written by one are read byte-exact by the other, for every codec.

/// A dialer that sends every broker connection to one address (a proxy in front of the broker).
struct ThroughProxyDialer: KafkaDialer {
    var host: String
    var port: Int

    func dial(_ broker: BrokerAddress, on eventLoop: any EventLoop) async throws -> any Channel {
        try await TCPDialer.connect(host: host, port: port, for: broker, on: eventLoop, timeout: .seconds(5))
    }
}

extension Tansu {
    func kafkaConfiguration(dialer: any KafkaDialer = TCPDialer()) throws -> KafkaConfiguration {
        KafkaConfiguration(
            bootstrapBrokers: [try KafkaConfiguration.parseBroker(bootstrap)], dialer: dialer,
            requestTimeout: .seconds(20), reconnectBackoff: KafkaBackoff(initial: .milliseconds(50)),
            retryTimeout: .seconds(30))
    }
}

extension KafkaConsumerRecord {
    /// The record as the peer would describe it, for byte-exact comparison.
    var peerRecord: PeerRecord {
        PeerRecord(
            partition: Int(partition), offset: offset, timestamp: timestamp,
            key: key.map { Array($0.readableBytesView) }, value: value.map { Array($0.readableBytesView) },
            headers: headers.map { PeerRecord.Header($0.key, $0.value.map { Array($0.readableBytesView) }) })
    }
}

extension PeerRecord {
    var producerMessage: (String) -> KafkaProducerMessage {
        { topic in
            KafkaProducerMessage(
                topic: topic, partition: self.partition.map(Int32.init), key: self.key.map { ByteBuffer(bytes: $0) },
                value: self.value.map { ByteBuffer(bytes: $0) },
                headers: self.headers.map { RecordHeader(key: $0.name, value: $0.value.map { ByteBuffer(bytes: $0) }) },
                timestamp: self.timestamp)
        }
    }
}

/// Records with keys (some null), values (some null), headers (some null-valued) and distinct timestamps.
func interopRecords(count: Int, partitions: Int, seed: Int) -> [PeerRecord] {
    (0..<count).map { i in
        let value: [UInt8]? =
            i % 97 == 5 ? nil : Array("value-\(seed)-\(i)-".utf8) + (0..<(i % 50)).map { UInt8($0 * 7 & 0xff) }
        let key: [UInt8]? = i % 13 == 0 ? nil : Array("key-\(i % 1000)".utf8)
        var headers: [PeerRecord.Header] = []
        if i % 3 == 0 { headers.append(.init("trace", Array("t\(i)".utf8))) }
        if i % 7 == 0 { headers.append(.init("empty", nil)) }
        if i % 11 == 0 { headers.append(.init("bin", [0, 255, 1, 254])) }
        return PeerRecord(
            partition: i % partitions, timestamp: 1_700_000_000_000 + Int64(i), key: key, value: value,
            headers: headers)
    }
}

/// Reads exactly `count` records with Inlet's consumer.
func consumeWithInlet(
    _ cluster: KafkaCluster, topic: String, count: Int, start: KafkaStartOffset = .earliest,
    bufferedRecords: Int = 100_000
) async throws -> [KafkaConsumerRecord] {
    let consumer = KafkaConsumer(
        cluster: cluster,
        configuration: .init(topic: topic, startOffset: start, bufferedRecords: bufferedRecords))
    var records: [KafkaConsumerRecord] = []
    records.reserveCapacity(count)
    while records.count < count, let chunk = try await consumer.nextChunk() {
        records.append(contentsOf: chunk)
    }
    consumer.stop()
    return records
}

@Suite(.serialized) struct KafkaInteropTests {
    static let codecs: [(PeerCompression, CompressionCodec)] = [
        (.none, .none), (.gzip, .gzip), (.snappy, .snappy), (.lz4, .lz4), (.zstd, .zstd),
    ]
    static let count = 100_000
    static let partitions = 4

    @Test(arguments: ["none", "gzip", "snappy", "lz4", "zstd"])
    func librdkafkaWritesInletReads(codecName: String) async throws {
        let (peerCodec, _) = Self.codecs.first { $0.0.rawValue == codecName }!
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            let topic = "rdk-to-inlet-\(codecName)"
            let written = interopRecords(count: Self.count, partitions: Self.partitions, seed: 1)
            let delivered = try await peer.produce(
                records: written, topic: topic, compression: peerCodec, createPartitions: Self.partitions)
            #expect(delivered == Self.count)

            let cluster = try KafkaCluster(configuration: tansu.kafkaConfiguration())
            let read = try await consumeWithInlet(cluster, topic: topic, count: Self.count)
            await cluster.shutdown()
            #expect(read.count == Self.count)
            for partition in 0..<Self.partitions {
                let got = read.filter { $0.partition == partition }.map(\.peerRecord)
                #expect(got.map(\.offset) == (0..<Int64(got.count)).map { $0 })
                let want = written.filter { $0.partition == partition }
                #expect(got.map(\.withoutOffset) == want, "partition \(partition) differs")
            }
        }
    }

    @Test(arguments: ["none", "gzip", "snappy", "lz4", "zstd"])
    func inletWritesLibrdkafkaReads(codecName: String) async throws {
        let (_, codec) = Self.codecs.first { $0.0.rawValue == codecName }!
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            let topic = "inlet-to-rdk-\(codecName)"
            let cluster = try KafkaCluster(configuration: tansu.kafkaConfiguration())
            try await KafkaAdmin(cluster: cluster).createTopics([.init(name: topic, partitions: Int32(Self.partitions))]
            )
            let written = interopRecords(count: Self.count, partitions: Self.partitions, seed: 2)
            let producer = KafkaProducer(cluster: cluster, configuration: .init(acks: .all, compression: codec))
            try await producer.send(contentsOf: written.map { $0.producerMessage(topic) })
            #expect(try await producer.flush() == Self.count)
            await cluster.shutdown()

            let read = try await peer.consume(topic: topic, count: Self.count)
            #expect(read.count == Self.count)
            for partition in 0..<Self.partitions {
                let got = read.filter { $0.partition == partition }
                #expect(got.map(\.offset) == (0..<Int64(got.count)).map { Optional($0) })
                let want = written.filter { $0.partition == partition }
                #expect(got.map(\.withoutOffset) == want, "partition \(partition) differs")
            }
        }
    }

    @Test func keyedRecordsLandWhereTheJavaPartitionerPutsThem() async throws {
        try await withTansu { tansu in
            let cluster = try KafkaCluster(configuration: tansu.kafkaConfiguration())
            try await KafkaAdmin(cluster: cluster).createTopics([.init(name: "keyed", partitions: 6)])
            let producer = KafkaProducer(cluster: cluster)
            for i in 0..<300 {
                let record = try await producer.sendAndWait(
                    .init(topic: "keyed", key: ByteBuffer(string: "user-\(i % 30)"), value: ByteBuffer(string: "\(i)")))
                let hash = KafkaPartitioner.murmur2(Array("user-\(i % 30)".utf8))
                #expect(record.partition == (hash & 0x7fff_ffff) % 6)
            }
            let read = try await consumeWithInlet(cluster, topic: "keyed", count: 300)
            await cluster.shutdown()
            for record in read {
                let key = String(buffer: record.key!)
                #expect(record.partition == (KafkaPartitioner.murmur2(Array(key.utf8)) & 0x7fff_ffff) % 6)
            }
        }
    }
}
