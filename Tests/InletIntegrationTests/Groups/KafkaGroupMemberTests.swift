import InletTestSupport
import KafkaClient
import NIOConcurrencyHelpers
import Testing

/// `KafkaGroupMember` against tansu's group coordinator: members of one group split a 12-partition topic with
/// no overlap and full cover, and the split follows a member leaving, a member dying without leaving (its
/// heartbeats held by a hook), and a member joining. Every step waits for the members' own assignment events.
@Suite("Kafka group member against tansu", .serialized, .timeLimit(.minutes(3)))
struct KafkaGroupMemberTests {
    static let partitions: Range<Int32> = 0..<12

    /// Kafka's smallest allowed session timeout (group.min.session.timeout.ms), so a death is noticed quickly.
    static func configuration(_ group: String, _ topic: String) -> KafkaGroupMemberConfiguration {
        KafkaGroupMemberConfiguration(
            groupID: group, topics: [topic], sessionTimeout: .seconds(6), rebalanceTimeout: .seconds(10),
            heartbeatInterval: .milliseconds(500))
    }

    @Test func membersSplitTheTopicAndFollowALeaveAndAJoin() async throws {
        try await withTansu { tansu in
            let cluster = try KafkaCluster(configuration: tansu.kafkaConfiguration())
            try await KafkaAdmin(cluster: cluster).createTopics([.init(name: "split", partitions: 12)])
            let watch = GroupWatch()
            let configuration = Self.configuration("split-group", "split")
            let a = Self.start("a", cluster: cluster, configuration, watch)
            let b = Self.start("b", cluster: cluster, configuration, watch)
            let two = await watch.awaitSplit(among: ["a", "b"], of: Self.partitions)
            // Range over two members: the first by member id gets 0-5, the other 6-11.
            #expect(Set(two.values) == [Set(0..<6), Set(6..<12)], "\(watch.history)")

            a.cancel()
            try await a.value
            await watch.awaitSplit(among: ["b"], of: Self.partitions)

            let c = Self.start("c", cluster: cluster, configuration, watch)
            let d = Self.start("d", cluster: cluster, configuration, watch)
            let three = await watch.awaitSplit(among: ["b", "c", "d"], of: Self.partitions)
            #expect(three.values.map(\.count).sorted() == [4, 4, 4], "\(watch.history)")
            for task in [b, c, d] { task.cancel() }
            for task in [b, c, d] { try await task.value }
            await cluster.shutdown()
        }
    }

    /// Member b stops heartbeating (as a paused or killed process would) and does not leave: after the session
    /// timeout a owns every partition. When b's heartbeats go on, it knows it was evicted, gives its partitions
    /// up and rejoins, and the two split the topic again.
    @Test func aMemberThatStopsHeartbeatingLosesItsPartitions() async throws {
        try await withTansu { tansu in
            let cluster = try KafkaCluster(configuration: tansu.kafkaConfiguration())
            try await KafkaAdmin(cluster: cluster).createTopics([.init(name: "death", partitions: 12)])
            let watch = GroupWatch()
            let configuration = Self.configuration("death-group", "death")
            let paused = NIOLockedValueBox(false)
            let gate = InletTestSupport.TestGate()
            let hooks = KafkaGroupMemberHooks(
                beforeHeartbeat: { if paused.withLockedValue({ $0 }) { await gate.pass() } },
                leavesGroupOnStop: false)
            let a = Self.start("a", cluster: cluster, configuration, watch)
            let b = Self.start("b", cluster: cluster, configuration, watch, hooks: hooks)
            await watch.awaitSplit(among: ["a", "b"], of: Self.partitions)

            paused.withLockedValue { $0 = true }
            await gate.arrived()
            let clock = ContinuousClock()
            let stopped = clock.now
            // a alone: b is still in the group's view as a member until its session expires.
            await watch.awaitSplit(among: ["a"], of: Self.partitions)
            #expect(clock.now - stopped >= .seconds(5), "a took b's partitions before b's session could expire")

            paused.withLockedValue { $0 = false }
            gate.release()
            await watch.awaitSplit(among: ["a", "b"], of: Self.partitions)
            for task in [a, b] { task.cancel() }
            for task in [a, b] { try await task.value }
            await cluster.shutdown()
        }
    }

    /// Through a virtual cluster of three brokers whose advertised names do not resolve, the coordinator the
    /// group is given is dialled through the client's dialer like any broker (the route applies), and the group
    /// requests go to that one broker alone.
    @Test func theCoordinatorIsDialledThroughTheRoutes() async throws {
        try await withTansu { tansu in
            let virtual = try await VirtualCluster.start(brokers: 3, tansu: tansu)
            var listeners: [String: (host: String, port: Int)] = [:]
            for broker in virtual.initialBrokers {
                listeners[broker.advertised] = (broker.listenHost ?? "127.0.0.1", broker.port)
            }
            let dialer = RecordingDialer(VirtualListenerDialer(listeners: listeners))
            let bootstrap = virtual.initialBrokers[0]
            let cluster = try KafkaCluster(
                configuration: KafkaConfiguration(
                    bootstrapBrokers: [BrokerAddress(host: "127.0.0.1", port: bootstrap.port)], dialer: dialer))
            try await KafkaAdmin(cluster: cluster).createTopics([.init(name: "routed", partitions: 12)])
            let watch = GroupWatch()
            let configuration = Self.configuration("routed-group", "routed")
            let a = Self.start("a", cluster: cluster, configuration, watch)
            let b = Self.start("b", cluster: cluster, configuration, watch)
            await watch.awaitSplit(among: ["a", "b"], of: Self.partitions)
            for task in [a, b] { task.cancel() }
            for task in [a, b] { try await task.value }
            await cluster.shutdown()

            let received = try await virtual.received()
            let joinGroup = 11
            let heartbeat = 12
            let syncGroup = 14
            let coordinators = received.filter { !$0.value.versions(ofAPI: joinGroup).isEmpty }.map(\.key)
            #expect(coordinators.count == 1, "JoinGroup went to brokers \(coordinators)")
            if let coordinator = coordinators.first {
                for (id, broker) in received where id != coordinator {
                    #expect(broker.versions(ofAPI: syncGroup).isEmpty && broker.versions(ofAPI: heartbeat).isEmpty)
                }
                // SyncGroup precedes every assignment; a heartbeat may not have been due before the members stopped.
                #expect(!(received[coordinator]?.versions(ofAPI: syncGroup).isEmpty ?? true))
                let advertised = virtual.initialBrokers.first { $0.id == coordinator }?.advertised
                #expect(dialer.dialled.contains { $0.hostPort == advertised }, "\(dialer.dialled)")
            }
            await virtual.stop()
        }
    }

    static func start(
        _ name: String, cluster: KafkaCluster, _ configuration: KafkaGroupMemberConfiguration, _ watch: GroupWatch,
        hooks: KafkaGroupMemberHooks = KafkaGroupMemberHooks()
    ) -> Task<Void, any Error> {
        let member = KafkaGroupMember(cluster: cluster, configuration: configuration, hooks: hooks)
        return Task {
            do {
                try await member.run { watch.record(name, $0) }
            } catch is CancellationError {
            }
        }
    }
}
