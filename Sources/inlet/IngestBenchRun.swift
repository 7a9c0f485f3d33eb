import Foundation
import KafkaClient
import NIOCore

/// One table of `inlet bench ingest`: every figure for one partition count, from fresh topics.
///
/// Order: fill the topics, the client's raw consume, the store-only runs, the Python peer (nothing else running),
/// then one `inlet serve`: end-to-end NONE and UPSERT, an UPSERT ingest with statement probes, freshness.
struct IngestBenchRun {
    let settings: IngestBenchSettings
    let partitions: Int32

    func run() async throws -> IngestBenchTable {
        let broker = try KafkaConfiguration.parseBroker(settings.bootstrap)
        let cluster = try KafkaCluster(configuration: KafkaConfiguration(bootstrapBrokers: [broker]))
        let admin = KafkaAdmin(cluster: cluster)
        let base = "ingest-\(settings.stamp)-p\(partitions)"
        let noneTopic = base + "-none"
        let upsertTopic = base + "-upsert"
        let freshTopic = base + "-fresh"
        try await admin.createTopics(
            [noneTopic, upsertTopic, freshTopic].map { .init(name: $0, partitions: partitions) })

        var table = IngestBenchTable(settings: settings, partitions: partitions)
        table.produceNone = try await fill(cluster, topic: noneTopic, keyed: false)
        table.produceUpsert = try await fill(cluster, topic: upsertTopic, keyed: true)
        table.consume = try await KafkaBenchCommand.consumeWithInlet(
            cluster: cluster, topic: noneTopic, records: settings.records)
        let store = IngestStoreBench(settings: settings, partitions: partitions)
        for _ in 0..<settings.repeats { table.storeNoneRuns.append(try await store.run(upsert: false)) }
        table.storeUpsert = try await store.run(upsert: true)
        let python = BenchPython(settings: settings)
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("\(base)-peer.sqlite").path
        table.peerNone = try python.peer(topic: noneTopic, upsert: false, database: database)
        table.peerUpsert = try python.peer(topic: upsertTopic, upsert: true, database: database)

        let serve = try await BenchServeProcess.start(binary: settings.inlet, name: base)
        do {
            try python.exec(
                port: serve.port,
                ["CREATE CONNECTION \(IngestBenchSQL.connection) TO KAFKA (BROKER '\(settings.bootstrap)')"])
            for run in 1...settings.repeats {
                table.endToEndNoneRuns.append(
                    try ingest(serve, python, "e2e_none_\(run)", topic: noneTopic, upsert: false).figure)
            }
            table.endToEndUpsert = try ingest(serve, python, "e2e_upsert", topic: upsertTopic, upsert: true).figure
            let probeKey = IngestBenchSQL.key(settings.keys / 2, keys: settings.keys)
            let probed = try ingest(
                serve, python, "probed", topic: upsertTopic, upsert: true,
                probes: [
                    ("CREATE SECRET", "CREATE SECRET bench_secret_{n} AS 'x'"),
                    ("SELECT count(*) FROM mz_sources", "SELECT count(*) FROM mz_sources"),
                    ("point query on the relation", "SELECT text FROM probed WHERE key = '\(probeKey)'"),
                ])
            table.probedIngest = probed.figure
            table.probes = probed.probes.mapValues { $0.sorted() }
            table.freshness = try await FreshnessBench(settings: settings, partitions: partitions)
                .run(cluster: cluster, serve: serve, topic: freshTopic)
            table.peakResidentBytes = serve.peakResidentBytes
        } catch {
            await serve.stop()
            throw error
        }
        await serve.stop()
        try? await admin.deleteTopics([noneTopic, upsertTopic, freshTopic])
        await cluster.shutdown()
        return table
    }

    /// CREATE SOURCE on a filled topic, timed until its progress relation shows every record committed; the CPU
    /// is `inlet serve`'s over that time.
    private func ingest(
        _ serve: BenchServeProcess, _ python: BenchPython, _ name: String, topic: String, upsert: Bool,
        probes: [(label: String, sql: String)] = []
    ) throws -> (figure: KafkaBenchCommand.Figure, probes: [String: [Double]]) {
        let cpuStart = serve.cpuSeconds
        let result = try python.ingest(
            port: serve.port, create: IngestBenchSQL.createSource(name, topic: topic, upsert: upsert),
            progress: name + "_progress", target: settings.records, probes: probes)
        let figure = KafkaBenchCommand.Figure(
            records: settings.records, seconds: result.seconds,
            megabytesPerSecond: Double(settings.records * settings.size) / result.seconds / 1e6,
            cpuSeconds: serve.cpuSeconds - cpuStart)
        return (figure, result.probes)
    }

    /// Produces the benchmark's records with Inlet's producer, as `inlet bench kafka` does: values "rec-<i>-x…",
    /// round-robin, or keyed "key-<i mod keys>" and partitioned by murmur2 for the UPSERT topic.
    private func fill(_ cluster: KafkaCluster, topic: String, keyed: Bool) async throws -> KafkaBenchCommand.Figure {
        let producer = KafkaProducer(
            cluster: cluster,
            configuration: .init(
                acks: .all, linger: .milliseconds(5), partitioner: keyed ? .murmur2 : .roundRobin))
        let keys = settings.keys
        let value = BenchProducing.recordValues(size: settings.size)
        let seconds = try await BenchProducing.produce(producer, topic: topic, records: settings.records) { index in
            (keyed ? ByteBuffer(string: IngestBenchSQL.key(index, keys: keys)) : nil, value(index))
        }
        return KafkaBenchCommand.Figure(
            records: settings.records, seconds: seconds,
            megabytesPerSecond: Double(settings.records * settings.size) / seconds / 1e6)
    }
}
