import Testing

@testable import Routing

@Suite("SSH cipher preference")
struct SSHCipherPreferenceTests {
    @Test func aes128GCMComesFirstAndUnknownCiphersKeepTheirOrderAfterTheNamedOnes() {
        let offered = [
            "x-cipher@example.com", "aes256-gcm@openssh.com", "y-cipher@example.com", "aes128-gcm@openssh.com",
        ]
        #expect(
            SSHCipherPreference.ordered(offered, name: { $0 }) == [
                "aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "x-cipher@example.com", "y-cipher@example.com",
            ])
    }

    @Test func theBundledSchemesAreAllOfferedWithAES128GCMFirst() {
        let offered = SSHCipherPreference.offeredNames
        #expect(offered.first == "aes128-gcm@openssh.com")
        #expect(offered.sorted() == SSHCipherPreference.bundledNames.sorted())
        #expect(offered.count == Set(offered).count)
    }
}
