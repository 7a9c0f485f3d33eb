import Foundation
import InletTestSupport
import NIOCore
import Routing
import Testing

/// Authentication, host key pinning and bastion-level errors against a real OpenSSH sshd on loopback.
@Suite("SSH tunnel against sshd", .timeLimit(.minutes(2)))
struct SSHTunnelAuthTests {
    @Test func connectsWithTheRightKeyAndPinsTheHostKey() async throws {
        let keys = SSHTunnelKeys.generate()
        try await withSSHD(authorizedKeys: [keys.primary.authorizedKeysLine]) { sshd in
            let tunnel = try await withTunnel(Self.configuration(sshd, keys: SSHClientKeys(keys))) { tunnel in
                #expect(tunnel.status == .idle)
                try await tunnel.connect()
                #expect(tunnel.status == .running)
                let pinned = try #require(tunnel.knownHostKey)
                #expect(pinned.fingerprint == (try await sshd.hostKeyFingerprint()))
                #expect(pinned.publicKey?.openSSHLine == (try sshd.hostKey()))
                return tunnel
            }
            #expect(tunnel.status == .shutDown)
            #expect(sshd.log().contains("Accepted publickey for \(sshd.user)"))
        }
    }

    @Test func offersTheSecondKeyWhenTheBastionOnlyKnowsThatOne() async throws {
        let keys = SSHTunnelKeys.generate()
        try await withSSHD(authorizedKeys: [keys.secondary.authorizedKeysLine]) { sshd in
            try await withTunnel(Self.configuration(sshd, keys: SSHClientKeys(keys))) { tunnel in
                try await tunnel.connect()
                #expect(tunnel.status == .running)
            }
            #expect(sshd.log().contains("Accepted publickey for \(sshd.user) from"))
            #expect(sshd.log().contains(keys.secondary.fingerprint))
        }
    }

    @Test func wrongKeysAreRefusedWithAnErrorNamingEveryOfferedKey() async throws {
        let keys = SSHTunnelKeys.generate()
        let stranger = SSHKeyPair.generate()
        try await withSSHD(authorizedKeys: [stranger.authorizedKeysLine]) { sshd in
            try await withTunnel(Self.configuration(sshd, keys: SSHClientKeys(keys))) { tunnel in
                let error = await #expect(throws: SSHTunnelError.self) { try await tunnel.connect() }
                #expect(error?.code == .authenticationRefused)
                #expect(error?.message.contains(keys.primary.fingerprint) == true)
                #expect(error?.message.contains(keys.secondary.fingerprint) == true)
                #expect(error?.message.contains("authorized_keys") == true)
                #expect(error?.description.contains(sshd.destination) == true)
                #expect(tunnel.status.name == "errored")
                #expect(tunnel.status.error?.contains(keys.primary.fingerprint) == true)
            }
        }
    }

    @Test func aChangedHostKeyIsRefusedShowingBothFingerprints() async throws {
        let keys = SSHTunnelKeys.generate()
        try await withSSHD(authorizedKeys: [keys.primary.authorizedKeysLine]) { sshd in
            let original = try await sshd.hostKeyFingerprint()
            // Pinned on first use...
            try await withTunnel(Self.configuration(sshd, keys: SSHClientKeys(keys))) { tunnel in
                try await tunnel.connect()
                #expect(tunnel.knownHostKey?.fingerprint == original)

                // ...and the bastion comes back with a different key.
                try await sshd.restart(newHostKey: true)
                let replaced = try await sshd.hostKeyFingerprint()
                #expect(replaced != original)
                let error = await #expect(throws: SSHTunnelError.self) { try await Self.channelAfterReconnect(tunnel) }
                #expect(error?.code == .hostKeyMismatch)
                #expect(error?.message.contains(original) == true)
                #expect(error?.message.contains(replaced) == true)
            }

            // Given up front as a fingerprint: the same refusal before anything else happens.
            var configuration = Self.configuration(sshd, keys: SSHClientKeys(keys))
            configuration.knownHostKey = try SSHKnownHostKey(parsing: original)
            try await withTunnel(configuration) { pinnedUpFront in
                let upFront = await #expect(throws: SSHTunnelError.self) { try await pinnedUpFront.connect() }
                #expect(upFront?.code == .hostKeyMismatch)
            }

            // And the right key given as a key line connects.
            configuration.knownHostKey = try SSHKnownHostKey(parsing: try sshd.hostKey())
            try await withTunnel(configuration) { correct in
                try await correct.connect()
                #expect(correct.status == .running)
            }
        }
    }

