import Foundation
import InletTestSupport
import KafkaClient
import Routing
import Testing

/// `inlet kafka … --ssh user@host:port --ssh-key FILE [--ssh-known-host-key KEY]` against a real bastion.
@Suite("inlet kafka through an SSH bastion", .timeLimit(.minutes(3)))
struct SSHCLITests {
    @Test func producesConsumesAndReadsMetadataThroughTheBastion() async throws {
        try await withTemporaryDirectory { directory in
            let keyFile = "\(directory)/bastion_key"
            let inlet = try InletBinary.path()
            let (keygenStatus, keygenOutput) = try await InletBinary.run([inlet, "ssh", "keygen", "--out", keyFile])
            #expect(keygenStatus == 0, "\(keygenOutput)")
            let publicKey = try SSHKeyPair(contentsOfFile: keyFile).authorizedKeysLine
            try await withSSHBastion(authorizedKeys: [publicKey]) { bastion in
                let flags = [
                    "--bootstrap", "\(bastion.brokerHost):\(bastion.brokerPort)",
                    "--ssh", bastion.sshd.destination, "--ssh-key", keyFile,
                    "--ssh-known-host-key", try await bastion.sshd.hostKeyFingerprint(),
                ]
                let metadata = try await InletBinary.run([inlet, "kafka", "metadata"] + flags)
                #expect(metadata.0 == 0, "\(metadata.1)")
                #expect(metadata.1.contains(bastion.brokerHost), "\(metadata.1)")

                // The CLI has no topic creation; make the topic with the library, through a tunnel of its own.
                let tunnelConfiguration = try SSHTunnelConfiguration(
                    commandLine: bastion.sshd.destination, keyFile: keyFile)
                try await withTunnel(tunnelConfiguration) { tunnel in
                    let cluster = try KafkaCluster(
                        configuration: SSHKafkaTests.configuration(
                            bootstrap: "\(bastion.brokerHost):\(bastion.brokerPort)",
                            dialer: SSHTunnelDialer(tunnel: tunnel)))
                    try await KafkaAdmin(cluster: cluster).createTopics([.init(name: "cli-ssh", partitions: 1)])
                    await cluster.shutdown()
                }

                let lines = (0..<20).map { "line-\($0)" }.joined(separator: "\n") + "\n"
                let input = "\(directory)/input.txt"
                try lines.write(toFile: input, atomically: true, encoding: .utf8)
                let produced = try await InletBinary.run(
                    [
                        "/bin/sh", "-c",
                        "\"$0\" kafka produce --topic cli-ssh \"$@\" < \(input)", inlet,
                    ] + flags)
                #expect(produced.0 == 0, "\(produced.1)")

                let consumed = try await InletBinary.run(
                    [inlet, "kafka", "consume", "--topic", "cli-ssh", "--from-beginning", "--count", "20"] + flags)
                #expect(consumed.0 == 0, "\(consumed.1)")
                #expect(consumed.1.split(separator: "\n").filter { $0.hasPrefix("line-") }.count == 20, "\(consumed.1)")
            }
        }
    }

    @Test func probeShowsTheBastionHopForEveryBroker() async throws {
        try await withTemporaryDirectory { directory in
            let keyFile = "\(directory)/bastion_key"
            let pair = SSHKeyPair.generate()
            try pair.write(toFile: keyFile)
            let inlet = try InletBinary.path()
            try await withSSHBastion(authorizedKeys: [pair.authorizedKeysLine]) { bastion in
                let (status, output) = try await InletBinary.run([
                    inlet, "kafka", "probe", "--bootstrap", "\(bastion.brokerHost):\(bastion.brokerPort)",
                    "--ssh", bastion.sshd.destination, "--ssh-key", keyFile,
                ])
                #expect(status == 0, "\(output)")
                // The bootstrap line and the broker's row both name the hop: through the bastion, to the name
                // only the bastion resolves.
                #expect(
                    output.contains(
                        "\(bastion.brokerHost):\(bastion.brokerPort) via SSH tunnel \(bastion.sshd.destination)"),
                    "\(output)")
                #expect(output.contains("connection default"), "\(output)")
                #expect(output.contains(" ok"), "\(output)")
            }
        }
    }

    @Test func aWrongHostKeyIsRefusedOnTheCommandLineWithBothFingerprints() async throws {
        try await withTemporaryDirectory { directory in
            let keyFile = "\(directory)/bastion_key"
            let pair = SSHKeyPair.generate()
            try pair.write(toFile: keyFile)
            let stranger = SSHKeyPair.generate().publicKey
            let inlet = try InletBinary.path()
            try await withSSHBastion(authorizedKeys: [pair.authorizedKeysLine]) { bastion in
                let (status, output) = try await InletBinary.run([
                    inlet, "kafka", "metadata", "--bootstrap", "\(bastion.brokerHost):\(bastion.brokerPort)",
                    "--ssh", bastion.sshd.destination, "--ssh-key", keyFile,
                    "--ssh-known-host-key", stranger.openSSHLine, "--request-timeout-ms", "3000",
                ])
                #expect(status != 0)
                #expect(output.contains("host key mismatch"), "\(output)")
                #expect(output.contains(stranger.fingerprint), "\(output)")
                #expect(output.contains(try await bastion.sshd.hostKeyFingerprint()), "\(output)")
            }
        }
    }

    @Test func sshFlagsAreCheckedBeforeAnythingIsDialled() async throws {
        let inlet = try InletBinary.path()
        let (status, output) = try await InletBinary.run([
            inlet, "kafka", "metadata", "--bootstrap", "b-1.kafka.internal:9092", "--ssh", "kafka@bastion:22",
        ])
        #expect(status != 0)
        #expect(output.contains("--ssh needs --ssh-key"), "\(output)")
    }
}
