import Foundation
import InletTestSupport
import Testing

/// A source's life through the real `inlet serve` against tansu: tables that share one source, partitions added
/// while it runs, where it starts (START OFFSET, START TIMESTAMP) and that this holds across restarts, DROP SOURCE
/// while records stream in, and several sources resuming after a restart.
@Suite("Sources: lifecycle", .timeLimit(.minutes(4)))
struct SourceLifecycleTests {
    /// Records with 20 keys, each key in one partition (key number mod `partitions`), so an UPSERT table over them
    /// keeps 20 rows with the last value of each key.
    static func records(
        _ range: Range<Int>, partitions: Int, timestamp: (Int) -> Int64 = { 1_700_000_000_000 + Int64($0) }
    )
        -> [PeerRecord]
    {
        range.map { index in
            PeerRecord(
                partition: index % 20 % partitions, timestamp: timestamp(index), key: Array("k\(index % 20)".utf8),
                value: Array("v\(index)".utf8))
        }
    }

    /// The newer form: one source without a format, two tables with their own format and envelope reading it. Both
    /// fill; DROP TABLE removes one relation while the other keeps filling; the source cannot be dropped while a
    /// table reads it, except with CASCADE.
    @Test func tablesOnOneSourceFillAndDropAlone() async throws {
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            let first = Self.records(0..<600, partitions: 3)
            try await peer.produce(records: first, topic: "orders", createPartitions: 3)
            let bed = try await SourceTestBed.start()
            try await bed.sql(
                """
                CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                CREATE SOURCE orders_src FROM KAFKA CONNECTION kafka_conn (TOPIC 'orders');
                CREATE TABLE orders_log FROM SOURCE orders_src (REFERENCE "orders") FORMAT TEXT
                    INCLUDE PARTITION, OFFSET;
                CREATE TABLE orders_latest FROM SOURCE orders_src (REFERENCE "orders")
                    KEY FORMAT TEXT VALUE FORMAT TEXT ENVELOPE UPSERT;
                """)
            try await bed.waitForCount("orders_log", first.count)
            try await bed.waitFor(
                "SELECT key, text FROM orders_latest ORDER BY key;", toBe: Self.latest(first))
            expectRows(
                try await bed.sourceRows("orders_log"), areExactly: first,
                reference: try await referenceRows(peer, topic: "orders", count: first.count))
            let tables = try await bed.sql("SHOW TABLES;")
            #expect(tables.contains("orders_log") && tables.contains("orders_latest"), "\(tables)")

            let refused = try await bed.failingSQL("DROP SOURCE orders_src;")
            #expect(refused.contains("2BP01"), "\(refused)")
            #expect(try await bed.sql("DROP TABLE orders_log;") == "DROP TABLE\n")
            let gone = try await bed.failingSQL("SELECT count(*) FROM orders_log;")
            #expect(gone.contains("42P01"), "\(gone)")

            // The other table keeps reading the source.
            let second = Self.records(600..<900, partitions: 3)
            try await peer.produce(records: second, topic: "orders")
            try await bed.waitFor(
                "SELECT key, text FROM orders_latest ORDER BY key;", toBe: Self.latest(first + second))
            try await bed.restart()
            let third = Self.records(900..<960, partitions: 3)
            try await peer.produce(records: third, topic: "orders")
            try await bed.waitFor(
                "SELECT key, text FROM orders_latest ORDER BY key;", toBe: Self.latest(first + second + third))
            #expect(try await bed.sql("DROP SOURCE orders_src CASCADE;") == "DROP SOURCE\n")
            #expect(try await bed.failingSQL("SELECT count(*) FROM orders_latest;").contains("42P01"))
            try await bed.stop()
        }
    }

    /// psql's unaligned rows of `key|text` for the latest value of each key, sorted by key.
    static func latest(_ records: [PeerRecord]) -> String {
        var values: [String: String] = [:]
        for record in records {
            values[String(decoding: record.key!, as: UTF8.self)] = String(decoding: record.value!, as: UTF8.self)
        }
        return values.keys.sorted().map { "\($0)|\(values[$0]!)\n" }.joined()
    }

    /// The topic has 4 partitions and the cluster shows 2 (tansu has no CreatePartitions, so the virtual cluster
    /// hides the others); once it shows all 4, the source finds them at its next metadata refresh and reads them
    /// from their beginning, exactly once.
    @Test func partitionsAddedWhileRunningStartAtTheirBeginning() async throws {
        try await withTansu { tansu in
            try await withVirtualCluster(brokers: 1, tansu: tansu, advertised: "127.0.0.1:{port}") { cluster in
                try await cluster.showPartitions(of: "growing", count: 2)
                let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
                let records = Self.records(0..<800, partitions: 4)
                try await peer.produce(records: records, topic: "growing", createPartitions: 4)
                let bed = try await SourceTestBed.start()
                try await bed.sql(
                    """
                    CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(cluster.bootstrap)');
                    CREATE SOURCE growing FROM KAFKA CONNECTION kafka_conn
                        (TOPIC 'growing', TOPIC METADATA REFRESH INTERVAL '1s')
                        FORMAT TEXT INCLUDE PARTITION, OFFSET;
                    """)
                let visible = records.filter { $0.partition! < 2 }
                try await bed.waitForCount("growing", visible.count)
                try await bed.waitFor(
                    "SELECT partition FROM growing_progress ORDER BY partition;", toBe: "[0,0]\n[1,1]\n")
                try await bed.waitUntilRunning("growing")

                try await cluster.showPartitions(of: "growing", count: nil)
                try await bed.waitForCount("growing", records.count)
                expectRows(
                    try await bed.sourceRows("growing"), areExactly: records,
                    reference: try await referenceRows(peer, topic: "growing", count: records.count))
                try await bed.waitFor(
                    "SELECT partition, \"offset\" FROM growing_progress ORDER BY partition;",
                    toBe: "[0,0]|200\n[1,1]|200\n[2,2]|200\n[3,3]|200\n")
                try await bed.waitUntilRunning("growing")
                try await bed.stop()
            }
        }
    }

    /// START OFFSET skips the first records of each listed partition; START TIMESTAMP starts each partition at its
    /// first record at or after the time, relative times counting back from CREATE SOURCE. Both are resolved once:
    /// after a kill -9 and with more records, each source has the records from where it started, exactly once.
    @Test func startOffsetAndStartTimestampHoldAcrossRestarts() async throws {
        try await withTansu { tansu in
            // tansu answers offset 0 for every time; the virtual cluster answers ListOffsets by time as Kafka does.
            try await withVirtualCluster(
                brokers: 1, tansu: tansu, advertised: "127.0.0.1:{port}", timestampOffsets: true
            ) {
                cluster in
                let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                // Records 0..<100 are an hour old, 100..<200 a minute old; partition = index % 2.
                let records = Self.records(0..<200, partitions: 2) { index in
                    index < 100 ? now - 3_600_000 + Int64(index) : now - 60_000 + Int64(index)
                }
                try await peer.produce(records: records, topic: "history", createPartitions: 2)
                let bed = try await SourceTestBed.start()
                try await bed.sql(
                    """
                    CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(cluster.bootstrap)');
                    CREATE SOURCE by_offset FROM KAFKA CONNECTION kafka_conn (TOPIC 'history', START OFFSET (10, 30))
                        FORMAT TEXT INCLUDE PARTITION, OFFSET;
                    CREATE SOURCE by_time FROM KAFKA CONNECTION kafka_conn
                        (TOPIC 'history', START TIMESTAMP \(now - 3_600_000 + 40))
                        FORMAT TEXT INCLUDE PARTITION, OFFSET;
                    CREATE SOURCE recent FROM KAFKA CONNECTION kafka_conn (TOPIC 'history', START TIMESTAMP -600000)
                        FORMAT TEXT INCLUDE PARTITION, OFFSET;
                    """)
                // by_offset: partition 0 from offset 10, partition 1 from 30 → 90 + 70 records.
                // by_time: the first record at or after index 40 is index 40 (offset 20) in p0 and 41 (offset 20) in p1.
                // recent: the records of the last ten minutes, indexes 100..<200, offsets 50… in both partitions.
                let expected = ["by_offset": (160, "0|10|99\n1|30|99\n"), "by_time": (160, "0|20|99\n1|20|99\n")]
                func check(_ extra: Int) async throws {
                    let last = 99 + extra / 2
                    for (name, (count, _)) in expected {
                        try await bed.waitForCount(name, count + extra)
                    }
                    try await bed.waitForCount("recent", 100 + extra)
                    for (name, (_, span)) in expected {
                        #expect(
                            try await bed.sql(Self.spanQuery(name))
                                == span.replacingOccurrences(of: "|99", with: "|\(last)"),
                            "\(name)")
                        #expect(try await bed.sql(Self.duplicatesQuery(name)) == "0\n", "\(name)")
                    }
                    #expect(try await bed.sql(Self.spanQuery("recent")) == "0|50|\(last)\n1|50|\(last)\n")
                }
                try await check(0)
                let created = try await bed.sql("SHOW CREATE SOURCE recent;")
                #expect(created.contains("START TIMESTAMP = -600000"), "\(created)")

                try await bed.restart(kill: true)
                try await peer.produce(
                    records: Self.records(200..<240, partitions: 2) { _ in Int64(Date().timeIntervalSince1970 * 1000) },
                    topic: "history")
                try await check(40)
                try await bed.stop()
            }
        }
    }

    static func spanQuery(_ relation: String) -> String {
        "SELECT partition, min(\"offset\"), max(\"offset\") FROM \(relation) GROUP BY partition ORDER BY partition;"
    }

    static func duplicatesQuery(_ relation: String) -> String {
        "SELECT count(*) - count(DISTINCT partition || ':' || \"offset\") FROM \(relation);"
    }

    /// DROP SOURCE while records stream in: the statement returns at once, the relation is gone, its file is
    /// deleted once the consumer has stopped, and a new source of the same name starts afresh from the beginning.
    @Test func dropSourceWhileIngestingFreesTheRelation() async throws {
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            try await peer.produce(records: Self.records(0..<2000, partitions: 2), topic: "stream", createPartitions: 2)
            let bed = try await SourceTestBed.start()
            try await bed.sql(
                """
                CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                CREATE SOURCE stream FROM KAFKA CONNECTION kafka_conn (TOPIC 'stream') FORMAT TEXT
                    INCLUDE PARTITION, OFFSET;
                """)
            let id = try await bed.sourceID("stream")
            let file = bed.dataDirectory + "/sources/\(id).sqlite"
            // Records keep arriving while the source is dropped.
            let producer = Task {
                for batch in 1..<20 {
                    try await peer.produce(
                        records: Self.records(batch * 2000..<(batch + 1) * 2000, partitions: 2), topic: "stream")
                }
            }
            try await bed.waitFor("SELECT count(*) FROM stream;") {
                (Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 2000
            }
            #expect(FileManager.default.fileExists(atPath: file))
            #expect(try await bed.sql("DROP SOURCE stream;") == "DROP SOURCE\n")
            #expect(try await bed.failingSQL("SELECT count(*) FROM stream;").contains("42P01"))
            #expect(try await bed.sql("SELECT count(*) FROM mz_sources WHERE name LIKE 'stream%';") == "0\n")
            let deadline = ContinuousClock.now + .seconds(30)
            while FileManager.default.fileExists(atPath: file), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(!FileManager.default.fileExists(atPath: file), "\(file) is still there")
            try await producer.value

            try await bed.sql(
                """
                CREATE SOURCE stream FROM KAFKA CONNECTION kafka_conn (TOPIC 'stream') FORMAT TEXT
                    INCLUDE PARTITION, OFFSET;
                """)
            try await bed.waitForCount("stream", 40_000)
            #expect(try await bed.sql(Self.duplicatesQuery("stream")) == "0\n")
            #expect(try await bed.sourceID("stream") != id)
            #expect(!bed.server.output.contains("error"), "\(bed.server.output.suffix(3000))")
            try await bed.stop()
        }
    }

    /// The topic is deleted under a running source: it stalls, saying the topic is missing and how to create it.
    /// Created again (a new topic id, offsets from 0) with more records than the old one had, it is read from its
    /// beginning: the source returns to running, keeps the old rows and has every new record once.
    @Test func aDeletedTopicStallsAndTheRecreatedOneIsReadFromItsBeginning() async throws {
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            let old = Self.records(0..<100, partitions: 2)
            try await peer.produce(records: old, topic: "events", createPartitions: 2)
            let bed = try await SourceTestBed.start()
            try await bed.sql(
                """
                CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                CREATE SOURCE events FROM KAFKA CONNECTION kafka_conn
                    (TOPIC 'events', TOPIC METADATA REFRESH INTERVAL '1s') FORMAT TEXT INCLUDE PARTITION, OFFSET;
                """)
            try await bed.waitForCount("events", old.count)
            try await bed.waitUntilRunning("events")

            try await peer.deleteTopic("events")
            let stalled = try await bed.waitForStatus("events") { $0.status == "stalled" }
            #expect(stalled.error?.contains("events") == true, "\(stalled)")
            #expect(stalled.hint?.contains("create the topic") == true, "\(stalled)")

            let new = Self.records(1000..<1300, partitions: 2)
            try await peer.produce(records: new, topic: "events", createPartitions: 2)
            try await bed.waitForCount("events", old.count + new.count)
            let running = try await bed.waitUntilRunning("events")
            #expect(running.hint?.contains("was deleted and created again") == true, "\(running)")
            // The new topic's records, at offsets from 0 in each partition, all there once; the old rows stay.
            let rows = try await bed.sourceRows("events")
            let newRows = rows.filter { (Int(String(decoding: $0.text.dropFirst(), as: UTF8.self)) ?? 0) >= 1000 }
            expectRows(
                newRows, areExactly: new, reference: try await referenceRows(peer, topic: "events", count: new.count))
            #expect(rows.count - newRows.count == old.count)
            try await bed.restart()
            try await bed.waitUntilRunning("events")
            #expect(try await bed.sql("SELECT count(*) FROM events;") == "\(old.count + new.count)\n")
            try await bed.stop()
        }
    }

    /// Two sources on two topics; the server stops (SIGTERM) and is killed (SIGKILL) in turn while more records
    /// arrive; each source resumes and ends with every record once.
    @Test func everySourceResumesAfterRestarts() async throws {
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            var produced: [String: [PeerRecord]] = ["alpha": [], "beta": []]
            for (topic, records) in [
                ("alpha", Self.records(0..<300, partitions: 3)), ("beta", Self.records(0..<200, partitions: 2)),
            ] {
                try await peer.produce(records: records, topic: topic, createPartitions: topic == "alpha" ? 3 : 2)
                produced[topic] = records
            }
            let bed = try await SourceTestBed.start()
            try await bed.sql(
                """
                CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                CREATE SOURCE alpha FROM KAFKA CONNECTION kafka_conn (TOPIC 'alpha') FORMAT TEXT INCLUDE PARTITION, OFFSET;
                CREATE SOURCE beta FROM KAFKA CONNECTION kafka_conn (TOPIC 'beta') FORMAT TEXT INCLUDE PARTITION, OFFSET;
                """)
            for (round, kill) in [false, true].enumerated() {
                for topic in ["alpha", "beta"] { try await bed.waitForCount(topic, produced[topic]!.count) }
                try await bed.restart(kill: kill)
                for (topic, partitions) in [("alpha", 3), ("beta", 2)] {
                    let start = produced[topic]!.count
                    let more = Self.records(start..<start + 100 * (round + 1), partitions: partitions)
                    try await peer.produce(records: more, topic: topic)
                    produced[topic]! += more
                }
            }
            for topic in ["alpha", "beta"] {
                let records = produced[topic]!
                try await bed.waitForCount(topic, records.count)
                try await bed.waitUntilRunning(topic)
                expectRows(
                    try await bed.sourceRows(topic), areExactly: records,
                    reference: try await referenceRows(peer, topic: topic, count: records.count))
            }
            try await bed.stop()
        }
    }
}
