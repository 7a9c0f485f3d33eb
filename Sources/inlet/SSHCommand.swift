import ArgumentParser
import Foundation
import Routing

struct SSHCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssh",
        abstract: "SSH bastion tools: key generation.",
        subcommands: [SSHKeygenCommand.self]
    )
}

/// `inlet ssh keygen --out FILE`: an Ed25519 key for `--ssh-key`, in the format `ssh-keygen` writes.
struct SSHKeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Write a new Ed25519 private key (OpenSSH format, mode 0600) and print its public key.",
        discussion: """
            Add the printed line to ~USER/.ssh/authorized_keys on the bastion, then pass the file to
            `inlet kafka … --ssh USER@BASTION:PORT --ssh-key FILE`. The file is interchangeable with one
            written by `ssh-keygen -t ed25519 -N ''`.
            """
    )

    @Option(name: .long, help: "Where to write the private key.")
    var out: String

    @Option(name: .long, help: "The comment after the public key.")
    var comment: String = "inlet"

    @Flag(name: .long, help: "Replace FILE if it exists.")
    var force = false

    func run() async throws {
        if FileManager.default.fileExists(atPath: out) && !force {
            throw ValidationError("\(out) already exists; pass --force to replace it")
        }
        let pair = SSHKeyPair.generate(comment: comment)
        do {
            try pair.write(toFile: out)
        } catch let error as SSHKeyError {
            throw ValidationError(error.message)
        }
        print(pair.authorizedKeysLine)
        FileHandle.standardError.write(Data("fingerprint \(pair.fingerprint), private key in \(out)\n".utf8))
    }
}
