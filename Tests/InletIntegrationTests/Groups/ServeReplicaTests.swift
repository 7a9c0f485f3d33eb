import Foundation
import InletTestSupport
import Testing

/// Three `inlet serve --storage postgresql://…` processes run the same source (each catalog was given the same
/// statements, so the source has the same id, schema and consumer group in all three: the catalog itself is not
/// shared yet). They split a 12-partition topic while confluent-kafka produces into it; one is killed with
/// SIGKILL mid-ingest, another is stopped with SIGSTOP until the third owns every partition, then continued. In
/// the end every record is in the relation exactly once, by partition and offset.
@Suite("Replicas: inlet serve processes split a source", .serialized, .timeLimit(.minutes(6)))
struct ServeReplicaTests {
    @Test func threeServersSurviveAKillAndAStop() async throws {
        let partitions = 12
        let total = 120_000
        try await withPostgreSQL { server in
            try await withTansu { tansu in
                let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
                try await peer.createTopic("shared", partitions: partitions)
                var beds: [SourceTestBed] = []
                for _ in 0..<3 {
                    let bed = try await SourceTestBed.start(["--storage", server.url])
                    try await bed.sql(
                        """
                        CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                        CREATE SOURCE shared FROM KAFKA CONNECTION kafka_conn (TOPIC 'shared') FORMAT TEXT
                            INCLUDE PARTITION, OFFSET;
                        """)
                    beds.append(bed)
                }
                let (a, b, c) = (beds[0], beds[1], beds[2])
                // Range over three replicas: four partitions each, once all three are in one generation.
                for bed in beds { try await Self.waitForShare(bed, count: 4) }
                let producer = Task {
                    for start in stride(from: 0, to: total, by: 10_000) {
                        try await peer.produce(
                            records: (start..<start + 10_000).map {
                                PeerRecord(partition: $0 % partitions, key: nil, value: Array("r\($0)".utf8))
                            }, topic: "shared")
                    }
                }
                let schema = try await sourceSchema(server, relation: "shared", bed: c)
                let count = "SELECT count(*) FROM \(schema).shared;"
                try await waitInPostgreSQL(server, count, bed: a) { (Int(Self.trimmed($0)) ?? 0) >= 10_000 }
                kill(a.server.process.processIdentifier, SIGKILL)
                a.server.process.waitUntilExit()
                // a's partitions move after its session timeout.
                try await Self.waitForShare(c, count: 6)

                try await waitInPostgreSQL(server, count, bed: b) { (Int(Self.trimmed($0)) ?? 0) >= 40_000 }
                kill(b.server.process.processIdentifier, SIGSTOP)
                try await Self.waitForShare(c, count: 12)
                kill(b.server.process.processIdentifier, SIGCONT)
                try await Self.waitForShare(b, count: 6)

                try await producer.value
                try await waitInPostgreSQL(server, count, bed: c) { $0 == "\(total)\n" }
                let perPartition = total / partitions
                #expect(
                    try await server.psql(
                        "SELECT partition, count(*), count(DISTINCT \"offset\"), min(\"offset\"), max(\"offset\") FROM \(schema).shared GROUP BY partition ORDER BY partition;"
                    )
                        == (0..<partitions).map { "\($0)|\(perPartition)|\(perPartition)|0|\(perPartition - 1)\n" }
                        .joined())
                #expect(
                    try await server.psql(
                        "SELECT count(*) FROM \(schema).shared WHERE text <> 'r' || (\"offset\" * \(partitions) + partition);"
                    ) == "0\n")
                // Either replica answers for the relation from the same PostgreSQL rows.
                for bed in [b, c] { #expect(try await bed.sql("SELECT count(*) FROM shared;") == "\(total)\n") }
                for bed in [b, c] { try await bed.stop() }
            }
        }
    }

    /// Waits until the replica's status details say it owns `count` partitions of the source.
    static func waitForShare(_ bed: SourceTestBed, count: Int) async throws {
        try await bed.waitFor(
            "SELECT status, details FROM mz_source_statuses WHERE name = 'shared';",
            timeout: .seconds(90)
        ) { answer in
            guard answer.hasPrefix("running|"), let range = answer.range(of: "owns partitions ") else { return false }
            let list = answer[range.upperBound...].prefix { $0 != "o" }
            let owned = list.split(separator: ",").map { run -> Int in
                let bounds = run.split(separator: "-").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                return (bounds.last ?? 0) - (bounds.first ?? 0) + 1
            }
            return owned.reduce(0, +) == count
        }
    }

    static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
}
