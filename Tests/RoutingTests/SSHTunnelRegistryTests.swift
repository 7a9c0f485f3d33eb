import InletTestSupport
import Logging
import NIOPosix
import Testing

@testable import Routing

/// Calls of one `SSHTunnelRegistry` that overlap: the registry's hook stops a call where it first suspends, the
/// test runs another call there, then lets the first go on. Tunnels connect lazily, so none of them dials the
/// (unreachable) bastion.
@Suite struct SSHTunnelRegistryTests {
    static let keys = SSHClientKeys([SSHKeyPair.generate()])
    static let bastion = SSHTunnelConfiguration(host: "192.0.2.1", user: "kafka", keys: keys)

    static var moved: SSHTunnelConfiguration {
        var moved = bastion
        moved.host = "192.0.2.2"
        return moved
    }

    static var rotated: SSHTunnelConfiguration {
        var rotated = bastion
        rotated.keys = SSHClientKeys([SSHKeyPair.generate()])
        return rotated
    }

    /// A registry whose first suspension waits at `gate`.
    static func registry(_ gate: TestGate) -> SSHTunnelRegistry {
        SSHTunnelRegistry(
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"),
            hooks: SSHTunnelRegistryHooks(willSuspend: { await gate.pass() }))
    }

    @Test func concurrentReplacementsGiveOneTunnel() async {
        let gate = TestGate()
        let registry = Self.registry(gate)
        let old = await registry.tunnel(named: "bastion", configuration: Self.bastion)
        let first = Task { await registry.tunnel(named: "bastion", configuration: Self.moved) }
        await gate.arrived()
        let second = await registry.tunnel(named: "bastion", configuration: Self.moved)
        gate.release()

        #expect(await first.value === second, "two callers for one name get one tunnel")
        #expect(await registry.currentTunnel(named: "bastion") === second)
        #expect(second.status == .idle)
        #expect(old.status == .shutDown)
        await registry.shutdown()
    }

    @Test func replacementDuringAKeyRotationStaysInTheRegistry() async {
        let gate = TestGate()
        let registry = Self.registry(gate)
        let old = await registry.tunnel(named: "bastion", configuration: Self.bastion)
        let rotation = Task { await registry.tunnel(named: "bastion", configuration: Self.rotated) }
        await gate.arrived()
        let replacement = await registry.tunnel(named: "bastion", configuration: Self.moved)
        gate.release()

        #expect(await rotation.value === old)
        #expect(old.status == .shutDown)
        #expect(
            await registry.currentTunnel(named: "bastion") === replacement, "the rotation must not put back the old")
        #expect(replacement.status == .idle)
        await registry.shutdown()
        #expect(replacement.status == .shutDown)
    }

    @Test func removeDuringAKeyRotationForgetsTheTunnel() async {
        let gate = TestGate()
        let registry = Self.registry(gate)
        let old = await registry.tunnel(named: "bastion", configuration: Self.bastion)
        let rotation = Task { await registry.tunnel(named: "bastion", configuration: Self.rotated) }
        await gate.arrived()
        await registry.remove(named: "bastion")
        gate.release()
        _ = await rotation.value

        #expect(old.status == .shutDown)
        #expect(await registry.currentTunnel(named: "bastion") == nil)
        let again = await registry.tunnel(named: "bastion", configuration: Self.rotated)
        #expect(again !== old)
        #expect(again.status == .idle, "a removed tunnel is never handed out again")
        await registry.shutdown()
    }

    @Test func shutdownDuringAReplacementShutsTheNewTunnelDown() async {
        let gate = TestGate()
        let registry = Self.registry(gate)
        let old = await registry.tunnel(named: "bastion", configuration: Self.bastion)
        let replacement = Task { await registry.tunnel(named: "bastion", configuration: Self.moved) }
        await gate.arrived()
        await registry.shutdown()
        gate.release()

        #expect(await replacement.value.status == .shutDown)
        #expect(old.status == .shutDown)
        #expect(await registry.statuses().isEmpty)
    }

    @Test func afterShutdownTunnelsAreHandedOutShutDown() async {
        let registry = SSHTunnelRegistry()
        let before = await registry.tunnel(named: "bastion", configuration: Self.bastion)
        await registry.shutdown()
        #expect(before.status == .shutDown)

        let after = await registry.tunnel(named: "bastion", configuration: Self.bastion)
        #expect(after.status == .shutDown)
        #expect(await registry.statuses().isEmpty)
        await #expect(throws: SSHTunnelError.self) { try await after.openChannel(to: "b-1.kafka.test", port: 9092) }
    }

    @Test func sameBastionGivesTheSameTunnelAndNewKeysKeepIt() async {
        let registry = SSHTunnelRegistry()
        let first = await registry.tunnel(named: "bastion", configuration: Self.bastion)
        #expect(await registry.tunnel(named: "bastion", configuration: Self.bastion) === first)
        #expect(await registry.tunnel(named: "bastion", configuration: Self.rotated) === first)
        #expect(first.status == .idle)
        await registry.shutdown()
    }
}
