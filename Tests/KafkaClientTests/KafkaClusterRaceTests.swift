import KafkaWire
import Testing

@testable import KafkaClient

/// Concurrent callers of one `KafkaCluster` against an in-process broker. The dialer holds dials and the
/// cluster's hooks say when a caller waits on another's work, so each interleaving is forced, not hoped for.
@Suite(.timeLimit(.minutes(1))) struct KafkaClusterRaceTests {
    static let bootstrap = "bootstrap.kafka.test"

    struct Harness {
        let broker: FakeBroker
        let dialer: GatedDialer
        let cluster: KafkaCluster

        static func start() async throws -> Harness {
            let broker = try await FakeBroker.start()
            let dialer = GatedDialer(port: broker.port)
            let configuration = KafkaConfiguration(
                bootstrapBrokers: [BrokerAddress(host: KafkaClusterRaceTests.bootstrap, port: 9092)], dialer: dialer)
            let cluster = try KafkaCluster(configuration: configuration, hooks: dialer.hooks)
            return Harness(broker: broker, dialer: dialer, cluster: cluster)
        }

        func stop() async throws {
            await cluster.shutdown()
            dialer.closeAll()
            try await broker.stop()
        }
    }

    @Test func refreshForOtherTopicsIsWaitedForThenAskedAgain() async throws {
        let harness = try await Harness.start()
        let cluster = harness.cluster
        var events = harness.dialer.events.makeAsyncIterator()
        let orders = Task { try await cluster.refreshMetadata(topics: ["orders"]) }
        #expect(await events.next() == .dial(host: Self.bootstrap))
        let payments = Task { try await cluster.refreshMetadata(topics: ["payments"]) }
        #expect(await events.next() == .waiting(.refresh(topics: ["payments"])))

        harness.dialer.open()
        #expect(try await orders.value.topics["orders"] != nil)
        #expect(try await payments.value.topics["payments"] != nil, "the caller asking for payments gets payments")
        #expect(harness.broker.metadataRequests == [["orders"], ["payments"]])
        try await harness.stop()
    }

    @Test func refreshForAllTopicsAnswersEveryJoiner() async throws {
        let harness = try await Harness.start()
        let cluster = harness.cluster
        var events = harness.dialer.events.makeAsyncIterator()
        let all = Task { try await cluster.refreshMetadata(topics: nil) }
        #expect(await events.next() == .dial(host: Self.bootstrap))
        let payments = Task { try await cluster.refreshMetadata(topics: ["payments"]) }
        #expect(await events.next() == .waiting(.refresh(topics: ["payments"])))

        harness.dialer.open()
        #expect(try await all.value.topics.keys.sorted() == FakeBroker.topics)
        #expect(try await payments.value.topics["payments"] != nil)
        #expect(harness.broker.metadataRequests == [nil], "one request answers both")
        try await harness.stop()
    }

    /// Both callers find node 1 unknown and wait for the same refresh; the one that resumes second must see the
    /// first one's dial in the slot instead of dialling (and leaking) a second connection.
    @Test func callersThatLearnedANodeTogetherShareOneDial() async throws {
        let harness = try await Harness.start()
        let cluster = harness.cluster
        var events = harness.dialer.events.makeAsyncIterator()
        let first = Task { try await cluster.connection(toNode: 1) }
        #expect(await events.next() == .dial(host: Self.bootstrap))
        let dialer = harness.dialer
        let second = Task {
            defer { dialer.note(.returned("second")) }
            return try await cluster.connection(toNode: 1)
        }
        #expect(await events.next() == .waiting(.refresh(topics: [])))

        harness.dialer.releaseHeld()
        // The first to resume dials node 1 (held); the other waits for that dial (or dials again, or returns).
        var next: [GatedDialer.Event] = []
        for _ in 0..<2 { next.append(try #require(await events.next())) }
        #expect(Set(next) == [.dial(host: "b-1.kafka.test"), .waiting(.connection(nodeID: 1))], "\(next)")

        harness.dialer.open()
        let connections = (try await first.value, try await second.value)
        #expect(connections.0 === connections.1)
        #expect(harness.dialer.dialled == [Self.bootstrap, "b-1.kafka.test"])
        await cluster.shutdown()
        #expect(try await harness.dialer.openChannels() == 0, "shutdown closes every connection the cluster made")
        try await harness.stop()
    }

    @Test func shutdownDuringANodeDialClosesTheNewConnection() async throws {
        let harness = try await Harness.start()
        let cluster = harness.cluster
        var events = harness.dialer.events.makeAsyncIterator()
        let warmUp = Task { try await cluster.refreshMetadata(topics: []) }
        #expect(await events.next() == .dial(host: Self.bootstrap))
        harness.dialer.releaseHeld()
        _ = try await warmUp.value
        let dial = Task { try await cluster.connection(toNode: 2) }
        #expect(await events.next() == .dial(host: "b-2.kafka.test"))

        await cluster.shutdown()
        harness.dialer.open()
        let error = await #expect(throws: KafkaClientError.self) { try await dial.value }
        #expect(error?.code == .cancelled)
        #expect(harness.dialer.channelCount == 2, "the dial completed after the shutdown")
        #expect(try await harness.dialer.openChannels() == 0, "the connection made after the shutdown is closed")
        try await harness.stop()
    }

    @Test func shutdownDuringTheBootstrapDialClosesTheNewConnection() async throws {
        let harness = try await Harness.start()
        let cluster = harness.cluster
        var events = harness.dialer.events.makeAsyncIterator()
        let dial = Task { try await cluster.anyConnection() }
        #expect(await events.next() == .dial(host: Self.bootstrap))

        await cluster.shutdown()
        harness.dialer.open()
        let error = await #expect(throws: KafkaClientError.self) { try await dial.value }
        #expect(error?.code == .cancelled)
        #expect(harness.dialer.channelCount == 1, "the dial completed after the shutdown")
        #expect(try await harness.dialer.openChannels() == 0, "the connection made after the shutdown is closed")
        try await harness.stop()
    }

    @Test func concurrentCallersShareOneBootstrapDial() async throws {
        let harness = try await Harness.start()
        let cluster = harness.cluster
        var events = harness.dialer.events.makeAsyncIterator()
        let first = Task { try await cluster.anyConnection() }
        #expect(await events.next() == .dial(host: Self.bootstrap))
        let second = Task { try await cluster.anyConnection() }
        #expect(await events.next() == .waiting(.bootstrap))

        harness.dialer.open()
        let connections = (try await first.value, try await second.value)
        #expect(connections.0 === connections.1)
        #expect(harness.dialer.dialled == [Self.bootstrap])
        await cluster.shutdown()
        #expect(try await harness.dialer.openChannels() == 0, "shutdown closes every connection the cluster made")
        try await harness.stop()
    }
}
