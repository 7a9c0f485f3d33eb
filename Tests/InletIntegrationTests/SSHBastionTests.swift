import Foundation
import InletTestSupport
import KafkaClient
import NIOCore
import NIOPosix
import Routing
import Testing

/// Channels through a real sshd inside a network namespace, to a real broker that only the bastion can
/// resolve and reach.
@Suite("SSH tunnel through a bastion in a network namespace", .timeLimit(.minutes(3)))
struct SSHBastionTests {
    @Test func reachesABrokerByANameOnlyTheBastionResolves() async throws {
        let keys = SSHTunnelKeys.generate()
        try await withSSHBastion(authorizedKeys: [keys.primary.authorizedKeysLine]) { bastion in
            // The topology is honest: outside, the broker's name does not resolve and its port is not reachable.
            await #expect(throws: (any Error).self) {
                try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connect(host: bastion.brokerHost, port: bastion.brokerPort).get().close()
            }
            await #expect(throws: (any Error).self) {
                try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connect(host: bastion.namespace.insideAddress, port: bastion.brokerPort).get().close()
            }

            try await withTunnel(Self.configuration(bastion, keys: SSHClientKeys(keys))) { tunnel in
                let channel = try await tunnel.openChannel(to: bastion.brokerHost, port: bastion.brokerPort)
                let versions = try await RawApiVersions.exchange(on: channel, correlationID: 7)
                #expect(versions.correlationID == 7)
                #expect(versions.errorCode == 0)
                #expect(versions.apiKeys.contains(3))  // Metadata
                #expect(versions.apiKeys.contains(18))  // ApiVersions

                // Through the Kafka dial seam, several channels share the one session.
                let dialer = SSHTunnelDialer(tunnel: tunnel)
                let broker = BrokerAddress(nodeID: 111, host: bastion.brokerHost, port: bastion.brokerPort)
                var channels: [any Channel] = [channel]
                for correlationID in Int32(8)...10 {
                    let dialled = try await dialer.dial(broker, on: MultiThreadedEventLoopGroup.singleton.next())
                    let reply = try await RawApiVersions.exchange(on: dialled, correlationID: correlationID)
                    #expect(reply.correlationID == correlationID)
                    channels.append(dialled)
                }
                #expect(bastion.sshd.log().components(separatedBy: "Accepted publickey").count - 1 == 1)
                for channel in channels { try await channel.close() }
            }
        }
    }

    @Test func channelErrorsNameTheHopThatFailed() async throws {
        let keys = SSHTunnelKeys.generate()
        try await withSSHBastion(authorizedKeys: [keys.primary.authorizedKeysLine]) { bastion in
            try await withTunnel(Self.configuration(bastion, keys: SSHClientKeys(keys))) { tunnel in

                let unresolvable = await #expect(throws: SSHTunnelError.self) {
                    try await tunnel.openChannel(to: "b-9.kafka.internal", port: bastion.brokerPort)
                }
                #expect(unresolvable?.code == .targetUnresolvable)
                #expect(unresolvable?.message.contains("b-9.kafka.internal") == true)

                let closedPort = try await bastion.namespace.freePort(on: "127.0.0.1")
                let refused = await #expect(throws: SSHTunnelError.self) {
                    try await tunnel.openChannel(to: bastion.brokerHost, port: closedPort)
                }
                #expect(refused?.code == .brokerRefused)
                #expect(refused?.message.contains("\(bastion.brokerHost):\(closedPort)") == true)
                #expect(refused?.message.contains("Connection refused") == true)

                // The session survives refused channels.
                #expect(tunnel.status == .running)
                let channel = try await tunnel.openChannel(to: bastion.brokerHost, port: bastion.brokerPort)
                #expect(try await RawApiVersions.exchange(on: channel, correlationID: 1).errorCode == 0)
                try await channel.close()
            }
        }
    }

    @Test func keyRotationEndToEnd() async throws {
        let keys = SSHTunnelKeys.generate()
        try await withSSHBastion(authorizedKeys: keys.all.map(\.authorizedKeysLine)) { bastion in
            try await withTunnel(Self.configuration(bastion, keys: SSHClientKeys(keys))) { tunnel in
                try await Self.roundTrip(tunnel, bastion)

                // ROTATE KEYS: key 1 dropped, key 2 promoted, a new key 2; the bastion's admin follows.
                let rotated = keys.rotated()
                #expect(rotated.primary == keys.secondary)
                try bastion.sshd.setAuthorizedKeys([rotated.secondary.authorizedKeysLine])
                await tunnel.updateKeys(SSHClientKeys(rotated))
                await tunnel.reconnect()
                try await Self.waitUntilRunningAgain(tunnel)
                try await Self.roundTrip(tunnel, bastion)
                #expect(bastion.sshd.log().contains(rotated.secondary.fingerprint))

                // The dropped key no longer gets in.
                let old = SSHTunnel(configuration: Self.configuration(bastion, keys: SSHClientKeys([keys.primary])))
                let refused = await #expect(throws: SSHTunnelError.self) { try await old.connect() }
                #expect(refused?.code == .authenticationRefused)
                #expect(refused?.message.contains(keys.primary.fingerprint) == true)
                await old.shutdown()
            }
        }
    }

    @Test func reconnectsAfterTheBastionIsKilledAndRestarted() async throws {
        let keys = SSHTunnelKeys.generate()
        try await withSSHBastion(authorizedKeys: [keys.primary.authorizedKeysLine]) { bastion in
            let updates = try await withTunnel(Self.configuration(bastion, keys: SSHClientKeys(keys))) { tunnel in
                let updates = Task {
                    var names: [String] = []
                    for await status in tunnel.statusUpdates() where names.last != status.name {
                        names.append(status.name)
                    }
                    return names
                }
                let before = try await tunnel.openChannel(to: bastion.brokerHost, port: bastion.brokerPort)
                #expect(try await RawApiVersions.exchange(on: before, correlationID: 1).errorCode == 0)

                await bastion.sshd.kill()
                // In-flight channels end cleanly, so a Kafka client sees a closed connection and redials.
                try await within(.seconds(10)) { try? await before.closeFuture.get() }
                try await Self.waitUntil(.seconds(10)) { tunnel.status != .running }
                let whileDown = await #expect(throws: SSHTunnelError.self) {
                    try await tunnel.openChannel(to: bastion.brokerHost, port: bastion.brokerPort)
                }
                #expect(whileDown?.code == .bastionUnreachable)
                #expect(tunnel.status.name == "errored")

                try await bastion.sshd.restart()
                let after = try await tunnel.openChannel(to: bastion.brokerHost, port: bastion.brokerPort)
                #expect(try await RawApiVersions.exchange(on: after, correlationID: 2).errorCode == 0)
                #expect(tunnel.status == .running)
                try await after.close()
                return updates
            }
            // What connection status shows over time: up, down with a reason, up again, then shut down.
            let seen = await updates.value
            #expect(Array(seen.suffix(4)) == ["running", "errored", "running", "shut down"], "\(seen)")
        }
    }

    @Test func keepalivesDetectASilentlyDeadNetworkAndTheTunnelRecovers() async throws {
        let keys = SSHTunnelKeys.generate()
        try await withSSHBastion(authorizedKeys: [keys.primary.authorizedKeysLine]) { bastion in
            var configuration = Self.configuration(bastion, keys: SSHClientKeys(keys))
            configuration.keepalive = SSHKeepalivePolicy(interval: .milliseconds(500), maxUnanswered: 2)
            configuration.connectTimeout = .seconds(1)
            try await withTunnel(configuration) { tunnel in
                let channel = try await tunnel.openChannel(to: bastion.brokerHost, port: bastion.brokerPort)
                // Idle for several intervals: answered keepalives keep the session up.
                try await Task.sleep(for: .seconds(2))
                #expect(tunnel.status == .running)
                #expect(channel.isActive)

                // Packets now vanish without any FIN or RST: only keepalives can tell.
                try await bastion.namespace.setLink(up: false)
                try await within(.seconds(10)) { try? await channel.closeFuture.get() }
                try await Self.waitUntil(.seconds(10)) { tunnel.status.error?.contains("keepalive") == true }

                try await bastion.namespace.setLink(up: true)
                let deadline = ContinuousClock.now + .seconds(20)
                var recovered: (any Channel)?
                while recovered == nil && ContinuousClock.now < deadline {
                    recovered = try? await tunnel.openChannel(to: bastion.brokerHost, port: bastion.brokerPort)
                }
                let again = try #require(recovered)
                #expect(try await RawApiVersions.exchange(on: again, correlationID: 3).errorCode == 0)
                try await again.close()
            }
        }
    }

    @Test func aChannelTheBastionNeverAnswersTimesOut() async throws {
        let keys = SSHTunnelKeys.generate()
        try await withSSHBastion(authorizedKeys: [keys.primary.authorizedKeysLine]) { bastion in
            var configuration = Self.configuration(bastion, keys: SSHClientKeys(keys))
            configuration.channelOpenTimeout = .seconds(1)
            configuration.keepalive = SSHKeepalivePolicy(interval: .seconds(30), maxUnanswered: 3)
            try await withTunnel(configuration) { tunnel in
                try await tunnel.connect()
                try await bastion.namespace.setLink(up: false)
                let started = ContinuousClock.now
                let error = await #expect(throws: SSHTunnelError.self) {
                    try await tunnel.openChannel(to: bastion.brokerHost, port: bastion.brokerPort)
                }
                #expect(error?.code == .channelOpenFailed)
                #expect(error?.message.contains("within 1.0s") == true)
                #expect(ContinuousClock.now - started < .seconds(10))
                try await bastion.namespace.setLink(up: true)
                // The late channel open reply is harmless; a fresh channel works.
                try await Self.roundTrip(tunnel, bastion)
            }
        }
    }

    static func configuration(_ bastion: SSHBastion, keys: SSHClientKeys) -> SSHTunnelConfiguration {
        var configuration = SSHTunnelConfiguration(
            host: bastion.sshd.host, port: bastion.sshd.port, user: bastion.sshd.user, keys: keys)
        configuration.keepalive = SSHKeepalivePolicy(interval: .seconds(1), maxUnanswered: 3)
        configuration.reconnectBackoff = SSHReconnectBackoff(initial: .milliseconds(50), maximum: .milliseconds(500))
        return configuration
    }

    static func roundTrip(_ tunnel: SSHTunnel, _ bastion: SSHBastion) async throws {
        let channel = try await tunnel.openChannel(to: bastion.brokerHost, port: bastion.brokerPort)
        #expect(try await RawApiVersions.exchange(on: channel, correlationID: 42).errorCode == 0)
        try await channel.close()
    }

    static func waitUntilRunningAgain(_ tunnel: SSHTunnel) async throws {
        try await tunnel.connect()
    }

    static func waitUntil(_ timeout: Duration, _ condition: @Sendable () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { throw SSHTestSetupError("condition not met in \(timeout)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// Runs `body`, failing if it takes longer than `timeout`.
func within<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw SSHTestSetupError("timed out after \(timeout)")
        }
        let first = try await group.next()!
        group.cancelAll()
        return first
    }
}
