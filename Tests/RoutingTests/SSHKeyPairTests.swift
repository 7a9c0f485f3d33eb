import Crypto
import Foundation
import Testing

@testable import Routing

@Suite("SSH keys")
struct SSHKeyPairTests {
    /// Written by `ssh-keygen -t ed25519 -N ''` (OpenSSH 9.2) for these tests; it guards nothing.
    static let capturedPrivateKey = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
        QyNTUxOQAAACDehJaTZwGes1NA+xs6t4wcxtimBdgjHH8xS8t7zMfabQAAAJCrHzz5qx88
        +QAAAAtzc2gtZWQyNTUxOQAAACDehJaTZwGes1NA+xs6t4wcxtimBdgjHH8xS8t7zMfabQ
        AAAECmQMowYC5EloPIhE0Na7VsasEvPsYpPDuO9mUAQjj/tt6ElpNnAZ6zU0D7Gzq3jBzG
        2KYF2CMcfzFLy3vMx9ptAAAAB3Jvb3RAdm0BAgMEBQY=
        -----END OPENSSH PRIVATE KEY-----

        """
    static let capturedPublicKey =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIN6ElpNnAZ6zU0D7Gzq3jBzG2KYF2CMcfzFLy3vMx9pt root@vm"
    static let capturedFingerprint = "SHA256:nUctfpJsDEC3RT1uV0y2SuJf8XRF1qLU86Nd+hm9T7s"

    @Test func readsAKeyWrittenBySSHKeygen() throws {
        let pair = try SSHKeyPair(openSSHPrivateKey: Self.capturedPrivateKey)
        #expect(pair.authorizedKeysLine == Self.capturedPublicKey)
        #expect(pair.fingerprint == Self.capturedFingerprint)
        #expect(pair.comment == "root@vm")
    }

    @Test func writesTheSameBytesAsSSHKeygenApartFromTheCheckNumbers() throws {
        let pair = try SSHKeyPair(openSSHPrivateKey: Self.capturedPrivateKey)
        let ours = try Self.body(pair.openSSHPrivateKey)
        let theirs = try Self.body(Self.capturedPrivateKey)
        #expect(ours.count == theirs.count)
        // Everything but the two random check numbers (8 bytes right after the public part) is identical.
        let checkOffset = 15 + (4 + 4) + (4 + 4) + 4 + 4 + (4 + 51) + 4
        #expect(Array(ours[..<checkOffset]) == Array(theirs[..<checkOffset]))
        #expect(Array(ours[(checkOffset + 8)...]) == Array(theirs[(checkOffset + 8)...]))
        #expect(pair.openSSHPrivateKey.split(separator: "\n").dropFirst().first?.count == 70)
    }

    @Test func roundTripsAGeneratedKey() throws {
        let pair = SSHKeyPair.generate(comment: "inlet-test")
        let read = try SSHKeyPair(openSSHPrivateKey: pair.openSSHPrivateKey)
        #expect(read == pair)
        #expect(read.authorizedKeysLine.hasPrefix("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"))
        #expect(read.authorizedKeysLine.hasSuffix(" inlet-test"))
    }

    @Test func fingerprintIsUnpaddedBase64OfTheSHA256OfTheBlob() throws {
        let key = try SSHPublicKey(openSSHLine: Self.capturedPublicKey)
        #expect(key.algorithm == "ssh-ed25519")
        #expect(key.blob.count == 51)
        #expect(key.fingerprint == Self.capturedFingerprint)
        #expect(!key.fingerprint.contains("="))
    }

    @Test func refusesOtherFormatsAndDamagedKeys() throws {
        let garbage = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n"
        #expect(throws: SSHKeyError.self) { try SSHKeyPair(openSSHPrivateKey: garbage) }
        let pem = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
        let error = #expect(throws: SSHKeyError.self) { try SSHKeyPair(openSSHPrivateKey: pem) }
        #expect(error?.message.contains("inlet ssh keygen") == true)
        var bytes = try Self.body(Self.capturedPrivateKey)
        bytes[bytes.count - 1] ^= 0xff  // padding
        let damaged =
            "-----BEGIN OPENSSH PRIVATE KEY-----\n\(Data(bytes).base64EncodedString())\n"
            + "-----END OPENSSH PRIVATE KEY-----\n"
        #expect(throws: SSHKeyError.self) { try SSHKeyPair(openSSHPrivateKey: damaged) }
    }

    @Test func descriptionNeverShowsThePrivateKey() throws {
        let pair = try SSHKeyPair(openSSHPrivateKey: Self.capturedPrivateKey)
        #expect(!"\(pair)".contains("AAAA"))
        #expect("\(pair)".contains(Self.capturedFingerprint))
    }

    @Test func rotationDropsThePrimaryAndPromotesTheSecondary() {
        let keys = SSHTunnelKeys.generate()
        let rotated = keys.rotated()
        #expect(rotated.primary == keys.secondary)
        #expect(rotated.secondary != keys.primary)
        #expect(rotated.secondary != keys.secondary)
        #expect(SSHClientKeys(rotated).pairs == [rotated.primary, rotated.secondary])
    }

    @Test func knownHostKeyAcceptsKeyLinesKnownHostsLinesAndFingerprints() throws {
        let key = try SSHPublicKey(openSSHLine: Self.capturedPublicKey)
        for text in [
            Self.capturedPublicKey, "[bastion]:2222 \(Self.capturedPublicKey)", Self.capturedFingerprint,
            "  \(Self.capturedFingerprint)\n",
        ] {
            let pinned = try SSHKnownHostKey(parsing: text)
            #expect(pinned.matches(key), "\(text)")
        }
        let other = SSHKeyPair.generate().publicKey
        #expect(!(try SSHKnownHostKey(parsing: Self.capturedFingerprint)).matches(other))
        #expect(throws: SSHKeyError.self) { try SSHKnownHostKey(parsing: "SHA256:tooShort") }
        #expect(throws: SSHKeyError.self) { try SSHKnownHostKey(parsing: "bastion.example") }
    }

    static func body(_ text: String) throws -> [UInt8] {
        let base64 = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return try #require(Data(base64Encoded: base64)).map { $0 }
    }
}

@Suite("SSH keys as the catalog stores them")
struct SSHKeySeedTests {
    @Test func aPairSurvivesItsSeed() throws {
        let pair = SSHKeyPair.generate(comment: "")
        let restored = try SSHKeyPair(ed25519Seed: pair.ed25519Seed, comment: "")
        #expect(restored == pair)
        #expect(restored.authorizedKeysLine == pair.publicKey.openSSHLine)
        #expect(throws: SSHKeyError.self) { try SSHKeyPair(ed25519Seed: [1, 2, 3]) }
    }
}
