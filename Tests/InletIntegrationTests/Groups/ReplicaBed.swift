import Ingest
import InletTestSupport
import KafkaClient
import NIOConcurrencyHelpers
import SQL
import Storage

/// What one in-process replica's runtime tells its server: statuses (whose details name the partitions it owns)
/// and commits, each published so a test awaits them instead of sleeping.
final class ReplicaEnvironment: SourceEnvironment {
    let name: String
    let configuration: KafkaConfiguration
    private let statuses: AsyncStream<SourceStatusUpdate>.Continuation
    let statusUpdates: AsyncStream<SourceStatusUpdate>
    private let commits: AsyncStream<Void>.Continuation
    let commitEvents: AsyncStream<Void>

    init(name: String, configuration: KafkaConfiguration) {
        self.name = name
        self.configuration = configuration
        (statusUpdates, statuses) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
        (commitEvents, commits) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func kafkaClient(for source: SourceSpec) async throws -> SourceKafkaClient {
        SourceKafkaClient(configuration: configuration)
    }

    func statusChanged(_ source: SourceSpec, _ update: SourceStatusUpdate) async { statuses.yield(update) }

    func statistics(_ source: SourceSpec, _ statistics: SourceStatistics) async {}

    func committed(_ source: SourceSpec) { commits.yield() }

    /// Waits for a running status whose details say this replica owns exactly `partitions` (or `count`
    /// partitions); returns the details.
    @discardableResult
    func awaitOwnership(_ partitions: Set<Int32>? = nil, count: Int? = nil) async -> String? {
        for await update in statusUpdates where update.state == .running {
            guard let details = update.hint, let owned = Self.ownedPartitions(details) else { continue }
            if let partitions, owned != partitions { continue }
            if let count, owned.count != count { continue }
            return details
        }
        return nil
    }

    /// The partitions a status's details say this replica owns ("owns partitions 0-5, 8 of 12 …").
    static func ownedPartitions(_ details: String) -> Set<Int32>? {
        if details.contains("owns no partitions") { return [] }
        guard let start = details.range(of: "owns partitions "),
            let end = details.range(of: " of ", range: start.upperBound..<details.endIndex)
        else { return nil }
        var owned: Set<Int32> = []
        for run in details[start.upperBound..<end.lowerBound].split(separator: ", ") {
            let bounds = run.split(separator: "-").compactMap { Int32($0) }
            guard let low = bounds.first, let high = bounds.last else { return nil }
            owned.formUnion(low...high)
        }
        return owned
    }
}

/// A replica's store: the shared PostgreSQL store, with a gate a test can arm to hold the next commit, then let
/// it go on (as a paused process would) or drop it unwritten (as a killed one would).
final class GatedStore: SourceStore {
    enum Release: Sendable { case commit, drop }

    private let store: any SourceStore
    private struct Gate {
        var armed = false
        var parked: CheckedContinuation<Release, Never>?
    }
    private let gate = NIOLockedValueBox(Gate())
    private let arrivals: AsyncStream<Void>
    private let arrival: AsyncStream<Void>.Continuation
    private let outcomes: AsyncStream<StorageError?>
    private let outcome: AsyncStream<StorageError?>.Continuation

    init(_ store: any SourceStore) {
        self.store = store
        (arrivals, arrival) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
        (outcomes, outcome) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    var isShared: Bool { store.isShared }

    /// Holds the next commit that holds records.
    func arm() { gate.withLockedValue { $0.armed = true } }

    /// Returns once a commit is held.
    func held() async {
        for await _ in arrivals { return }
    }

    /// Lets the held commit go on or drops it.
    func release(_ release: Release) {
        let parked = gate.withLockedValue { gate in
            defer { gate.parked = nil }
            return gate.parked
        }
        parked?.resume(returning: release)
    }

    /// What the held commit came to once let go on: nil when it was stored, else the store's refusal.
    func heldOutcome() async -> StorageError?? {
        for await result in outcomes { return result }
        return .none
    }

    func commit(_ batch: SourceBatch) async throws(StorageError) {
        let holds = gate.withLockedValue { gate in
            guard gate.armed, !batch.isEmpty else { return false }
            gate.armed = false
            return true
        }
        guard holds else { return try await store.commit(batch) }
        let release = await withCheckedContinuation { continuation in
            gate.withLockedValue { $0.parked = continuation }
            arrival.yield()
        }
        guard release == .commit else { throw StorageError("the replica was killed before this commit") }
        do {
            try await store.commit(batch)
            outcome.yield(nil)
        } catch {
            outcome.yield(error)
            throw error
        }
    }

    func prepare(_ layout: SourceLayout) async throws(StorageError) { try await store.prepare(layout) }
    func offsets() async throws(StorageError) -> [String: [Int32: Int64]] { try await store.offsets() }
    func topicID() async throws(StorageError) -> String? { try await store.topicID() }
    func recordTopic(id: String, restartingAt offsets: [String: [Int32: Int64]]?) async throws(StorageError) {
        try await store.recordTopic(id: id, restartingAt: offsets)
    }
    func dropOutput(_ output: OutputLayout) async throws(StorageError) { try await store.dropOutput(output) }
}

/// The source every replica runs: FORMAT TEXT with the partition and offset, so the relation shows whether a
/// record is stored exactly once.
enum ReplicaSource {
    static func spec(topic: String) throws -> SourceSpec {
        let output = try SourceOutputDefinition.plan(
            name: "events",
            spec: SourceOutputSpec(
                format: .value(.text), includes: [IncludeColumn(.partition), IncludeColumn(.offset)]),
            columnNames: [])
        return KafkaSource(
            id: "u7", name: "events", kafka: KafkaSourceDefinition(connection: "kafka_conn", topic: topic),
            outputs: [.init(id: "u8", definition: output)], progressName: "events_progress")
    }
}
