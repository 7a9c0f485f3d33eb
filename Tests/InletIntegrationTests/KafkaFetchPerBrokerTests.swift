import Foundation
import InletTestSupport
import KafkaClient
import KafkaWire
import NIOCore
import Testing

/// The consumer fetches per leader broker the partitions that broker leads, at the negotiated (flexible, topic-id)
/// version: in one Fetch at a time, or split over two while they all have records waiting; when leadership
/// moves, only the moved partitions are re-routed. Observed on the peer's side: the virtual cluster records the
/// partitions of every Fetch each broker receives.
@Suite(.serialized, .timeLimit(.minutes(3))) struct KafkaFetchPerBrokerTests {
    func withVirtual(brokers: Int, _ body: (Tansu, VirtualCluster, KafkaConfiguration) async throws -> Void)
        async throws
    {
        try await withTansu { tansu in
            let virtual = try await VirtualCluster.start(brokers: brokers, tansu: tansu, advertised: "127.0.0.1:{port}")
            do {
                let first = virtual.initialBrokers[0]
                let configuration = KafkaConfiguration(
                    bootstrapBrokers: [BrokerAddress(host: first.host, port: first.advertisedPort)],
                    requestTimeout: .seconds(20), retryTimeout: .seconds(30))
                try await body(tansu, virtual, configuration)
            } catch {
                await virtual.stop()
                throw error
            }
            await virtual.stop()
        }
    }

    /// Writes `count` records over `partitions` new partitions of `topic` with librdkafka; returns them in order.
    func produce(_ count: Int, partitions: Int, seed: Int, topic: String, to tansu: Tansu) async throws
        -> [PeerRecord]
    {
        let written = interopRecords(count: count, partitions: partitions, seed: seed)
        let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
        #expect(try await peer.produce(records: written, topic: topic, createPartitions: partitions) == count)
        return written
    }

    /// Reads until `count` records have arrived (or the consumer ends); `afterChunk` sees what was read so far.
    func readRecords(
        _ count: Int, from consumer: KafkaConsumer,
        afterChunk: ([KafkaConsumerRecord]) async throws -> Void = { _ in }
    ) async throws -> [KafkaConsumerRecord] {
        var read: [KafkaConsumerRecord] = []
        while read.count < count, let chunk = try await consumer.nextChunk() {
            read.append(contentsOf: chunk)
            try await afterChunk(read)
        }
        return read
    }

    func check(_ read: [KafkaConsumerRecord], against written: [PeerRecord], partitions: Int) {
        #expect(read.count == written.count)
        for partition in 0..<partitions {
            let got = read.filter { $0.partition == partition }.map(\.peerRecord)
            #expect(got.map(\.offset) == (0..<Int64(got.count)).map { $0 }, "lost or repeated in \(partition)")
            #expect(got.map(\.withoutOffset) == written.filter { $0.partition == partition })
        }
    }

    @Test func oneFetchPerBrokerForAllPartitionsItLeads() async throws {
        try await withVirtual(brokers: 2) { tansu, virtual, configuration in
            let written = try await produce(8_000, partitions: 4, seed: 11, topic: "per-broker", to: tansu)
            let cluster = try KafkaCluster(configuration: configuration)
            let consumer = KafkaConsumer(
                cluster: cluster, configuration: .init(topic: "per-broker", fetchesPerBroker: 1))
            let read = try await readRecords(written.count, from: consumer)
            consumer.stop()
            let sent = try await [1, 2].asyncMap { try await cluster.connection(toNode: Int32($0)).requestsSent }
            await cluster.shutdown()
            check(read, against: written, partitions: 4)

            let received = try await virtual.received()
            // Broker 1 leads partitions 0 and 2, broker 2 leads 1 and 3 (p mod 2 + 1): every Fetch a broker
            // received asks for both its partitions and nothing else, one request per broker per round.
            #expect(received[1]?.fetches.isEmpty == false)
            #expect(received[1]?.fetches.allSatisfy { $0 == [0, 2] } == true, "\(received[1]?.fetches ?? [])")
            #expect(received[2]?.fetches.allSatisfy { $0 == [1, 3] } == true, "\(received[2]?.fetches ?? [])")
            // Start offsets: one ListOffsets per broker for both its partitions.
            #expect(received[1]?.versions(ofAPI: 2) == [9: 1], "\(received[1]?.requests ?? [:])")
            #expect(received[2]?.versions(ofAPI: 2) == [9: 1])
            // tansu offers Fetch 0-17 and Metadata with topic ids: fetched by topic id at v17 (flexible from 12).
            #expect(received[1]?.versions(ofAPI: 1).keys.sorted() == [17])
            for requests in sent {
                #expect(requests.keys.filter { $0.apiKey == .fetch }.map(\.version) == [17], "\(requests)")
                #expect(requests.keys.filter { $0.apiKey == .listOffsets }.map(\.version) == [9], "\(requests)")
            }
        }
    }

    /// With two fetches per broker (the default), a broker's partitions are split while they have records
    /// waiting: each Fetch asks for a share of one broker's partitions and never another's.
    @Test func twoFetchesPerBrokerSplitItsPartitions() async throws {
        try await withVirtual(brokers: 2) { tansu, virtual, configuration in
            let written = try await produce(20_000, partitions: 4, seed: 14, topic: "split", to: tansu)
            let cluster = try KafkaCluster(configuration: configuration)
            let consumer = KafkaConsumer(
                cluster: cluster, configuration: .init(topic: "split", partitionMaxBytes: 64 * 1024))
            let read = try await readRecords(written.count, from: consumer)
            consumer.stop()
            await cluster.shutdown()
            check(read, against: written, partitions: 4)

            let received = try await virtual.received()
            let first = received[1]?.fetches ?? []
            let second = received[2]?.fetches ?? []
            #expect(first.allSatisfy { !$0.isEmpty && Set($0).isSubset(of: [0, 2]) }, "\(first)")
            #expect(second.allSatisfy { !$0.isEmpty && Set($0).isSubset(of: [1, 3]) }, "\(second)")
            #expect(first.contains([0]) && first.contains([2]), "broker 1's partitions were split: \(first)")
            #expect(second.contains([1]) && second.contains([3]), "broker 2's partitions were split: \(second)")
        }
    }

    /// After a split catch-up the consumer is at the tail with every partition idle: records written then to one
    /// partition still arrive, in order, whichever share that partition was in.
    @Test func recordsWrittenAtTheTailArriveAfterASplitCatchUp() async throws {
        try await withVirtual(brokers: 2) { tansu, _, configuration in
            let written = try await produce(4_000, partitions: 4, seed: 15, topic: "tail", to: tansu)
            let cluster = try KafkaCluster(configuration: configuration)
            let consumer = KafkaConsumer(
                cluster: cluster,
                configuration: .init(topic: "tail", maxWait: .milliseconds(200), partitionMaxBytes: 16 * 1024))
            let read = try await readRecords(written.count, from: consumer)
            let late = (0..<30).map { PeerRecord(partition: $0 < 20 ? 2 : 1, value: Array("late \($0)".utf8)) }
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            #expect(try await peer.produce(records: late, topic: "tail") == late.count)
            let more = try await readRecords(late.count, from: consumer)
            consumer.stop()
            await cluster.shutdown()
            check(read, against: written, partitions: 4)
            #expect(more.count == late.count)
            for partition: Int32 in [1, 2] {
                let values = more.filter { $0.partition == partition }.map { String(buffer: $0.value!) }
                let expected = late.enumerated().filter { Int32($0.element.partition!) == partition }
                    .map { "late \($0.offset)" }
                #expect(values == expected, "partition \(partition)")
            }
        }
    }

    @Test func movedPartitionsAreReroutedAndTheOthersGoOn() async throws {
        try await withVirtual(brokers: 2) { tansu, virtual, configuration in
            let total = 40_000
            let written = try await produce(total, partitions: 4, seed: 12, topic: "moving", to: tansu)
            let cluster = try KafkaCluster(configuration: configuration)
            let consumer = KafkaConsumer(
                cluster: cluster,
                configuration: .init(topic: "moving", partitionMaxBytes: 16 * 1024, bufferedRecords: 400))
            var joined = false
            let read = try await readRecords(total, from: consumer) { read in
                if !joined, read.count >= total / 3 {
                    // Broker 3 joins: partition 2 moves from broker 1 to 3, partition 3 from broker 2 to 1.
                    _ = try await virtual.addBroker()
                    joined = true
                }
            }
            consumer.stop()
            await cluster.shutdown()
            #expect(joined)
            check(read, against: written, partitions: 4)
            let received = try await virtual.received()
            let third = received[3]?.fetches ?? []
            #expect(third.contains { $0.contains(2) }, "partition 2 was re-routed to its new leader: \(third)")
            #expect(third.allSatisfy { Set($0).isSubset(of: [2]) })
            let first = received[1]?.fetches ?? []
            #expect(first.allSatisfy { Set($0).isSubset(of: [0, 2, 3]) }, "\(first)")
            #expect(first.contains { $0.contains(3) }, "partition 3 was re-routed to broker 1")
        }
    }

    @Test func cutBrokerConnectionsLoseAndRepeatNothing() async throws {
        try await withVirtual(brokers: 3) { tansu, virtual, configuration in
            let total = 30_000
            let written = try await produce(total, partitions: 6, seed: 13, topic: "cut", to: tansu)
            let cluster = try KafkaCluster(configuration: configuration)
            let consumer = KafkaConsumer(
                cluster: cluster,
                configuration: .init(topic: "cut", partitionMaxBytes: 16 * 1024, bufferedRecords: 600))
            var cuts = 0
            let read = try await readRecords(total, from: consumer) { read in
                if cuts < 2, read.count >= (cuts + 1) * total / 3 {
                    // Broker 2 (partitions 1 and 4) loses its connections; brokers 1 and 3 go on.
                    cuts += try await virtual.cutConnections(broker: 2) > 0 ? 1 : 0
                }
            }
            consumer.stop()
            await cluster.shutdown()
            #expect(cuts == 2)
            check(read, against: written, partitions: 6)
            let brokers = try await virtual.brokers()
            #expect((brokers.first { $0.id == 2 }?.connections ?? 0) >= 3, "the client reconnected to broker 2")
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
