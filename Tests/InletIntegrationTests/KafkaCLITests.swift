import Foundation
import InletTestSupport
import Testing

/// The `inlet kafka …` commands, run as the built binary against tansu and confluent-kafka.
@Suite(.serialized) struct KafkaCLITests {
    static var inlet: String {
        PeerPaths.repositoryRoot.appendingPathComponent(".build/debug/inlet").path
    }

    func inlet(_ arguments: [String], stdin: Data? = nil) async throws -> PeerCommandResult {
        try await PeerCommand.run(
            name: "inlet", executable: Self.inlet, arguments: arguments, stdin: stdin, timeout: .seconds(60),
            check: false)
    }

    @Test func produceConsumeAndMetadata() async throws {
        try await withTansu { tansu in
            try await LibrdkafkaPeer(bootstrap: tansu.bootstrap).createTopic("cli", partitions: 2)
            let lines = (0..<50).map { "k\($0 % 5):value \($0)" }.joined(separator: "\n") + "\n"
            let produced = try await inlet(
                [
                    "kafka", "produce", "--bootstrap", tansu.bootstrap, "--topic", "cli", "--key-separator", ":",
                    "--compression", "zstd",
                ], stdin: Data(lines.utf8))
            #expect(produced.status == 0, "\(produced.stderr)")
            #expect(produced.output.contains("50 records acknowledged"))

            let consumed = try await inlet(
                [
                    "kafka", "consume", "--bootstrap", tansu.bootstrap, "--topic", "cli", "--from-beginning",
                    "--count", "50",
                ])
            #expect(consumed.status == 0, "\(consumed.stderr)")
            let values = consumed.output.split(separator: "\n").map(String.init)
            #expect(Set(values) == Set((0..<50).map { "value \($0)" }))

            let json = try await inlet(
                [
                    "kafka", "consume", "--bootstrap", tansu.bootstrap, "--topic", "cli", "--offset", "0",
                    "--partition", "1", "--count", "1", "--format", "json",
                ])
            #expect(json.status == 0, "\(json.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
            #expect(object?["partition"] as? Int == 1)
            #expect(object?["offset"] as? Int == 0)
            #expect((object?["key"] as? String)?.hasPrefix("k") == true)

            // What librdkafka reads is what the CLI wrote.
            let peerRead = try await LibrdkafkaPeer(bootstrap: tansu.bootstrap).consume(topic: "cli", count: 50)
            #expect(
                Set(peerRead.compactMap { $0.value.map { String(decoding: $0, as: UTF8.self) } })
                    == Set((0..<50).map { "value \($0)" }))

            let metadata = try await inlet(["kafka", "metadata", "--bootstrap", tansu.bootstrap])
            #expect(metadata.status == 0, "\(metadata.stderr)")
            #expect(metadata.output.contains("broker \(Tansu.nodeID) at \(tansu.bootstrap)"))
            #expect(metadata.output.contains("topic \"cli\" with 2 partitions"))
        }
    }

    /// `--format value` writes each value's bytes as they are (not re-encoded as text), one per line, so binary or
    /// non-UTF-8 values written by another client come out unchanged.
    @Test func valuesArePrintedByteForByte() async throws {
        try await withTansu { tansu in
            let values: [[UInt8]] = [Array("café".utf8), [0xC3, 0x28, 0xFF, 0x00, 0x7F], [], Array("plain".utf8)]
            let records = values.map { PeerRecord(partition: 0, value: $0) }
            #expect(
                try await LibrdkafkaPeer(bootstrap: tansu.bootstrap).produce(
                    records: records, topic: "bytes", createPartitions: 1) == values.count)
            let consumed = try await inlet(
                [
                    "kafka", "consume", "--bootstrap", tansu.bootstrap, "--topic", "bytes", "--from-beginning",
                    "--count", "\(values.count)",
                ])
            #expect(consumed.status == 0, "\(consumed.stderr)")
            #expect([UInt8](consumed.stdout) == values.flatMap { $0 + [UInt8(ascii: "\n")] })
        }
    }

    @Test func unresolvableBrokerIsOneLineAndNonZero() async throws {
        let result = try await inlet(["kafka", "metadata", "--bootstrap", "b-1.msk.invalid:9096"])
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("inlet: cannot resolve b-1.msk.invalid"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func refusedConnectionIsOneLineAndNonZero() async throws {
        let port = try FreePort.next()
        let result = try await inlet(["kafka", "metadata", "--bootstrap", "127.0.0.1:\(port)"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("connection refused by 127.0.0.1:\(port)"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func unknownTopicIsOneLineAndNonZero() async throws {
        try await withTansu { tansu in
            let commands = [
                ["consume", "--count", "1"],
                // Without --no-create-topic, produce lets the broker create the topic (below).
                ["produce", "--no-create-topic"],
            ]
            for arguments in commands {
                let command = arguments[0]
                let result = try await inlet(
                    ["kafka", command, "--bootstrap", tansu.bootstrap, "--topic", "missing"] + arguments.dropFirst(),
                    stdin: Data("x\n".utf8))
                #expect(result.status != 0)
                #expect(result.stderr.contains("topic missing does not exist"), "\(command): \(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1)
            }
        }
    }

    /// `topic create` → `topic list` shows it with its partitions → produce and consume → `topic delete` → `topic list`
    /// no longer shows it.
    @Test func topicCreateListProduceConsumeDelete() async throws {
        try await withTansu { tansu in
            let created = try await inlet(
                [
                    "kafka", "topic", "create", "lifecycle", "--bootstrap", tansu.bootstrap, "--partitions", "3",
                    "--config", "retention.ms=86400000",
                ])
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.output.contains("created topic lifecycle with 3 partitions"), "\(created.output)")

            let listed = try await inlet(["kafka", "topic", "list", "--bootstrap", tansu.bootstrap])
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(listed.output.split(separator: "\n").contains("lifecycle\t3"), "\(listed.output)")

            let lines = (0..<30).map { "k\($0):v\($0)" }.joined(separator: "\n") + "\n"
            let produced = try await inlet(
                ["kafka", "produce", "--bootstrap", tansu.bootstrap, "--topic", "lifecycle", "--key-separator", ":"],
                stdin: Data(lines.utf8))
            #expect(produced.status == 0, "\(produced.stderr)")
            #expect(produced.output == "30 records acknowledged\n", "an existing topic is not reported as created")
            let consumed = try await inlet(
                [
                    "kafka", "consume", "--bootstrap", tansu.bootstrap, "--topic", "lifecycle", "--from-beginning",
                    "--count", "30",
                ])
            #expect(consumed.status == 0, "\(consumed.stderr)")
            #expect(Set(consumed.output.split(separator: "\n").map(String.init)) == Set((0..<30).map { "v\($0)" }))

            let deleted = try await inlet(["kafka", "topic", "delete", "lifecycle", "--bootstrap", tansu.bootstrap])
            #expect(deleted.status == 0, "\(deleted.stderr)")
            #expect(deleted.output.contains("deleted topic lifecycle"))
            let after = try await inlet(["kafka", "topic", "list", "--bootstrap", tansu.bootstrap])
            #expect(after.status == 0, "\(after.stderr)")
            #expect(!after.output.contains("lifecycle"), "\(after.output)")

            let again = try await inlet(["kafka", "topic", "delete", "lifecycle", "--bootstrap", tansu.bootstrap])
            #expect(again.status != 0)
            #expect(again.stderr.hasPrefix("inlet: topic lifecycle does not exist"), "\(again.stderr)")
            #expect(again.stderr.split(separator: "\n").count == 1)
            let tolerated = try await inlet(
                ["kafka", "topic", "delete", "lifecycle", "--if-exists", "--bootstrap", tansu.bootstrap])
            #expect(tolerated.status == 0, "\(tolerated.stderr)")
        }
    }

    /// Without --partitions and --replication-factor the broker's defaults apply; list is sorted by name.
    @Test func topicCreateUsesTheBrokersDefaultsAndListIsSorted() async throws {
        try await withTansu { tansu in
            for name in ["zeta", "alpha", "mid"] {
                let created = try await inlet(["kafka", "topic", "create", name, "--bootstrap", tansu.bootstrap])
                #expect(created.status == 0, "\(created.stderr)")
                #expect(created.output.contains("created topic \(name) with"), "\(created.output)")
            }
            let listed = try await inlet(["kafka", "topic", "list", "--bootstrap", tansu.bootstrap])
            #expect(listed.status == 0, "\(listed.stderr)")
            let names = listed.output.split(separator: "\n").map { $0.split(separator: "\t")[0] }
            #expect(names == ["alpha", "mid", "zeta"], "\(listed.output)")
            for line in listed.output.split(separator: "\n") {
                #expect((Int(line.split(separator: "\t")[1]) ?? 0) >= 1, "\(line)")
            }
        }
    }

    @Test func creatingAnExistingTopicFailsWithOneClearLine() async throws {
        try await withTansu { tansu in
            let arguments = ["kafka", "topic", "create", "twice", "--bootstrap", tansu.bootstrap, "--partitions", "2"]
            let first = try await inlet(arguments)
            #expect(first.status == 0, "\(first.stderr)")
            let second = try await inlet(arguments)
            #expect(second.status != 0)
            #expect(second.stderr.hasPrefix("inlet: topic twice already exists"), "\(second.stderr)")
            #expect(second.stderr.split(separator: "\n").count == 1)
        }
    }

    /// As Kafka's producer does, `produce` lets the broker create a topic that does not exist (tansu does).
    @Test func produceToAMissingTopicCreatesIt() async throws {
        try await withTansu { tansu in
            let lines = (0..<10).map { "fresh \($0)" }.joined(separator: "\n") + "\n"
            let produced = try await inlet(
                ["kafka", "produce", "--bootstrap", tansu.bootstrap, "--topic", "fresh"], stdin: Data(lines.utf8))
            #expect(produced.status == 0, "\(produced.stderr)")
            #expect(produced.output.contains("created topic fresh with "), "\(produced.output)")
            #expect(produced.output.contains("10 records acknowledged"))

            let listed = try await inlet(["kafka", "topic", "list", "--bootstrap", tansu.bootstrap])
            #expect(listed.output.split(separator: "\n").contains { $0.hasPrefix("fresh\t") }, "\(listed.output)")
            let consumed = try await inlet(
                [
                    "kafka", "consume", "--bootstrap", tansu.bootstrap, "--topic", "fresh", "--from-beginning",
                    "--count", "10",
                ])
            #expect(consumed.status == 0, "\(consumed.stderr)")
            #expect(Set(consumed.output.split(separator: "\n").map(String.init)) == Set((0..<10).map { "fresh \($0)" }))
            // What librdkafka sees is the same topic.
            let peerRead = try await LibrdkafkaPeer(bootstrap: tansu.bootstrap).consume(topic: "fresh", count: 10)
            #expect(peerRead.count == 10)
        }
    }
}
