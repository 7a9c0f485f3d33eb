import Foundation
import InletTestSupport
import Testing

/// Exactly once across crashes: `inlet serve` is killed with SIGKILL at random moments while 200,000 records stream
/// in, and started again each time on the same data directory. In the end every record is in the relation once,
/// by partition and offset, with its own value.
@Suite("Sources: kill -9 during ingest", .timeLimit(.minutes(6)))
struct SourceCrashTests {
    static let total = 200_000
    static let partitions = 4

    @Test func killedAtRandomMomentsEveryRecordIsThereOnce() async throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SourceUpsertTests.SeededGenerator(state: seed)
        // Kill when the relation has passed each of these counts (a random moment in the stream, found by watching
        // the relation rather than by sleeping), then a further 0–300 ms so kills also land inside commits.
        let kills = 6
        let thresholds = (0..<kills).map { _ in Int.random(in: 1_000..<(Self.total - 10_000), using: &random) }.sorted()
        let delays = (0..<kills).map { _ in Int.random(in: 0..<300, using: &random) }
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            try await peer.createTopic("crash", partitions: Self.partitions)
            let bed = try await SourceTestBed.start()
            try await bed.sql(
                """
                CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                CREATE SOURCE crash FROM KAFKA CONNECTION kafka_conn (TOPIC 'crash') FORMAT TEXT
                    INCLUDE PARTITION, OFFSET;
                """)
            let chunk = 10_000
            let producer = Task {
                for start in stride(from: 0, to: Self.total, by: chunk) {
                    let records = (start..<start + chunk).map { index in
                        PeerRecord(
                            partition: index % Self.partitions, key: nil, value: Array("c\(index)".utf8))
                    }
                    try await peer.produce(records: records, topic: "crash")
                }
            }
            var killed: [Int] = []
            for (threshold, delay) in zip(thresholds, delays) {
                let count = try await bed.waitFor("SELECT count(*) FROM crash;", timeout: .seconds(120)) {
                    (Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= threshold
                }
                try await Task.sleep(for: .milliseconds(delay))
                killed.append(Int(count.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1)
                try await bed.restart(kill: true)
            }
            try await producer.value
            try await bed.waitForCount("crash", Self.total, timeout: .seconds(120))
            let perPartition = Self.total / Self.partitions
            let spans = (0..<Self.partitions).map { "\($0)|\(perPartition)|0|\(perPartition - 1)\n" }.joined()
            #expect(
                try await bed.sql(
                    "SELECT partition, count(*), min(\"offset\"), max(\"offset\") FROM crash GROUP BY partition ORDER BY partition;"
                ) == spans, "seed \(seed), killed at counts \(killed)")
            #expect(
                try await bed.sql(
                    "SELECT count(DISTINCT partition || ':' || \"offset\"), count(DISTINCT text) FROM crash;")
                    == "\(Self.total)|\(Self.total)\n", "seed \(seed)")
            // Each record's value is the one produced at its partition and offset (record i went to partition
            // i mod 4 as the (i / 4)-th record there).
            #expect(
                try await bed.sql(
                    "SELECT count(*) FROM crash WHERE text <> 'c' || (\"offset\" * \(Self.partitions) + partition);")
                    == "0\n", "seed \(seed)")
            #expect(killed.count == kills)
            try await bed.waitUntilRunning("crash")
            try await bed.stop()
        }
    }
}
