import ArgumentParser

struct SSHCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssh",
        abstract: "SSH bastion tools: key generation.",
        subcommands: []
    )
}
