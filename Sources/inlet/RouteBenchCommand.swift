import ArgumentParser
import Foundation
import KafkaClient
import NIOCore
import Routing

/// `inlet bench route`: what a PrivateLink-style route costs. Consume throughput directly from the broker and
/// through a load balancer listener (an exact `--route` to it), in the same run, plus connection set-up time per
/// broker both ways.
///
/// Starts nothing itself: `scripts/bench-privatelink` starts tansu and haproxy and passes their addresses.
struct RouteBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Consume throughput and connection set-up time, direct vs. through a routed listener.")

    @Option(help: "The broker, host:port (it must advertise this address).")
    var bootstrap: String

    @Option(help: "The listener in front of the broker (haproxy, an NLB), host:port.")
    var via: String

    @Option(help: "Records in the benchmark topic.")
    var records: Int = 1_000_000

    @Option(help: "Value size in bytes.")
    var size: Int = 100

    @Option(help: "Partitions of the benchmark topic.")
    var partitions: Int32 = 4

    @Option(help: "Consume runs per path; best and median are reported, runs alternate between the paths.")
    var rounds: Int = 3

    @Option(help: "Fetches in flight per broker (the consumer's fetchesPerBroker).")
    var fetchesPerBroker = KafkaConsumerConfiguration(topic: "").fetchesPerBroker

    @Option(help: "Connections opened per broker and path for the set-up time.")
    var connections: Int = 50

    func run() async throws {
        try await reportingErrors {
            let broker = try KafkaConfiguration.parseBroker(bootstrap)
            let direct = KafkaConfiguration(bootstrapBrokers: [broker])
            var routed = direct
            routed.route(
                through: RoutingDialer(
                    resolver: RouteResolver(table: try RouteTable(routes: ["\(broker.hostPort)=\(via)"])),
                    tcp: TCPDialer()))

            let topic = "bench-route-\(ProcessInfo.processInfo.processIdentifier)-\(Int(Date().timeIntervalSince1970))"
            let setupCluster = try KafkaCluster(configuration: direct)
            try await KafkaAdmin(cluster: setupCluster).createTopics([.init(name: topic, partitions: partitions)])
            try await fill(setupCluster, topic: topic)
            await setupCluster.shutdown()
            print(
                "records=\(records) size=\(size) partitions=\(partitions) fetches-per-broker=\(fetchesPerBroker) "
                    + "broker=\(bootstrap) via=\(via)")

            var rates: [String: [Double]] = [:]
            var cpu: [String: [Double]] = [:]
            for round in 1...rounds {
                for (name, configuration) in [("direct", direct), ("routed", routed)] {
                    let cpuStart = BenchFigures.cpuSeconds()
                    let cluster = try KafkaCluster(configuration: configuration)
                    let (count, seconds) = try await consume(cluster, topic: topic)
                    await cluster.shutdown()
                    // The client's own CPU per record: what the route costs Inlet, apart from the hop's latency.
                    let nanoseconds = (BenchFigures.cpuSeconds() - cpuStart) / Double(count) * 1e9
                    let megabytes = Double(count * size) / seconds / 1e6
                    print(
                        "consume \(name) round \(round): \(count) records in \(BenchFigures.fixed(seconds, 3)) s, "
                            + "\(BenchFigures.fixed(Double(count) / seconds, 0)) records/s, \(BenchFigures.fixed(megabytes, 1)) MB/s, "
                            + "client cpu \(BenchFigures.fixed(nanoseconds, 0)) ns/record")
                    rates[name, default: []].append(Double(count) / seconds)
                    cpu[name, default: []].append(nanoseconds)
                }
            }
            print(
                "client cpu median: direct \(BenchFigures.fixed(BenchFigures.median(cpu["direct"]!), 0)) ns/record, routed "
                    + "\(BenchFigures.fixed(BenchFigures.median(cpu["routed"]!), 0)) ns/record")
            for label in ["best", "median"] {
                let direct = label == "best" ? rates["direct"]!.max()! : BenchFigures.median(rates["direct"]!)
                let routed = label == "best" ? rates["routed"]!.max()! : BenchFigures.median(rates["routed"]!)
                print(
                    "consume \(label): direct \(BenchFigures.fixed(direct, 0)) records/s, routed \(BenchFigures.fixed(routed, 0)) "
                        + "records/s, ratio routed/direct \(BenchFigures.fixed(routed / direct, 3))")
            }

            for (name, configuration) in [("direct", direct), ("routed", routed)] {
                let cluster = try KafkaCluster(configuration: configuration)
                let metadata = try await cluster.refreshMetadata(topics: [])
                await cluster.shutdown()
                for nodeID in metadata.brokers.keys.sorted() {
                    var samples: [BrokerConnectionTimings] = []
                    for _ in 0..<connections {
                        let (connection, timings) = try await BrokerConnection.connectTimed(
                            to: metadata.brokers[nodeID]!, configuration: configuration)
                        connection.close()
                        samples.append(timings)
                    }
                    let connect = BenchFigures.median(samples.map(\.connect))
                    let total = BenchFigures.median(samples.map { $0.connect + ($0.tls ?? .zero) + $0.setup })
                    print(
                        "set-up \(name) broker \(nodeID) (\(metadata.brokers[nodeID]!.hostPort)): median connect "
                            + "\(BenchFigures.milliseconds(connect)) ms, median connect+ApiVersions \(BenchFigures.milliseconds(total)) ms "
                            + "over \(connections) connections")
                }
            }
            let cleanup = try KafkaCluster(configuration: direct)
            try? await KafkaAdmin(cluster: cleanup).deleteTopics([topic])
            await cleanup.shutdown()
        }
    }

    private func fill(_ cluster: KafkaCluster, topic: String) async throws {
        let producer = KafkaProducer(
            cluster: cluster, configuration: .init(acks: .all, linger: .milliseconds(5), partitioner: .roundRobin))
        let value = ByteBuffer(repeating: UInt8(ascii: "x"), count: size)
        var batch: [KafkaProducerMessage] = []
        for _ in 0..<records {
            batch.append(KafkaProducerMessage(topic: topic, value: value))
            if batch.count == 1000 {
                try await producer.send(contentsOf: batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        try await producer.send(contentsOf: batch)
        let acknowledged = try await producer.flush()
        guard acknowledged == records else {
            throw KafkaClientError(.broker, "only \(acknowledged) of \(records) records were acknowledged")
        }
    }

    /// Reads the whole topic; the clock starts at the first dial so connection set-up counts.
    private func consume(_ cluster: KafkaCluster, topic: String) async throws -> (Int, Double) {
        let start = ContinuousClock.now
        let consumer = KafkaConsumer(
            cluster: cluster,
            configuration: .init(topic: topic, startOffset: .earliest, fetchesPerBroker: fetchesPerBroker))
        var count = 0
        while count < records, let chunk = try await consumer.nextChunk() {
            count += chunk.count
        }
        consumer.stop()
        let elapsed = ContinuousClock.now - start
        return (count, BenchFigures.seconds(elapsed))
    }
}
