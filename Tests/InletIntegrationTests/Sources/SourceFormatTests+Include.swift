import Foundation
import InletTestSupport
import Testing

/// The key and the INCLUDE columns (partition, offset, timestamp, all headers, single headers as text and bytes),
/// and how decode errors show in `<source>_errors`, `mz_source_statistics` and `mz_source_statuses`.
extension SourceFormatTests {
    static let headerSets: [[PeerRecord.Header]] = [
        [.init("h1", Array("a".utf8)), .init("h2", [0x00, 0xFF]), .init("h1", Array("b".utf8))],
        [.init("h1", nil), .init("h2", nil)],
        [],
        [.init("h2", []), .init("other", Array("ö \"q\"".utf8))],
        [.init("h1", Array("first".utf8)), .init("h1", nil)],
        [.init("h1", Array("✓".utf8))],
    ]

    /// The jsonb text of `INCLUDE HEADERS`: every header in order, values as `\x…` strings or null.
    static func headersText(_ headers: [PeerRecord.Header]) -> String {
        let items = headers.map { header in
            let value = header.value.map { Expected.jsonString(Expected.bytea($0)) } ?? "null"
            return "{\"key\": \(Expected.jsonString(header.name)), \"value\": \(value)}"
        }
        return "[" + items.joined(separator: ", ") + "]"
    }

    @Test func keyAndEveryIncludeColumn() async throws {
        try await Self.withBed { peer, bed in
            var records = (0..<120).map { index in
                PeerRecord(
                    partition: index % 3, timestamp: 946_684_800_000 + Int64(index) * 86_400_123,
                    key: index % 4 == 3 ? nil : Array("key-\(index)-ü".utf8), value: Array("{\"i\":\(index)}".utf8),
                    headers: Self.headerSets[index % Self.headerSets.count])
            }
            // A key that is no UTF-8 cannot be KEY FORMAT TEXT: the record is an error, the others are rows.
            records.append(
                PeerRecord(partition: 1, timestamp: 1_700_000_000_100, key: [0xC3, 0x28], value: Array("{}".utf8)))
            try await peer.produce(records: records, topic: "kv", createPartitions: 3)
            let back = try await peer.consume(topic: "kv", count: records.count).sorted {
                ($0.partition!, $0.offset!) < ($1.partition!, $1.offset!)
            }
            try await bed.sql(
                """
                CREATE SOURCE kv FROM KAFKA CONNECTION kafka_conn (TOPIC 'kv')
                    KEY FORMAT TEXT VALUE FORMAT JSON
                    INCLUDE KEY AS k, PARTITION AS p, OFFSET AS o, TIMESTAMP AS ts, HEADERS, HEADER 'h1' AS h1,
                        HEADER 'h2' AS h2b BYTES;
                """)
            let good = back.filter { $0.key != [0xC3, 0x28] }
            try await bed.waitFor("SELECT count(*) FROM kv;", toBe: "\(good.count)\n")
            let rows = try await bed.rows("SELECT * FROM kv ORDER BY p, o;")
            let expected: [[String?]] = good.map { record in
                let index = Int(String(decoding: record.value!, as: UTF8.self).dropFirst(5).dropLast())!
                return [
                    record.key.map { String(decoding: $0, as: UTF8.self) }, "{\"i\": \(index)}",
                    "\(record.partition!)", "\(record.offset!)", Expected.timestamp(milliseconds: record.timestamp!),
                    Self.headersText(record.headers),
                    record.headers.last { $0.name == "h1" }?.value.map { String(decoding: $0, as: UTF8.self) },
                    record.headers.last { $0.name == "h2" }?.value.map(Expected.bytea),
                ]
            }
            #expect(rows.count == expected.count)
            for (row, want) in zip(rows, expected) where row != want {
                Issue.record("row \(row) != expected \(want)")
                break
            }
            #expect(
                try await bed.sql("SELECT count(*) FROM kv WHERE k IS NULL;")
                    == "\(good.filter { $0.key == nil }.count)\n")
            #expect(
                try await bed.sql("SELECT headers->0->>'key', h1 FROM kv WHERE o = 0 AND p = 0;") == "h1|b\n")

