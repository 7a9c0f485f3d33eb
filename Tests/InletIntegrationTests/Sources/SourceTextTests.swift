import Foundation
import InletTestSupport
import Testing

/// `CREATE SOURCE … FORMAT TEXT` against tansu: records produced by confluent-kafka appear in SELECT with the
/// same bytes, keep flowing, and survive restarts exactly once.
@Suite(.timeLimit(.minutes(3))) struct SourceTextTests {
    static func records(_ range: Range<Int>, partitions: Int = 4) -> [PeerRecord] {
        range.map { index in
            PeerRecord(
                partition: index % partitions, timestamp: 1_700_000_000_000 + Int64(index),
                key: Array("k\(index)".utf8),
                value: Array("line \(index) ✓".utf8), headers: [])
        }
    }

    @Test func recordsBecomeRowsAndResumeAfterARestart() async throws {
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            try await peer.produce(records: Self.records(0..<1000), topic: "events", createPartitions: 4)
            let bed = try await SourceTestBed.start()
            try await bed.sql(
                """
                CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                CREATE SOURCE events FROM KAFKA CONNECTION kafka_conn (TOPIC 'events') FORMAT TEXT
                    INCLUDE PARTITION, OFFSET WITH (SIZE 'xsmall');
                """)
            try await bed.waitFor("SELECT count(*) FROM events;", toBe: "1000\n")
            let texts = try await bed.sql("SELECT text FROM events ORDER BY partition, \"offset\";")
            let expected = Self.records(0..<1000).sorted {
                ($0.partition!, $0.timestamp!) < ($1.partition!, $1.timestamp!)
            }
            .map { String(decoding: $0.value!, as: UTF8.self) }
            #expect(texts == expected.joined(separator: "\n") + "\n")
            #expect(try await bed.sql("SELECT size FROM mz_sources WHERE name = 'events';") == "xsmall\n")
            try await bed.waitFor("SELECT status FROM mz_source_statuses WHERE name = 'events';", toBe: "running\n")

            // Stopped, more records arrive, started again: it resumes from the stored offsets.
            try await bed.restart()
            try await peer.produce(records: Self.records(1000..<1500), topic: "events")
            try await bed.waitFor("SELECT count(*) FROM events;", toBe: "1500\n")
            #expect(
                try await bed.sql("SELECT count(*) FROM (SELECT DISTINCT partition, \"offset\" FROM events);")
                    == "1500\n")
            try await bed.waitFor(
                "SELECT partition, \"offset\" FROM events_progress ORDER BY partition;",
                toBe: "[0,0]|375\n[1,1]|375\n[2,2]|375\n[3,3]|375\n")
            try await bed.stop()
        }
    }
}
