import KafkaClient
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Routing
import Testing

/// The routing dialer's reporting of unmapped brokers and the errors it raises, without a network: the TCP
/// dialer underneath records where it was sent and fails as an unresolvable name would.
@Suite struct RoutingDialerTests {
    final class Recorder: Sendable {
        let dialled = NIOLockedValueBox<[String]>([])
        let reports = NIOLockedValueBox<[String]>([])
    }

    struct FailingDialer: KafkaDialer {
        let recorder: Recorder

        func dial(_ broker: BrokerAddress, on eventLoop: any EventLoop) async throws -> any Channel {
            recorder.dialled.withLockedValue { $0.append(broker.description) }
            throw KafkaClientError(.resolve, "cannot resolve \(broker.host): no address found")
        }
    }

    let b1 = BrokerAddress(nodeID: 1, host: "b-1.msk.internal", port: 9096)
    let b4 = BrokerAddress(nodeID: 4, host: "b-4.msk.internal", port: 9096)

    func dialer(_ table: RouteTable, _ recorder: Recorder) -> RoutingDialer {
        RoutingDialer(
            resolver: RouteResolver(table: table), tcp: FailingDialer(recorder: recorder), syntax: .commandLine,
            onUnmapped: { broker, advice in recorder.reports.withLockedValue { $0.append("\(broker)|\(advice)") } })
    }

    @Test func metadataReportsEachUnmappedBrokerOnce() throws {
        let recorder = Recorder()
        let routing = dialer(try RouteTable(routes: ["b-1.msk.internal:9096=vpce-1.example:9001"]), recorder)
        let metadata = ClusterMetadata(brokers: [1: b1, 4: b4])
        routing.observe(metadata)
        routing.observe(metadata)
        let reports = recorder.reports.withLockedValue { $0 }
        #expect(reports.count == 1)
        #expect(
            reports.first?.hasPrefix("b-4.msk.internal:9096 (node 4)|broker b-4.msk.internal:9096 (node 4)") == true)
        #expect(reports.first?.contains("add --route 'b-4.msk.internal:9096=vpce-1.example:9002'") == true)
    }

    @Test func noRulesMeansNothingToReport() {
        let recorder = Recorder()
        dialer(.direct, recorder).observe(ClusterMetadata(brokers: [1: b1, 4: b4]))
        #expect(recorder.reports.withLockedValue { $0 }.isEmpty)
    }

    @Test func failedDialKeepsTheErrorKindAndCarriesTheAdvice() async throws {
        let recorder = Recorder()
        let routing = dialer(try RouteTable(routes: ["b-1.msk.internal:9096=vpce-1.example:9001"]), recorder)
        let loop = MultiThreadedEventLoopGroup.singleton.next()

        let mapped = await #expect(throws: KafkaClientError.self) { _ = try await routing.dial(b1, on: loop) }
        #expect(mapped?.code == .resolve)
        #expect(mapped?.message.contains("vpce-1.example:9001") == true, "\(String(describing: mapped))")
        #expect(mapped?.underlying is RouteDialError)

        let unmapped = await #expect(throws: KafkaClientError.self) { _ = try await routing.dial(b4, on: loop) }
        #expect(unmapped?.code == .resolve)
        #expect(
            unmapped?.message.contains("add --route 'b-4.msk.internal:9096=") == true, "\(String(describing: unmapped))"
        )
        _ = try? await routing.dial(b4, on: loop)
        #expect(recorder.reports.withLockedValue { $0 }.count == 1, "reported once however often it is dialled")
        #expect(
            recorder.dialled.withLockedValue { $0 }
                == ["vpce-1.example:9001 (node 1)", "b-4.msk.internal:9096 (node 4)", "b-4.msk.internal:9096 (node 4)"])
    }

    @Test func unmappedBootstrapAddressIsDialledWithoutAReport() async throws {
        let recorder = Recorder()
        let routing = dialer(try RouteTable(routes: ["b-1.msk.internal:9096=vpce-1.example:9001"]), recorder)
        let literal = BrokerAddress(host: "vpce-1.example", port: 9001)
        _ = try? await routing.dial(literal, on: MultiThreadedEventLoopGroup.singleton.next())
        #expect(recorder.reports.withLockedValue { $0 }.isEmpty)
        #expect(recorder.dialled.withLockedValue { $0 } == ["vpce-1.example:9001"])
    }
}
