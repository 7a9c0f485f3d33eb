import Foundation
import InletTestSupport
import Testing

/// The bastion's host key is pinned in the catalog at the first successful connect, survives a restart of
/// `inlet serve`, refuses a replaced key with the mismatch message, and is replaced on purpose with
/// `ALTER CONNECTION … SET (HOST KEY '…')` or given ahead with `CREATE CONNECTION … (HOST KEY '…')` — against the
/// real OpenSSH sshd.
@Suite(.serialized, .timeLimit(.minutes(3))) struct SSHHostKeyPinTests {
    @Test func pinIsPersistedAndAReplacedKeyIsRefusedAcrossRestarts() async throws {
        let sshd = try await SSHD.start(authorizedKeys: [])
        defer { Task { await sshd.stop() } }
        let bed = try await SourceTestBed.start()
        try await bed.sql(
            "CREATE CONNECTION bastion TO SSH TUNNEL (HOST '\(sshd.host)', PORT \(sshd.port), USER '\(sshd.user)');")
        let keys = try await bed.sql("SELECT public_key_1, public_key_2 FROM mz_ssh_tunnel_connections;")
        try sshd.setAuthorizedKeys(keys.split(separator: "\n").flatMap { $0.split(separator: "|").map(String.init) })
        #expect(try await bed.sql("SELECT host_key IS NULL FROM mz_ssh_tunnel_connections;") == "t\n")

        try await bed.sql("VALIDATE CONNECTION bastion;")
        let original = try sshd.hostKey()
        #expect(try await bed.sql("SELECT host_key FROM mz_ssh_tunnel_connections;") == original + "\n")

        // The bastion gets a new host key; a restarted server still trusts only the pinned one.
        try await sshd.restart(newHostKey: true)
        let replaced = try sshd.hostKey()
        #expect(replaced != original)
        try await bed.restart()
        let refused = try await bed.failingSQL("VALIDATE CONNECTION bastion;")
        #expect(refused.contains("host key"), "\(refused)")
        #expect(try await bed.sql("SELECT host_key FROM mz_ssh_tunnel_connections;") == original + "\n")

        // Replaced on purpose: the new pin is shown and works.
        try await bed.sql("ALTER CONNECTION bastion SET (HOST KEY '\(replaced)');")
        #expect(try await bed.sql("SELECT host_key FROM mz_ssh_tunnel_connections;") == replaced + "\n")
        try await bed.sql("VALIDATE CONNECTION bastion;")
        try await bed.stop()
    }

    @Test func aHostKeyGivenAheadIsTheOnlyOneTrusted() async throws {
        let sshd = try await SSHD.start(authorizedKeys: [])
        defer { Task { await sshd.stop() } }
        let other = try await SSHD.start(authorizedKeys: [])
        let otherKey = try other.hostKey()
        await other.stop()
        let bed = try await SourceTestBed.start()
        try await bed.sql(
            "CREATE CONNECTION wrong_pin TO SSH TUNNEL (HOST '\(sshd.host)', PORT \(sshd.port), USER '\(sshd.user)', "
                + "HOST KEY '\(otherKey)');")
        let keys = try await bed.sql("SELECT public_key_1, public_key_2 FROM mz_ssh_tunnel_connections;")
        try sshd.setAuthorizedKeys(keys.split(separator: "\n").flatMap { $0.split(separator: "|").map(String.init) })
        #expect(try await bed.sql("SELECT host_key FROM mz_ssh_tunnel_connections;") == otherKey + "\n")
        let refused = try await bed.failingSQL("VALIDATE CONNECTION wrong_pin;")
        #expect(refused.contains("host key"), "\(refused)")
        let bad = try await bed.failingSQL(
            "CREATE CONNECTION bad_pin TO SSH TUNNEL (HOST 'h', USER 'u', HOST KEY 'not a key');")
        #expect(bad.contains("22023") && bad.contains("HOST KEY"), "\(bad)")
        try await bed.stop()
    }
}
