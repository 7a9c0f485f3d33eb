import ArgumentParser
import Foundation
import KafkaClient
import KafkaWire
import NIOCore

/// `inlet kafka produce`: one record per stdin line, optionally `key<sep>value`, then how many were acknowledged.
///
/// A topic that does not exist is created by the broker where it allows it (Metadata with AllowAutoTopicCreation,
/// as Kafka's producer asks), and the output says so.
struct KafkaProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Produce one record per line of stdin and print how many were acknowledged.")

    @OptionGroup var connection: KafkaConnectionOptions

    @Option(help: "The topic to write to.")
    var topic: String

    @Option(help: "Split each line at the first occurrence of this string into key and value.")
    var keySeparator: String?

    @Option(help: "Write every record to this partition instead of partitioning by key.")
    var partition: Int32?

    @Option(help: "none, gzip, snappy, lz4 or zstd.")
    var compression: String = "none"

    @Option(help: "0, 1 or all.")
    var acks: String = "all"

    @Option(help: "How long a batch waits for more records, in milliseconds.")
    var lingerMs: Int = 5

    @Flag(
        inversion: .prefixedNo,
        help: "Let the broker create a missing topic with its defaults, as Kafka's producer does (where it allows it).")
    var createTopic = true

    func run() async throws {
        try await reportingErrors {
            guard let codec = CompressionCodec(name: compression) else {
                throw KafkaClientError(
                    .configuration, "--compression \(compression) is not one of none, gzip, snappy, lz4, zstd")
            }
            guard let acks = KafkaAcks(acks) else {
                throw KafkaClientError(.configuration, "--acks \(self.acks) is not one of 0, 1, all")
            }
            let cluster = try KafkaCluster(configuration: try connection.makeConfiguration())
            let producer = KafkaProducer(
                cluster: cluster,
                configuration: .init(acks: acks, linger: .milliseconds(Int64(lingerMs)), compression: codec))
            do {
                try await findTopic(in: cluster)
                var batch: [KafkaProducerMessage] = []
                while let line = readLine(strippingNewline: true) {
                    batch.append(message(for: line))
                    if batch.count == 1000 {
                        try await producer.send(contentsOf: batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                try await producer.send(contentsOf: batch)
                let acknowledged = try await producer.flush()
                print(acks == .none ? "\(acknowledged) records sent (acks=0)" : "\(acknowledged) records acknowledged")
            } catch {
                await cluster.shutdown()
                throw error
            }
            await cluster.shutdown()
        }
    }

    /// Checks that the topic exists, or lets the broker create it; says so when it did.
    private func findTopic(in cluster: KafkaCluster) async throws {
        guard createTopic else {
            _ = try await cluster.metadata(topics: [topic]).topic(topic)
            return
        }
        do {
            let (found, created) = try await cluster.topicCreatingIfAllowed(topic)
            if created {
                print("created topic \(topic) with \(found.partitions.count) partitions (the broker's defaults)")
            }
        } catch let error as KafkaClientError where error.code == .unknownTopic {
            throw KafkaClientError(
                .unknownTopic,
                "topic \(topic) does not exist and the broker does not create topics on first use "
                    + "(auto.create.topics.enable=false); create it with `inlet kafka topic create \(topic)`",
                kafkaErrorCode: error.kafkaErrorCode, underlying: error)
        }
    }

    private func message(for line: String) -> KafkaProducerMessage {
        if let keySeparator, !keySeparator.isEmpty, let range = line.range(of: keySeparator) {
            return KafkaProducerMessage(
                topic: topic, partition: partition, key: ByteBuffer(string: String(line[..<range.lowerBound])),
                value: ByteBuffer(string: String(line[range.upperBound...])))
        }
        return KafkaProducerMessage(topic: topic, partition: partition, value: ByteBuffer(string: line))
    }
}
