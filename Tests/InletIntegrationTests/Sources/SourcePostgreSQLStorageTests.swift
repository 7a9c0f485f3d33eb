import Foundation
import InletTestSupport
import Testing

/// `inlet serve --storage postgresql://…` against tansu and a real PostgreSQL 15: an ENVELOPE NONE source and an
/// UPSERT source fill PostgreSQL tables that psql reads directly, malformed records land in the errors relation,
/// and kill -9 mid-ingest leaves every record there exactly once.
@Suite("Sources: PostgreSQL storage", .timeLimit(.minutes(6)))
struct SourcePostgreSQLStorageTests {
    @Test func noneAndUpsertSourcesFillPostgreSQLTables() async throws {
        let total = 4000
        let partitions = 4
        try await withPostgreSQL { server in
            try await withTansu { tansu in
                let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
                try await peer.createTopic("events", partitions: partitions)
                try await peer.createTopic("up", partitions: partitions)
                let bed = try await SourceTestBed.start(["--storage", server.url])
                try await bed.sql(
                    """
                    CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                    CREATE SOURCE events FROM KAFKA CONNECTION kafka_conn (TOPIC 'events') FORMAT TEXT
                        INCLUDE PARTITION, OFFSET;
                    CREATE SOURCE up FROM KAFKA CONNECTION kafka_conn (TOPIC 'up')
                        KEY FORMAT TEXT VALUE FORMAT JSON ENVELOPE UPSERT;
                    """)
                try await peer.produce(
                    records: (0..<total).map {
                        PeerRecord(partition: $0 % partitions, key: nil, value: Array("e\($0)\tand\\more".utf8))
                    }, topic: "events")
                // Keys k0…k9 in partition i % 4; every 7th record of a key is a tombstone, every 11th bad JSON.
                var model: [String: String] = [:]
                var records: [PeerRecord] = []
                var bad = 0
                for index in 0..<600 {
                    let key = "k\(index % 10)"
                    var value: [UInt8]?
                    if index % 7 == 3 {
                        model[key] = nil
                    } else if index % 11 == 5 {
                        value = Array("{\"n\": \(index),".utf8)
                        bad += 1
                    } else {
                        value = Array("{\"n\":\(index)}".utf8)
                        model[key] = "{\"n\": \(index)}"
                    }
                    records.append(PeerRecord(partition: (index % 10) % partitions, key: Array(key.utf8), value: value))
                }
                try await peer.produce(records: records, topic: "up")

                let events = try await sourceSchema(server, relation: "events", bed: bed)
                let up = try await sourceSchema(server, relation: "up", bed: bed)
                #expect(events != up)
                try await waitInPostgreSQL(server, "SELECT sum(\"offset\") FROM \(events).events_progress;", bed: bed) {
                    $0 == "\(total)\n"
                }
                try await waitInPostgreSQL(server, "SELECT sum(\"offset\") FROM \(up).up_progress;", bed: bed) {
                    $0 == "\(records.count)\n"
                }
                // By partition and offset, the row is the record produced there (record i is the (i / 4)-th of
                // partition i % 4).
                let perPartition = total / partitions
                #expect(
                    try await server.psql(
                        "SELECT partition, count(*), min(\"offset\"), max(\"offset\") FROM \(events).events GROUP BY partition ORDER BY partition;"
                    ) == (0..<partitions).map { "\($0)|\(perPartition)|0|\(perPartition - 1)\n" }.joined())
                #expect(
                    try await server.psql(
                        "SELECT count(*) FROM \(events).events WHERE text <> 'e' || (\"offset\" * \(partitions) + partition) || E'\\tand\\\\more';"
                    ) == "0\n")
                #expect(
                    try await server.psql(
                        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '\(up).up'::regclass AND attnum > 0 ORDER BY attnum;"
                    ) == "text\njsonb\n")
                let expected = model.sorted { $0.key < $1.key }.map { "\($0.key)|\($0.value)\n" }.joined()
                #expect(try await server.psql("SELECT key, data FROM \(up).up ORDER BY key;") == expected)
                #expect(try await server.psql("SELECT count(*) FROM \(up).up_errors;") == "\(bad)\n")
                #expect(
                    try await server.psql(
                        "SELECT count(*) FROM \(up).up_errors WHERE convert_from(value, 'UTF8') NOT LIKE '{\"n\": %,' OR reason = '';"
                    ) == "0\n")
                // Through Inlet's pgwire, a query over PostgreSQL-stored relations runs in PostgreSQL itself.
                #expect(
                    try await bed.sql("SELECT count(*), max(\"offset\") FROM events;")
                        == "\(total)|\(perPartition - 1)\n")
                #expect(try await bed.sql("SELECT key, data FROM up ORDER BY key;") == expected)
                #expect(
                    try await bed.sql("SELECT e.partition, count(*) > 0 FROM events e GROUP BY 1 ORDER BY 1 LIMIT 1;")
                        == "0|t\n")
                let mixed = try await bed.failingSQL("SELECT count(*) FROM events, mz_sources;")
                #expect(mixed.contains("0A000") && mixed.contains("separate query"), "\(mixed)")
                // The catalog (and so the statuses) stays in the data directory's SQLite.
                try await bed.waitUntilRunning("events")
                try await bed.stop()
            }
        }
    }

    @Test func killedMidIngestEveryRecordIsStoredOnce() async throws {
        let total = 120_000
        let partitions = 4
        try await withPostgreSQL { server in
            try await withTansu { tansu in
                let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
                try await peer.createTopic("crash", partitions: partitions)
                let bed = try await SourceTestBed.start(["--storage", server.url])
                try await bed.sql(
                    """
                    CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                    CREATE SOURCE crash FROM KAFKA CONNECTION kafka_conn (TOPIC 'crash') FORMAT TEXT
                        INCLUDE PARTITION, OFFSET;
                    """)
                let producer = Task {
                    for start in stride(from: 0, to: total, by: 10_000) {
                        try await peer.produce(
                            records: (start..<start + 10_000).map {
                                PeerRecord(partition: $0 % partitions, key: nil, value: Array("c\($0)".utf8))
                            }, topic: "crash")
                    }
                }
                let schema = try await sourceSchema(server, relation: "crash", bed: bed)
                var killedAt: [Int] = []
                for threshold in [5_000, 40_000, 80_000] {
                    let count = try await waitInPostgreSQL(server, "SELECT count(*) FROM \(schema).crash;", bed: bed) {
                        (Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= threshold
                    }
                    killedAt.append(Int(count.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1)
                    try await bed.restart(kill: true)
                }
                try await producer.value
                try await waitInPostgreSQL(server, "SELECT count(*) FROM \(schema).crash;", bed: bed) {
                    $0 == "\(total)\n"
                }
                let perPartition = total / partitions
                #expect(
                    try await server.psql(
                        "SELECT partition, count(*), count(DISTINCT \"offset\"), min(\"offset\"), max(\"offset\") FROM \(schema).crash GROUP BY partition ORDER BY partition;"
                    )
                        == (0..<partitions).map { "\($0)|\(perPartition)|\(perPartition)|0|\(perPartition - 1)\n" }
                        .joined(),
                    "killed at \(killedAt)")
                #expect(
                    try await server.psql(
                        "SELECT count(*) FROM \(schema).crash WHERE text <> 'c' || (\"offset\" * \(partitions) + partition);"
                    ) == "0\n")
                #expect(
                    try await server.psql("SELECT sum(next_offset) FROM \(schema).inlet_offsets;") == "\(total)\n")
                try await bed.waitUntilRunning("crash")
                try await bed.stop()
            }
        }
    }
}
