import Foundation
import InletTestSupport
import Routing
import Testing

/// Inlet's key files against OpenSSH's `ssh-keygen`, in both directions.
@Suite("SSH key interop with ssh-keygen")
struct SSHKeyInteropTests {
    @Test func sshKeygenReadsOurPrivateKey() async throws {
        try await withTemporaryDirectory { directory in
            let pair = SSHKeyPair.generate(comment: "inlet-interop")
            let path = "\(directory)/id_inlet"
            try pair.write(toFile: path)
            let derived = try await SSHKeygen.run(["-y", "-f", path])
            #expect(Self.keyFields(derived) == Self.keyFields(pair.authorizedKeysLine))
            let listed = try await SSHKeygen.run(["-l", "-f", path])
            #expect(listed.contains(pair.fingerprint))
            #expect(listed.contains("(ED25519)"))
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func weReadSSHKeygensPrivateKey() async throws {
        try await withTemporaryDirectory { directory in
            let path = "\(directory)/id_openssh"
            try await SSHKeygen.run(["-q", "-t", "ed25519", "-N", "", "-C", "made-by-openssh", "-f", path])
            let pair = try SSHKeyPair(contentsOfFile: path)
            let publicLine = try String(contentsOfFile: path + ".pub", encoding: .utf8)
            #expect(pair.authorizedKeysLine == publicLine.trimmingCharacters(in: .whitespacesAndNewlines))
            let listed = try await SSHKeygen.run(["-l", "-f", path + ".pub"])
            #expect(listed.split(separator: " ")[1] == pair.fingerprint)
        }
    }

    @Test func sshKeygenCanChangeTheCommentOfOurKeyAndWeReadItBack() async throws {
        try await withTemporaryDirectory { directory in
            let pair = SSHKeyPair.generate()
            let path = "\(directory)/id_inlet"
            try pair.write(toFile: path)
            // ssh-keygen parses our file, rewrites it in its own hand, and we must read that again.
            try await SSHKeygen.run(["-q", "-c", "-C", "renamed", "-f", path])
            let read = try SSHKeyPair(contentsOfFile: path)
            #expect(read.privateKey.rawRepresentation == pair.privateKey.rawRepresentation)
            #expect(read.comment == "renamed")
        }
    }

    @Test func passphraseProtectedAndNonEd25519KeysAreRefusedWithTheFix() async throws {
        try await withTemporaryDirectory { directory in
            let encrypted = "\(directory)/id_encrypted"
            try await SSHKeygen.run(["-q", "-t", "ed25519", "-N", "secret-passphrase", "-f", encrypted])
            let passphraseError = #expect(throws: SSHKeyError.self) { try SSHKeyPair(contentsOfFile: encrypted) }
            #expect(passphraseError?.message.contains("ssh-keygen -p -N ''") == true)
            #expect(passphraseError?.message.contains("secret-passphrase") == false)

            let ecdsa = "\(directory)/id_ecdsa"
            try await SSHKeygen.run(["-q", "-t", "ecdsa", "-N", "", "-f", ecdsa])
            let typeError = #expect(throws: SSHKeyError.self) { try SSHKeyPair(contentsOfFile: ecdsa) }
            #expect(typeError?.message.contains("ecdsa-sha2-nistp256") == true)
            #expect(typeError?.message.contains("Ed25519") == true)
        }
    }

    @Test func inletSSHKeygenWritesA0600KeyAndPrintsItsPublicKey() async throws {
        try await withTemporaryDirectory { directory in
            let path = "\(directory)/tunnel_key"
            let inlet = try InletBinary.path()
            let (status, output) = try await InletBinary.run([inlet, "ssh", "keygen", "--out", path])
            #expect(status == 0, "\(output)")
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let printed = try #require(output.split(separator: "\n").first { $0.hasPrefix("ssh-ed25519 ") })
            let derived = try await SSHKeygen.run(["-y", "-f", path])
            #expect(Self.keyFields(derived) == Self.keyFields(String(printed)))

            let (again, refusal) = try await InletBinary.run([inlet, "ssh", "keygen", "--out", path])
            #expect(again != 0)
            #expect(refusal.contains("--force"))
        }
    }

    static func keyFields(_ line: String) -> [Substring] {
        Array(line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").prefix(2))
    }
}

/// The `inlet` executable built next to the test bundle.
enum InletBinary {
    static func path() throws -> String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("inlet").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw SSHTestSetupError(
            "the inlet executable is not built next to \(bundle.path); run `swift build --build-tests`")
    }

    static func run(_ arguments: [String]) async throws -> (Int32, String) {
        try await HarnessCommand.status(arguments)
    }
}

func withTemporaryDirectory<T: Sendable>(_ body: (String) async throws -> T) async throws -> T {
    let path = NSTemporaryDirectory() + "inlet-ssh-test-\(UInt64.random(in: 0 ... .max))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

struct SSHTestSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
