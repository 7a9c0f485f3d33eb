import Ingest
import InletTestSupport
import KafkaClient
import KafkaWire
import Logging
import NIOConcurrencyHelpers
import PostgreSQLStorage
import Storage
import Testing

/// Three in-process replicas of one source over one PostgreSQL store split a 12-partition topic produced by
/// confluent-kafka through the source's consumer group on tansu. One is killed mid-commit (cancelled, its commit
/// dropped, no LeaveGroup), another is paused past its session timeout with a commit in hand (heartbeats and the
/// commit held by hooks) and then goes on: its commit is fenced. In the end every record is stored exactly once.
@Suite("Source replicas split partitions through the consumer group", .serialized, .timeLimit(.minutes(4)))
struct SourceReplicaTests {
    static let partitions = 12
    static let perPhase = 300

    @Test func replicasSplitSurviveAKillAndAPauseAndStoreEveryRecordOnce() async throws {
        try await withTansu { tansu in
            try await withPostgreSQL { server in
                try await withPostgreSQLStorage(server) { storage in
                    try await Self.run(tansu: tansu, server: server, storage: storage)
                }
            }
        }
    }

    static func run(tansu: Tansu, server: PostgreSQL, storage: PostgreSQLSourceStorage) async throws {
        let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
        try await produce(peer, phase: 0)
        let spec = try ReplicaSource.spec(topic: "replicas")
        let shared = try await storage.store(for: spec.layout)
        #expect(shared.isShared)
        let kafka = try KafkaConfiguration(bootstrapBrokers: [KafkaConfiguration.parseBroker(tansu.bootstrap)])

        let paused = NIOLockedValueBox(false)
        let heartbeats = InletTestSupport.TestGate()
        func replica(_ name: String, hooks: KafkaGroupMemberHooks = KafkaGroupMemberHooks()) -> Replica {
            let environment = ReplicaEnvironment(name: name, configuration: kafka)
            let store = GatedStore(shared)
            var logger = Logger(label: "replica-\(name)")
            logger.logLevel = .notice
            let runtime = SourceRuntime(
                spec: spec, store: store, environment: environment,
                configuration: SourceRuntimeConfiguration(
                    maxBatchRecords: 500,
                    group: SourceGroupMembership(
                        sessionTimeout: .seconds(6), rebalanceTimeout: .seconds(10),
                        heartbeatInterval: .milliseconds(500), hooks: hooks)),
                logger: logger)
            return Replica(environment: environment, store: store, task: Task { await runtime.run() })
        }
        let a = replica("a", hooks: KafkaGroupMemberHooks(leavesGroupOnStop: false))
        let b = replica(
            "b",
            hooks: KafkaGroupMemberHooks(beforeHeartbeat: {
                if paused.withLockedValue({ $0 }) { await heartbeats.pass() }
            }))
        let c = replica("c")
        // Range over three members: four partitions each, only once all three are in one generation.
        var shares: [Set<Int32>] = []
        for replica in [a, b, c] {
            let details = await replica.environment.awaitOwnership(count: 4)
            shares.append(details.flatMap(ReplicaEnvironment.ownedPartitions) ?? [])
        }
        #expect(shares.reduce(into: Set<Int32>()) { $0.formUnion($1) } == Set(0..<12), "\(shares)")

        // a dies mid-commit: the commit is dropped unwritten, and a never says goodbye.
        a.store.arm()
        try await produce(peer, phase: 1)
        await a.store.held()
        a.task.cancel()
        a.store.release(.drop)
        await a.task.value
        // After a's session timeout, b and c share the topic.
        await b.environment.awaitOwnership(count: 6)
        await c.environment.awaitOwnership(count: 6)

        // b pauses with a commit in hand, past its session timeout: c takes everything and stores it all.
        b.store.arm()
        try await produce(peer, phase: 2)
        await b.store.held()
        paused.withLockedValue { $0 = true }
        await heartbeats.arrived()
        await c.environment.awaitOwnership(Set(0..<12))
        let total = Int64(partitions * perPhase * 3)
        for await _ in c.environment.commitEvents {
            let stored = try await shared.offsets()["u8"] ?? [:]
            if stored.values.reduce(0, +) == total { break }
        }

        // b goes on: its held commit started from offsets c has moved past, so the fence refuses it.
        paused.withLockedValue { $0 = false }
        heartbeats.release()
        b.store.release(.commit)
        let refused = await b.store.heldOutcome()
        #expect(refused??.isFenced == true, "b's commit after the pause was not fenced: \(String(describing: refused))")
        // b rejoins as a new member and gets its share back.
        await b.environment.awaitOwnership(count: 6)

        let rows = try await server.psql(
            """
            SELECT count(*), count(DISTINCT (partition, "offset")) FROM inlet_u7.events;
            SELECT partition, count(*), min("offset"), max("offset") FROM inlet_u7.events GROUP BY partition ORDER BY partition;
            """)
        let perPartition = (0..<partitions).map { "\($0)|\(perPhase * 3)|0|\(perPhase * 3 - 1)\n" }.joined()
        #expect(rows == "\(total)|\(total)\n" + perPartition)
        #expect(
            try await shared.offsets()["u8"]
                == Dictionary(uniqueKeysWithValues: (0..<Int32(partitions)).map { ($0, Int64(perPhase * 3)) }))
        // The replicas commit the group's offsets (for lag tools) as its members; they are never read back.
        let cluster = try KafkaCluster(configuration: kafka)
        let everyPartition = Dictionary(
            uniqueKeysWithValues: (0..<Int32(partitions)).map { ($0, Int64(perPhase * 3)) })
        let deadline = ContinuousClock.now + .seconds(30)
        var committed: [Int32: Int64] = [:]
        while committed != everyPartition, ContinuousClock.now < deadline {
            committed = try await groupOffsets(cluster, group: spec.groupID, topic: "replicas")
            if committed != everyPartition { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(committed == everyPartition)
        await cluster.shutdown()
        for replica in [b, c] { replica.task.cancel() }
        for replica in [b, c] { await replica.task.value }
    }

    /// The group's committed offsets for `topic`, read from its coordinator (OffsetFetch).
    static func groupOffsets(_ cluster: KafkaCluster, group: String, topic: String) async throws -> [Int32: Int64] {
        let coordinator = try await cluster.groupCoordinator(group)
        let connection = try await cluster.connection(toNode: coordinator.nodeID ?? -1)
        let response = try await connection.send(OffsetFetchRequest(groupID: group, topics: nil))
        var offsets: [Int32: Int64] = [:]
        for answered in response.groups.flatMap(\.topics) where answered.name == topic {
            for partition in answered.partitions where partition.committedOffset >= 0 {
                offsets[partition.partitionIndex] = partition.committedOffset
            }
        }
        return offsets
    }

    /// `perPhase` records into every partition, with values naming phase, partition and index.
    static func produce(_ peer: LibrdkafkaPeer, phase: Int) async throws {
        var records: [PeerRecord] = []
        for partition in 0..<partitions {
            for index in 0..<perPhase {
                records.append(PeerRecord(partition: partition, value: Array("p\(phase)-\(partition)-\(index)".utf8)))
            }
        }
        let delivered = try await peer.produce(
            records: records, topic: "replicas", createPartitions: phase == 0 ? partitions : 0)
        #expect(delivered == records.count)
    }

    struct Replica {
        let environment: ReplicaEnvironment
        let store: GatedStore
        let task: Task<Void, Never>
    }
}
