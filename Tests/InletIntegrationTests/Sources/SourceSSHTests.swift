import Foundation
import InletTestSupport
import Testing

/// A Kafka source through an SSH bastion, driven through psql against `inlet serve`: CREATE CONNECTION … TO SSH
/// TUNNEL, its public keys installed from mz_ssh_tunnel_connections, a KAFKA connection whose default route is the
/// tunnel (SASL_SSL with SCRAM-SHA-512 inside it), and CREATE SOURCE … FORMAT TEXT. The brokers resolve only from
/// the bastion; every record arrives with the same bytes.
@Suite("Sources: through an SSH bastion", .serialized, .timeLimit(.minutes(3)))
struct SourceSSHTests {
    static let partitions = 6

    @Test func everyRecordArrivesThroughTheBastion() async throws {
        try await SSHSourceBed.with { ssh in
            let bed = ssh.bed
            // Outside the namespace the brokers' names mean nothing.
            #expect((try? await Self.resolves("b-1.kafka.internal")) == false)

            let produced = networkSourceRecords(0..<1200, partitions: Self.partitions, tag: "ssh")
            try await ssh.producer.produce(records: produced, topic: "payments", createPartitions: Self.partitions)

            try await ssh.createTunnel("bastion")
            let created = try await bed.sql(ssh.kafkaStatements(kafka: "ssh_kafka", tunnel: "bastion"))
            #expect(created == "CREATE SECRET\nCREATE SECRET\nCREATE CONNECTION\n", "\(created)")
            try await bed.sql(
                """
                CREATE SOURCE ssh_payments
                    FROM KAFKA CONNECTION ssh_kafka (TOPIC 'payments')
                    FORMAT TEXT
                    WITH (SIZE  'xsmall');
                CREATE SOURCE ssh_payments_at FROM KAFKA CONNECTION ssh_kafka (TOPIC 'payments')
                    FORMAT TEXT INCLUDE PARTITION, OFFSET WITH (SIZE 'xsmall');
                """)

            try await bed.waitForCount("ssh_payments", produced.count)
            try await bed.waitForCount("ssh_payments_at", produced.count)
            try await bed.waitUntilRunning("ssh_payments")
            try await bed.waitUntilRunning("ssh_payments_at")
            let reference = try await referenceRows(ssh.producer, topic: "payments", count: produced.count)
            expectRows(try await bed.sourceRows("ssh_payments_at"), areExactly: produced, reference: reference)
            #expect(
                try await bed.sortedTexts("ssh_payments")
                    == produced.map { $0.value ?? [] }.sorted { $0.lexicographicallyPrecedes($1) })

            let more = networkSourceRecords(1200..<1400, partitions: Self.partitions, tag: "ssh")
            try await ssh.producer.produce(records: more, topic: "payments")
            try await bed.waitForCount("ssh_payments_at", produced.count + more.count)
            let all = try await referenceRows(ssh.producer, topic: "payments", count: produced.count + more.count)
            expectRows(try await bed.sourceRows("ssh_payments_at"), areExactly: produced + more, reference: all)

            // Every broker, learned from metadata and reached through the tunnel, served its own partitions.
            let received = try await ssh.received()
            for broker in 1...SSHSourceBed.brokerCount {
                let fetched = Set(received[broker]?.fetches.flatMap { $0 } ?? [])
                let led = Set((0..<Self.partitions).filter { $0 % SSHSourceBed.brokerCount + 1 == broker })
                #expect(fetched == led, "broker \(broker) fetched \(fetched), leads \(led)")
            }
            // One SSH session carried it all, authenticated with a key the catalog generated.
            #expect(ssh.sshd.log().components(separatedBy: "Accepted publickey").count - 1 >= 1, "\(ssh.sshd.log())")
        }
    }

    /// Whether `host` resolves in the test's own network namespace.
    static func resolves(_ host: String) async throws -> Bool {
        let result = try await PeerCommand.run(
            name: "getent", executable: "getent", arguments: ["hosts", host], check: false)
        return result.status == 0
    }
}
