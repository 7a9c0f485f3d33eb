import Foundation
import InletTestSupport
import Testing

/// Sources that stall for a reason a data engineer can fix, and recover by themselves once it is fixed: each stall
/// shows in mz_source_statuses (status 'stalled', the error, a hint in details), and afterwards every record is
/// there exactly once, including those written while the source stood still.
@Suite("Sources: stalls that recover", .serialized, .timeLimit(.minutes(3)))
struct SourceStallTests {
    /// A source through the MSK bed with the partition and offset of every record.
    static let sourceStatement = """
        CREATE SOURCE msk_events FROM KAFKA CONNECTION msk_kafka (TOPIC 'events')
            FORMAT TEXT INCLUDE PARTITION, OFFSET WITH (SIZE 'xsmall');
        """

    /// A broker joins the cluster and leads partitions, but no rule maps it: the source stalls with the ALTER
    /// CONNECTION that maps it; after the load balancer gets a listener for it, that statement makes it run again.
    @Test func anUnmappedBrokerStallsWithTheStatementThatMapsIt() async throws {
        try await MSKSourceBed.with { msk in
            let bed = msk.bed
            let partitions = 8
            let first = networkSourceRecords(0..<800, partitions: partitions, tag: "b")
            try await msk.producer.produce(records: first, topic: "events", createPartitions: partitions)
            try await bed.sql(msk.guideStatements() + "\n" + Self.sourceStatement)
            try await bed.waitForCount("msk_events", first.count)
            try await bed.waitUntilRunning("msk_events")

            // Broker 4 joins; partitions 3 and 7 move to it (leadership is p mod 4 + 1 now).
            let joined = try await msk.virtual.addBroker()
            #expect(joined.id == 4)
            let second = networkSourceRecords(800..<1200, partitions: partitions, tag: "b")
            try await msk.producer.produce(records: second, topic: "events")

            let stalled = try await bed.waitForStatus("msk_events") { $0.status == "stalled" }
            #expect(stalled.error?.contains(joined.host) == true, "\(stalled)")
            let hint = try #require(stalled.hint, "\(stalled)")
            #expect(
                hint.contains("broker \(joined.advertised) (node 4) is not mapped by connection msk_kafka"), "\(hint)")
            let start = try #require(hint.range(of: "map it with: "), "\(hint)")
            let statement = try #require(
                String(hint[start.upperBound...]).components(separatedBy: " (after adding").first, "\(hint)")
            #expect(statement.hasPrefix("ALTER CONNECTION msk_kafka SET (BROKERS ("), "\(statement)")
            for broker in msk.virtual.initialBrokers {
                #expect(
                    statement.contains(
                        "'\(broker.advertised)' USING AWS PRIVATELINK msk_privatelink (PORT \(msk.listenerPort(broker.id)))"
                    ), "the statement keeps broker \(broker.id): \(statement)")
            }
            let suggestedPort = try #require(
                statement.firstMatch(
                    of: /'b-4\.kafka\.internal:9096' USING AWS PRIVATELINK msk_privatelink \(PORT (\d+)\)/
                )?.output.1, "\(statement)")

            // The NLB gets a TLS listener for broker 4, with a certificate for its name from the CA the connection
            // trusts, on a port the kernel picks (put into the suggested statement in place of the guessed one).
            let b4Certificate = try await msk.ca.issueServerCertificate(dnsNames: [joined.host])
            let b4Listener = try HAProxy.Frontend.tls("b4", certificates: [b4Certificate], to: [joined.listener])
            try await withHAProxy([b4Listener]) { _ in
                let alter = statement.replacingOccurrences(
                    of: "msk_privatelink (PORT \(suggestedPort))))",
                    with: "msk_privatelink (PORT \(b4Listener.port))))")
                #expect(alter != statement)
                #expect(try await bed.sql(alter + ";") == "ALTER CONNECTION\n")

                try await bed.waitForCount("msk_events", first.count + second.count)
                try await bed.waitUntilRunning("msk_events")
                let third = networkSourceRecords(1200..<1400, partitions: partitions, tag: "b")
                try await msk.producer.produce(records: third, topic: "events")
                let all = first + second + third
                try await bed.waitForCount("msk_events", all.count)
                let reference = try await referenceRows(msk.producer, topic: "events", count: all.count)
                expectRows(try await bed.sourceRows("msk_events"), areExactly: all, reference: reference)
                let received = try await msk.virtual.received()
                #expect(Set(received[4]?.fetches.flatMap { $0 } ?? []) == [3, 7], "\(String(describing: received[4]))")
            }
        }
    }

    /// The password secret turns wrong: after a restart the source stalls with the SASL error and a hint that names
    /// the secrets; `ALTER SECRET … AS 'right'` makes it run again. The secret's value never shows.
    @Test func aWrongPasswordStallsWithASASLHintAndALTERSECRETFixesIt() async throws {
        try await MSKSourceBed.with { msk in
            let bed = msk.bed
            let wrong = "not-the-msk-password"
            let first = networkSourceRecords(0..<600, partitions: 6, tag: "pw")
            try await msk.producer.produce(records: first, topic: "events", createPartitions: 6)
            try await bed.sql(msk.guideStatements())

            // A source on a connection whose password is wrong is refused at once, with the reason.
            try await bed.sql(
                """
                CREATE SECRET wrong_password AS '\(wrong)';
                CREATE CONNECTION wrong_kafka TO KAFKA (
                    BROKER '\(msk.virtual.initialBrokers[0].advertised)' USING AWS PRIVATELINK msk_privatelink (PORT \(msk.listenerPort(1))),
                    SASL MECHANISMS = 'SCRAM-SHA-512',
                    SASL USERNAME = SECRET msk_sasl_username,
                    SASL PASSWORD = SECRET wrong_password,
                    SSL CERTIFICATE AUTHORITY = '\(msk.caPEM)'
                ) WITH (VALIDATE = false);
                """)
            let refused = try await bed.failingSQL(
                "CREATE SOURCE refused FROM KAFKA CONNECTION wrong_kafka (TOPIC 'events') FORMAT TEXT;")
            #expect(refused.contains("SCRAM-SHA-512 authentication as \(MSKSourceBed.user) failed"), "\(refused)")
            #expect(!refused.contains(wrong), "a secret must never appear in an error")

            try await bed.sql(Self.sourceStatement)
            try await bed.waitForCount("msk_events", first.count)
            try await bed.waitUntilRunning("msk_events")

            // The secret is changed to a wrong value and the server restarts: the source cannot log in.
            try await bed.sql("ALTER SECRET msk_sasl_password AS '\(wrong)';")
            try await bed.restart()
            let second = networkSourceRecords(600..<900, partitions: 6, tag: "pw")
            try await msk.producer.produce(records: second, topic: "events")
            let stalled = try await bed.waitForStatus("msk_events") { $0.status == "stalled" }
            #expect(
                stalled.error?.contains("SASL SCRAM-SHA-512 authentication as \(MSKSourceBed.user) failed") == true,
                "\(stalled)")
            #expect(
                stalled.hint?.contains("check the SASL USERNAME and SASL PASSWORD secrets of connection msk_kafka")
                    == true, "\(stalled)")
            #expect(stalled.hint?.contains("ALTER SECRET") == true, "\(stalled)")
            #expect(!(stalled.details ?? "").contains(wrong) && !(stalled.error ?? "").contains(wrong))
            #expect(!bed.server.output.contains(wrong), "a secret must never appear in the log")
            #expect(try await bed.sql("SELECT count(*) FROM msk_events;") == "\(first.count)\n")

            try await bed.sql("ALTER SECRET msk_sasl_password AS '\(MSKSourceBed.password)';")
            let all = first + second
            try await bed.waitForCount("msk_events", all.count)
            try await bed.waitUntilRunning("msk_events")
            let reference = try await referenceRows(msk.producer, topic: "events", count: all.count)
            expectRows(try await bed.sourceRows("msk_events"), areExactly: all, reference: reference)
        }
    }

    /// The bastion goes down (sshd killed) and comes back on the same port: the source stalls saying the bastion
    /// cannot be reached, then runs again by itself; records written meanwhile arrive, none twice.
    @Test func theBastionDownThenUpStallsAndResumes() async throws {
        try await SSHSourceBed.with { ssh in
            let bed = ssh.bed
            let first = networkSourceRecords(0..<600, partitions: 6, tag: "ssh")
            try await ssh.producer.produce(records: first, topic: "events", createPartitions: 6)
            try await ssh.createTunnel("bastion")
            try await bed.sql(ssh.kafkaStatements(kafka: "ssh_kafka", tunnel: "bastion"))
            try await bed.sql(
                """
                CREATE SOURCE ssh_events FROM KAFKA CONNECTION ssh_kafka (TOPIC 'events')
                    FORMAT TEXT INCLUDE PARTITION, OFFSET WITH (SIZE 'xsmall');
                """)
            try await bed.waitForCount("ssh_events", first.count)
            try await bed.waitUntilRunning("ssh_events")

            await ssh.sshd.kill()
            let second = networkSourceRecords(600..<900, partitions: 6, tag: "ssh")
            try await ssh.producer.produce(records: second, topic: "events")
            let stalled = try await bed.waitForStatus("ssh_events") { $0.status == "stalled" }
            #expect(stalled.error?.contains("\(ssh.sshd.host):\(ssh.sshd.port)") == true, "\(stalled)")
            #expect(
                stalled.hint?.contains("the bastion \(ssh.sshd.host):\(ssh.sshd.port) cannot be reached") == true,
                "\(stalled)")

            try await ssh.sshd.restart()
            let all = first + second
            try await bed.waitForCount("ssh_events", all.count)
            try await bed.waitUntilRunning("ssh_events")
            let third = networkSourceRecords(900..<1000, partitions: 6, tag: "ssh")
            try await ssh.producer.produce(records: third, topic: "events")
            try await bed.waitForCount("ssh_events", all.count + third.count)
            let reference = try await referenceRows(ssh.producer, topic: "events", count: all.count + third.count)
            expectRows(try await bed.sourceRows("ssh_events"), areExactly: all + third, reference: reference)
        }
    }
}