    @Test func forwardingDisabledOnTheBastionIsAClearError() async throws {
        let keys = SSHTunnelKeys.generate()
        try await withSSHD(authorizedKeys: [keys.primary.authorizedKeysLine], allowTcpForwarding: false) { sshd in
            try await withTunnel(Self.configuration(sshd, keys: SSHClientKeys(keys))) { tunnel in
                let error = await #expect(throws: SSHTunnelError.self) {
                    try await tunnel.openChannel(to: "127.0.0.1", port: sshd.port)
                }
                #expect(error?.code == .forwardingRefused)
                #expect(error?.message.contains("AllowTcpForwarding yes") == true)
                #expect(error?.message.contains("127.0.0.1:\(sshd.port)") == true)
                // The session itself stays up; only the channel was refused.
                #expect(tunnel.status == .running)
            }
            #expect(sshd.log().contains("refused local port forward"))
        }
    }

    @Test func anUnreachableBastionIsNamedAsSuch() async throws {
        let keys = SSHTunnelKeys.generate()
        // Ask sshd for a port and stop it, so nothing listens there.
        let port = try await withSSHD(authorizedKeys: []) { $0.port }
        let configuration = SSHTunnelConfiguration(
            host: "127.0.0.1", port: port, user: "nobody", keys: SSHClientKeys(keys))
        try await withTunnel(configuration) { tunnel in
            let error = await #expect(throws: SSHTunnelError.self) { try await tunnel.connect() }
            #expect(error?.code == .bastionUnreachable)
            #expect(error?.message.lowercased().contains("refused") == true)
        }
    }

    static func configuration(_ sshd: SSHD, keys: SSHClientKeys) -> SSHTunnelConfiguration {
        var configuration = SSHTunnelConfiguration(host: sshd.host, port: sshd.port, user: sshd.user, keys: keys)
        configuration.keepalive = SSHKeepalivePolicy(interval: .seconds(1), maxUnanswered: 3)
        configuration.reconnectBackoff = SSHReconnectBackoff(initial: .milliseconds(50), maximum: .milliseconds(500))
        return configuration
    }

    /// Opens a channel once the tunnel noticed its old session is gone (the bastion was restarted).
    static func channelAfterReconnect(_ tunnel: SSHTunnel) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while tunnel.status == .running && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await tunnel.connect()
    }
}

/// Runs `body` with a tunnel and shuts the tunnel down however `body` ends, so no test leaves one retrying.
func withTunnel<T: Sendable>(
    _ configuration: SSHTunnelConfiguration, _ body: (SSHTunnel) async throws -> T
) async throws -> T {
    let tunnel = SSHTunnel(configuration: configuration)
    do {
        let value = try await body(tunnel)
        await tunnel.shutdown()
        return value
    } catch {
        await tunnel.shutdown()
        throw error
    }
}

@Suite("SSH tunnel registry against sshd", .timeLimit(.minutes(2)))
struct SSHTunnelRegistryTests {
    @Test func sharesOneTunnelPerConnectionAndHandsItRotatedKeys() async throws {
        let keys = SSHTunnelKeys.generate()
        let rotated = keys.rotated()
        try await withSSHD(authorizedKeys: [keys.primary.authorizedKeysLine]) { sshd in
            let registry = SSHTunnelRegistry()
            let configuration = SSHTunnelAuthTests.configuration(sshd, keys: SSHClientKeys(keys))
            let first = await registry.tunnel(named: "bastion", configuration: configuration)
            let again = await registry.tunnel(named: "bastion", configuration: configuration)
            #expect(first === again)
            try await first.connect()

            // ROTATE KEYS: same tunnel, the new keys are used from the next session on.
            try sshd.setAuthorizedKeys([rotated.secondary.authorizedKeysLine])
            var rotatedConfiguration = configuration
            rotatedConfiguration.keys = SSHClientKeys(rotated)
            let afterRotation = await registry.tunnel(named: "bastion", configuration: rotatedConfiguration)
            #expect(afterRotation === first)
            await first.reconnect()
            try await first.connect()
            #expect(sshd.log().contains(rotated.secondary.fingerprint))

            // A different bastion port is a different tunnel; the old one is shut down.
            var moved = rotatedConfiguration
            moved.port = sshd.port + 1
            let replaced = await registry.tunnel(named: "bastion", configuration: moved)
            #expect(replaced !== first)
            #expect(first.status == .shutDown)
            #expect(await registry.statuses()["bastion"] == .idle)
            await registry.shutdown()
            #expect(replaced.status == .shutDown)
        }
    }
}
