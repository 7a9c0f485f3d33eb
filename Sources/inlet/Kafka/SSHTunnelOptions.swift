import ArgumentParser
import KafkaClient
import Logging
import Routing

/// `--ssh user@host:port --ssh-key FILE [--ssh-known-host-key KEY]`: every broker through one SSH bastion.
struct SSHTunnelOptions: ParsableArguments {
    @Option(
        name: .customLong("ssh"),
        help: "Reach every broker through this SSH bastion, user@host[:port] (port 22 by default).")
    var destination: String?

    @Option(
        name: .customLong("ssh-key"),
        help: "Ed25519 private key for the bastion, OpenSSH format (`inlet ssh keygen` or `ssh-keygen -t ed25519`).")
    var keyFile: String?

    @Option(
        name: .customLong("ssh-known-host-key"),
        help: "The bastion's host key: `ssh-ed25519 AAAA…` or `SHA256:…` (default: pin the first one seen).")
    var knownHostKey: String?

    func validate() throws {
        if destination != nil && keyFile == nil {
            throw ValidationError("--ssh needs --ssh-key FILE (make one with `inlet ssh keygen --out FILE`)")
        }
        if destination == nil && (keyFile != nil || knownHostKey != nil) {
            throw ValidationError("--ssh-key and --ssh-known-host-key need --ssh user@host:port")
        }
    }

    /// How routes name the bastion: `user@host:port` as given.
    var tunnelName: String { destination ?? "" }

    /// The dialer through the bastion, or nil without `--ssh`.
    func makeDialer() throws -> (any KafkaDialer)? {
        guard let destination, let keyFile else { return nil }
        do {
            let configuration = try SSHTunnelConfiguration(
                commandLine: destination, keyFile: keyFile, knownHostKey: knownHostKey)
            // A command line tool reports failures itself; only warnings about the session belong on stderr.
            var logger = Logger(label: "inlet.ssh-tunnel")
            logger.logLevel = .warning
            return SSHTunnelDialer(tunnel: SSHTunnel(configuration: configuration, logger: logger))
        } catch let error as SSHKeyError {
            throw KafkaClientError(.configuration, error.message)
        }
    }
}