            let errors = try await bed.rows("SELECT partition, \"offset\", key, value, reason FROM kv_errors;")
            let badRecord = back.first { $0.key == [0xC3, 0x28] }!
            #expect(
                errors.map { Array($0.prefix(4)) } == [
                    ["\(badRecord.partition!)", "\(badRecord.offset!)", "\\xc328", Expected.bytea(Array("{}".utf8))]
                ])
            #expect(errors.first?[4]?.hasPrefix("key: invalid UTF-8") == true, "\(errors)")

            #expect(
                try await bed.rows("SHOW COLUMNS FROM kv;")
                    == [
                        ["k", "t", "text"], ["data", "f", "jsonb"], ["p", "f", "integer"], ["o", "f", "bigint"],
                        ["ts", "f", "timestamp"], ["headers", "f", "jsonb"], ["h1", "t", "text"],
                        ["h2b", "t", "bytea"],
                    ])
            #expect(
                try await bed.resultTypes("SELECT * FROM kv")
                    == [
                        ResultType("k", ResultType.text), ResultType("data", ResultType.jsonb),
                        ResultType("p", ResultType.int4), ResultType("o", ResultType.int8),
                        ResultType("ts", ResultType.timestamp), ResultType("headers", ResultType.jsonb),
                        ResultType("h1", ResultType.text), ResultType("h2b", ResultType.bytea),
                    ])
            #expect(
                try await bed.rows(
                    "SELECT envelope_type, key_format, value_format FROM mz_sources WHERE name = 'kv';")
                    == [["none", "text", "json"]])
        }
    }

    @Test func decodeErrorsAreCountedAndTheLatestIsNamed() async throws {
        try await Self.withBed { peer, bed in
            var values: [[UInt8]?] = (0..<300).map { Array("fine \($0)".utf8) }
            values[17] = [0xE2, 0x82]  // a truncated sequence
            values[150] = [0x41, 0xC0, 0xAF]  // an overlong encoding
            values[211] = [0x00]
            let first = try await Self.produce(values, topic: "errs", partitions: 2, peer: peer)
            try await bed.sql("CREATE SOURCE errs FROM KAFKA CONNECTION kafka_conn (TOPIC 'errs') FORMAT TEXT;")
            try await bed.waitForDecodeErrors("errs", 3)
            try await bed.waitFor("SELECT count(*) FROM errs;", toBe: "297\n")
            let bad = first.filter { Self.utf8Text($0.value!) == nil }
            let status = try await bed.rows("SELECT status, error FROM mz_source_statuses WHERE name = 'errs';")
            #expect(status.first?[0] == "running")
            let named = status.first?[1] ?? ""
            #expect(
                bad.contains { named.contains("partition \($0.partition!), offset \($0.offset!)") }
                    && named.contains("did not decode"), "\(named)")

            // One more bad record after the others are in: the status names exactly it.
            let latest = PeerRecord(partition: 1, key: Array("late".utf8), value: [0x6C, 0xFF])
            try await peer.produce(
                records: [latest] + [PeerRecord(partition: 0, value: Array("after".utf8))], topic: "errs")
            try await bed.waitForDecodeErrors("errs", 4)
            let partitionOne = try await peer.consume(topic: "errs", partitions: [1], count: 151)
            let lateOffset = partitionOne.first { $0.value == [0x6C, 0xFF] }!.offset!
            let error = try await bed.sql("SELECT error FROM mz_source_statuses WHERE name = 'errs';")
            #expect(error.contains("partition 1, offset \(lateOffset)"), "\(error)")
            #expect(error.contains("invalid UTF-8 at byte 1"), "\(error)")
            try await bed.waitFor("SELECT count(*) FROM errs;", toBe: "298\n")
            #expect(
                try await bed.rows(
                    "SELECT partition, \"offset\", key, value FROM errs_errors ORDER BY partition, \"offset\";")
                    == (bad.map {
                        ["\($0.partition!)", "\($0.offset!)", Expected.bytea($0.key!), Expected.bytea($0.value!)]
                    }
                    + [["1", "\(lateOffset)", Expected.bytea(Array("late".utf8)), "\\x6cff"]])
                    .sorted { ($0[0]!, Int($0[1]!)!) < ($1[0]!, Int($1[1]!)!) })
        }
    }
}
