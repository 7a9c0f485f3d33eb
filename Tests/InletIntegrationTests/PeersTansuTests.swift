import Foundation
import InletTestSupport
import Testing

/// Proves that tansu starts on a free port and that confluent-kafka round-trips records through it.
@Suite("Peers: tansu and confluent-kafka")
struct PeersTansuTests {
    @Test("tansu advertises itself as node 111 on its free port")
    func metadata() async throws {
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            try await peer.createTopic("meta", partitions: 3)
            let metadata = try await peer.metadata(topic: "meta")
            #expect(metadata.brokers == [.init(id: Tansu.nodeID, host: "127.0.0.1", port: tansu.port)])
            #expect(metadata.topics["meta"]?.count == 3)
            #expect((0..<3).allSatisfy { metadata.leader(topic: "meta", partition: $0) == Tansu.nodeID })
        }
    }

    @Test(
        "confluent-kafka round-trips keys, values, nulls, headers and timestamps", arguments: PeerCompression.allCases)
    func roundTrip(compression: PeerCompression) async throws {
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            let records = (0..<300).map { i in
                PeerRecord(
                    partition: i % 3,
                    timestamp: 1_700_000_000_000 + Int64(i),
                    key: i % 10 == 0 ? nil : Array("key-\(i)".utf8),
                    value: i % 17 == 0 ? nil : Array(repeating: UInt8(i % 256), count: i),
                    headers: i % 2 == 0 ? [.init("h", Array("x\(i)".utf8)), .init("empty", nil)] : [])
            }
            let delivered = try await peer.produce(
                records: records, topic: "rt", compression: compression, createPartitions: 3)
            #expect(delivered == records.count)
            let consumed = try await peer.consume(topic: "rt", count: records.count)
            #expect(consumed.count == records.count)
            for partition in 0..<3 {
                let sent = records.filter { $0.partition == partition }
                let got = consumed.filter { $0.partition == partition }
                #expect(got.map(\.withoutOffset) == sent)
                #expect(got.map { $0.offset ?? -1 } == (0..<Int64(sent.count)).map { $0 })
            }
        }
    }

    @Test("the librdkafka benchmark peer moves every record and reports its figures")
    func benchmarkPeer() async throws {
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            let produced = try await peer.benchmarkProduce(topic: "bench", count: 20_000, size: 100, partitions: 2)
            let consumed = try await peer.benchmarkConsume(topic: "bench", count: 20_000)
            #expect(produced.records == 20_000 && produced.bytes == 2_000_000)
            #expect(consumed.records == 20_000 && consumed.bytes == 2_000_000)
            #expect(consumed.recordsPerSecond > 0)
        }
    }

    @Test("the virtual cluster's codec re-encodes tansu's answers byte-exact in every version")
    func codecMatchesTansu() async throws {
        try await withTansu { tansu in
            try await LibrdkafkaPeer(bootstrap: tansu.bootstrap).createTopic("codec", partitions: 1)
            let python = try await PeerEnvironment.python()
            let result = try await PeerCommand.run(
                name: "kafka_codec_selftest", executable: python,
                arguments: [
                    PeerPaths.script("kafka_codec_selftest.py"), "--broker", tansu.bootstrap, "--topic", "codec",
                ])
            struct Summary: Decodable {
                var versions: Int
                var responses: Int
                enum CodingKeys: String, CodingKey {
                    case versions = "versions_checked"
                    case responses = "responses_checked"
                }
            }
            let summary = try JSONDecoder().decode(Summary.self, from: result.stdout)
            #expect(summary.versions > 100)
            #expect(summary.responses == 57)
        }
    }
}
