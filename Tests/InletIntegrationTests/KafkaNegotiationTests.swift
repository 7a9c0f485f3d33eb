import Foundation
import InletTestSupport
import KafkaClient
import KafkaWire
import NIOCore
import Testing

/// The client speaks each API at the highest version it shares with the broker, flexible wherever the broker
/// offers it: checked on what the client wrote (its per-connection request log) and, in the virtual cluster, on
/// what the peer received.
@Suite(.serialized, .timeLimit(.minutes(3))) struct KafkaNegotiationTests {
    static func versions(_ sent: [KafkaRequestKind: Int], _ key: APIKey) -> [Int16] {
        sent.keys.filter { $0.apiKey == key }.map(\.version).sorted()
    }

    @Test func adminSpeaksTheNewestCommonVersionsWithTansu() async throws {
        try await withTansu { tansu in
            let cluster = try KafkaCluster(configuration: tansu.kafkaConfiguration())
            let admin = KafkaAdmin(cluster: cluster)
            try await admin.createTopics([
                .init(name: "negotiated", partitions: 2, configs: ["cleanup.policy": "delete"])
            ])
            let again = await #expect(throws: KafkaClientError.self) {
                try await admin.createTopics([.init(name: "negotiated", partitions: 2)])
            }
            #expect(again?.kafkaErrorCode == KafkaErrorCode.topicAlreadyExists.rawValue)
            try await admin.createTopics([.init(name: "negotiated", partitions: 2)], ignoreExisting: true)
            #expect(try await admin.metadata(topics: ["negotiated"]).topic("negotiated").partitions.count == 2)
            try await admin.deleteTopics(["negotiated"])
            try await admin.deleteTopics(["negotiated"], ignoreMissing: true)
            let sent = try await cluster.connection(toNode: Int32(Tansu.nodeID)).requestsSent
            await cluster.shutdown()
            // tansu 0.6.0 offers ApiVersions 0-4, CreateTopics 0-7, DeleteTopics 0-6 (WireVersionsTansuTests).
            #expect(Self.versions(sent, .apiVersions) == [4], "ApiVersions: \(sent)")
            #expect(Self.versions(sent, .createTopics) == [7], "CreateTopics: \(sent)")
            #expect(Self.versions(sent, .deleteTopics) == [6], "DeleteTopics: \(sent)")
            #expect(sent[KafkaRequestKind(.createTopics, version: 7)] == 3)
        }
    }

    @Test func consumerFetchesByTopicIDAtFlexibleVersionsFromTansu() async throws {
        try await withTansu { tansu in
            let written = interopRecords(count: 3_000, partitions: 3, seed: 21)
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            #expect(try await peer.produce(records: written, topic: "flexible", createPartitions: 3) == 3_000)
            let cluster = try KafkaCluster(configuration: tansu.kafkaConfiguration())
            let consumer = KafkaConsumer(cluster: cluster, configuration: .init(topic: "flexible"))
            var read: [KafkaConsumerRecord] = []
            while read.count < written.count, let chunk = try await consumer.nextChunk() {
                read.append(contentsOf: chunk)
            }
            consumer.stop()
            let sent = try await cluster.connection(toNode: Int32(Tansu.nodeID)).requestsSent
            let metadata = try await cluster.anyConnection().requestsSent
            await cluster.shutdown()
            #expect(read.count == written.count)
            for partition in 0..<3 {
                let got = read.filter { $0.partition == partition }.map(\.peerRecord)
                #expect(got.map(\.withoutOffset) == written.filter { $0.partition == partition })
            }
            // tansu 0.6.0 offers Fetch 0-17 (flexible from 12, topic ids from 13), ListOffsets 0-9 (flexible
            // from 6) and Metadata 0-12 (topic ids from 10): the client uses the newest of each.
            #expect(Self.versions(sent, .fetch) == [17], "\(sent)")
            #expect(Self.versions(sent, .listOffsets) == [9], "\(sent)")
            #expect(sent[KafkaRequestKind(.listOffsets, version: 9)] == 1, "one ListOffsets for three partitions")
            #expect(Self.versions(metadata, .metadata) == [12], "\(metadata)")
        }
    }

    @Test func olderApiVersionsIsNegotiatedDownAndSASLRunsAtTheBrokersVersions() async throws {
        try await withTansu { tansu in
            let virtual = try await VirtualCluster.start(
                brokers: 2, tansu: tansu, advertised: "127.0.0.1:{port}",
                sasl: .init(mechanisms: [.scramSHA256], users: ["alice": "s3cret-pw"]), apiVersionsMax: 2)
            do {
                let first = virtual.initialBrokers[0]
                let cluster = try KafkaCluster(
                    configuration: KafkaConfiguration(
                        bootstrapBrokers: [BrokerAddress(host: first.host, port: first.advertisedPort)],
                        sasl: .init(mechanism: .scramSHA256, username: "alice", password: "s3cret-pw")))
                let metadata = try await cluster.refreshMetadata(topics: [])
                #expect(metadata.brokers.count == 2)
                let connection = try await cluster.connection(toNode: 2)
                let sent = connection.requestsSent
                await cluster.shutdown()
                #expect(Self.versions(sent, .apiVersions) == [2, 4], "v4 refused, then v2: \(sent)")
                #expect(Self.versions(sent, .saslHandshake) == [1])
                #expect(Self.versions(sent, .saslAuthenticate) == [2], "flexible SaslAuthenticate: \(sent)")
                let received = try await virtual.received()
                let atBroker2 = try #require(received[2])
                #expect(atBroker2.versions(ofAPI: 18) == [4: 1, 2: 1], "\(atBroker2.requests)")
                #expect(atBroker2.versions(ofAPI: 17) == [1: 1])
                #expect(atBroker2.versions(ofAPI: 36) == [2: 2], "SCRAM: client-first and client-final")
            } catch {
                await virtual.stop()
                throw error
            }
            await virtual.stop()
        }
    }
}
