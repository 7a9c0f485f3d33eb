import Foundation
import InletTestSupport
import Testing

/// Every format against records written by confluent-kafka, read back through psql from the real `inlet serve`:
/// TEXT, BYTES, JSON and CSV (counted, delimited, renamed, with a header) give exactly the values the records
/// hold, with the column names and types a client sees; records that do not decode land in `<source>_errors`.
@Suite(.timeLimit(.minutes(3))) struct SourceFormatTests {
    /// tansu, `inlet serve` with `CREATE CONNECTION kafka_conn` to it, and confluent-kafka; both stop afterwards.
    static func withBed(_ body: (LibrdkafkaPeer, SourceTestBed) async throws -> Void) async throws {
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            let bed = try await SourceTestBed.start()
            do {
                try await bed.sql("CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');")
                try await body(peer, bed)
            } catch {
                try? await bed.stop()
                throw error
            }
            try await bed.stop()
        }
    }

    /// Produces `values` (partition `index % partitions`) and returns them as confluent-kafka reads them back,
    /// with offsets, sorted by partition and offset.
    static func produce(
        _ values: [[UInt8]?], topic: String, partitions: Int, peer: LibrdkafkaPeer
    ) async throws -> [PeerRecord] {
        let records = values.enumerated().map { index, value in
            PeerRecord(
                partition: index % partitions, timestamp: 1_700_000_000_000 + Int64(index),
                key: Array("k\(index)".utf8), value: value)
        }
        try await peer.produce(records: records, topic: topic, createPartitions: partitions)
        let back = try await peer.consume(topic: topic, count: records.count)
        return back.sorted { ($0.partition!, $0.offset!) < ($1.partition!, $1.offset!) }
    }

    static func utf8Text(_ bytes: [UInt8]) -> String? {
        bytes.contains(0) ? nil : String(validating: bytes, as: UTF8.self)
    }

    @Test func textAndBytesKeepEveryByte() async throws {
        try await Self.withBed { peer, bed in
            var texts: [[UInt8]?] = [
                Array("line ✓ 0".utf8), [], Array("pipe | and\ttab".utf8), Array("two\nlines\r\n".utf8),
                [0x66, 0xFF, 0x6F], [0x61, 0x00, 0x62], nil, Array("  spaces kept  ".utf8),
            ]
            texts += (0..<200).map { Array("row \($0) ünïcödé".utf8) }
            let textRecords = try await Self.produce(texts, topic: "texts", partitions: 2, peer: peer)
            var generator = SystemRandomNumberGenerator()
            var blobs: [[UInt8]?] = [[0, 1, 2, 0xFF], [], Array("\\x41".utf8), Array(0...255)]
            blobs += (0..<60).map { _ in
                (0..<Int.random(in: 1...80)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            }
            let blobRecords = try await Self.produce(blobs, topic: "blobs", partitions: 1, peer: peer)
            try await bed.sql(
                """
                CREATE SOURCE texts FROM KAFKA CONNECTION kafka_conn (TOPIC 'texts') FORMAT TEXT
                    INCLUDE PARTITION, OFFSET;
                CREATE SOURCE blobs FROM KAFKA CONNECTION kafka_conn (TOPIC 'blobs') FORMAT BYTES INCLUDE OFFSET;
                """)
            let goodTexts = textRecords.filter { $0.value.flatMap(Self.utf8Text) != nil }
            let badTexts = textRecords.filter { $0.value != nil && Self.utf8Text($0.value!) == nil }
            #expect(badTexts.count == 2)
            try await bed.waitFor("SELECT count(*) FROM texts;", toBe: "\(goodTexts.count)\n")
            try await bed.waitFor("SELECT count(*) FROM blobs;", toBe: "\(blobRecords.count)\n")

            #expect(
                try await bed.rows("SELECT partition, \"offset\", text FROM texts ORDER BY partition, \"offset\";")
                    == goodTexts.map { ["\($0.partition!)", "\($0.offset!)", Self.utf8Text($0.value!)] })
            #expect(
                try await bed.rows("SELECT \"offset\", data, hex(data), length(data) FROM blobs ORDER BY \"offset\";")
                    == blobRecords.map {
                        [
                            "\($0.offset!)", Expected.bytea($0.value!), Expected.hex($0.value!).uppercased(),
                            "\($0.value!.count)",
                        ]
                    })
            // A record without a value adds no row and no error (ENVELOPE NONE); the two bad ones are errors.
            let errors = try await bed.rows(
                "SELECT partition, \"offset\", key, value, reason FROM texts_errors ORDER BY partition, \"offset\";")
            #expect(
                errors.map { Array($0.prefix(4)) }
                    == badTexts.map {
                        ["\($0.partition!)", "\($0.offset!)", Expected.bytea($0.key!), Expected.bytea($0.value!)]
                    })
            #expect(errors.count == 2 && errors[0][4]?.contains("invalid UTF-8 at byte 1") == true, "\(errors)")
            #expect(errors.count == 2 && errors[1][4]?.contains("NUL") == true, "\(errors)")
            #expect(try await bed.sql("SELECT count(*) FROM blobs_errors;") == "0\n")

            #expect(
                try await bed.rows("SHOW COLUMNS FROM texts;")
                    == [["text", "f", "text"], ["partition", "f", "integer"], ["offset", "f", "bigint"]])
            #expect(
                try await bed.resultTypes("SELECT * FROM blobs")
                    == [ResultType("data", ResultType.bytea), ResultType("offset", ResultType.int8)])
            #expect(
                try await bed.resultTypes("SELECT * FROM texts_errors")
                    == [
                        ResultType("partition", ResultType.int4), ResultType("offset", ResultType.int8),
                        ResultType("key", ResultType.bytea), ResultType("value", ResultType.bytea),
                        ResultType("reason", ResultType.text),
                    ])
        }
    }

    @Test func jsonIsPrintedAsJsonbAndQueryable() async throws {
        try await Self.withBed { peer, bed in
            // What the producer writes, what PostgreSQL prints for it as jsonb, data->>'field', data->'a'->'b'.
            var documents: [(written: String, printed: String?, field: String?, b: String?)] = (0..<60).map { index in
                let written =
                    index % 2 == 0
                    ? "{\"n\":1.50,\"field\":\"v\(index)\",\"a\":{\"b\":\(index)}}"
                    : " { \"field\" : \"v\(index)\" ,\n \"a\" : { \"b\" : \(index) } , \"n\" : 1.50 }\n"
                return (
                    written, "{\"a\": {\"b\": \(index)}, \"n\": 1.50, \"field\": \"v\(index)\"}", "v\(index)",
                    "\(index)"
                )
            }
            documents += [
                ("[1, \"two\", null, true, {}]", "[1, \"two\", null, true, {}]", nil, nil),
                ("\"just a string\"", "\"just a string\"", nil, nil),
                ("{\"z\": 1, \"aa\": 2, \"a\": 3}", "{\"a\": 3, \"z\": 1, \"aa\": 2}", nil, nil),
                ("{\"dup\": 1, \"dup\": 2}", "{\"dup\": 2}", nil, nil),
                (
                    "{\"field\": \"\\u00e9|\\n\", \"a\": {\"b\": [true]}}",
                    "{\"a\": {\"b\": [true]}, \"field\": \"é|\\n\"}", "é|\n", "[true]"
                ),
                ("{\"a\":", nil, nil, nil), ("{\"a\": 1} trailing", nil, nil, nil), ("not json", nil, nil, nil),
            ]
            var values = documents.map { Array($0.written.utf8) as [UInt8]? }
            values.append([0x22, 0xFF, 0x22])
            let records = try await Self.produce(values, topic: "docs", partitions: 2, peer: peer)
            let byText = Dictionary(uniqueKeysWithValues: documents.map { ($0.written, $0) })
            func document(_ record: PeerRecord) -> (written: String, printed: String?, field: String?, b: String?)? {
                Self.utf8Text(record.value!).flatMap { byText[$0] }.flatMap { $0.printed == nil ? nil : $0 }
            }
            try await bed.sql(
                "CREATE SOURCE docs FROM KAFKA CONNECTION kafka_conn (TOPIC 'docs') FORMAT JSON INCLUDE PARTITION, OFFSET;"
            )
            let good = records.filter { document($0) != nil }
            let bad = records.filter { document($0) == nil }
            #expect(bad.count == 4)
            try await bed.waitFor("SELECT count(*) FROM docs;", toBe: "\(good.count)\n")
            try await bed.waitFor("SELECT count(*) FROM docs_errors;", toBe: "\(bad.count)\n")
            let rows = try await bed.rows(
                "SELECT partition, \"offset\", data, data->>'field', data->'a'->'b' FROM docs ORDER BY partition, \"offset\";"
            )
            #expect(
                rows
                    == good.map { record in
                        let expected = document(record)!
                        return [
                            "\(record.partition!)", "\(record.offset!)", expected.printed, expected.field, expected.b,
                        ]
                    })
            #expect(
                try await bed.rows(
                    "SELECT partition, \"offset\", value FROM docs_errors ORDER BY partition, \"offset\";")
                    == bad.map { ["\($0.partition!)", "\($0.offset!)", Expected.bytea($0.value!)] })
            #expect(try await bed.sql("SELECT count(*) FROM docs WHERE data->>'field' = 'v7';") == "1\n")
            #expect(try await bed.rows("SHOW COLUMNS FROM docs;").first == ["data", "f", "jsonb"])
            #expect(try await bed.resultTypes("SELECT data FROM docs") == [ResultType("data", ResultType.jsonb)])
        }
    }

    @Test func csvCountedRenamedAndWithHeader() async throws {
        try await Self.withBed { peer, bed in
            let rows: [(String, [String]?)] = [
                ("a;b;c", ["a", "b", "c"]),
                ("\"q;uoted\";\"x\"\"y\";", ["q;uoted", "x\"y", ""]),
                ("1;2;3\n", ["1", "2", "3"]),
                ("1;2", nil), ("1;2;3;4", nil),
                (";;", ["", "", ""]),
                ("\"line\nbreak\";,;é", ["line\nbreak", ",", "é"]),
            ]
            let records = try await Self.produce(
                rows.map { Array($0.0.utf8) }, topic: "csv3", partitions: 1, peer: peer)
            let headed: [(String, [String]?)] = [
                ("x,y", nil), ("1,2", ["1", "2"]), ("3,\"4,5\"", ["3", "4,5"]), ("6", nil), ("7,8,9", nil),
            ]
            let headedRecords = try await Self.produce(
                headed.map { Array($0.0.utf8) }, topic: "csvh", partitions: 1, peer: peer)
            try await bed.sql(
                """
                CREATE SOURCE csv3 FROM KAFKA CONNECTION kafka_conn (TOPIC 'csv3')
                    FORMAT CSV WITH 3 COLUMNS DELIMITED BY ';' INCLUDE OFFSET;
                CREATE SOURCE csvnamed (a, b, c) FROM KAFKA CONNECTION kafka_conn (TOPIC 'csv3')
                    FORMAT CSV WITH 3 COLUMNS DELIMITED BY ';';
                CREATE SOURCE csvh FROM KAFKA CONNECTION kafka_conn (TOPIC 'csvh') FORMAT CSV WITH HEADER (x, y)
                    INCLUDE OFFSET;
                """)
            let good = zip(records, rows).filter { $0.1.1 != nil }
            try await bed.waitFor("SELECT count(*) FROM csv3;", toBe: "\(good.count)\n")
            try await bed.waitFor("SELECT count(*) FROM csvnamed;", toBe: "\(good.count)\n")
            try await bed.waitFor("SELECT count(*) FROM csvh;", toBe: "2\n")
            #expect(
                try await bed.rows("SELECT column1, column2, column3, \"offset\" FROM csv3 ORDER BY \"offset\";")
                    == good.map { $0.1.1! + ["\($0.0.offset!)"] })
            #expect(
                try await bed.rows("SELECT a, b, c FROM csvnamed ORDER BY a, b, c;")
                    == good.map { $0.1.1! }.sorted { $0.lexicographicallyPrecedes($1) })
            #expect(
                try await bed.rows("SELECT x, y, \"offset\" FROM csvh ORDER BY \"offset\";")
                    == zip(headedRecords, headed).compactMap { record, row in
                        row.1.map { $0 + ["\(record.offset!)"] }
                    })
            let errors = try await bed.rows("SELECT \"offset\", value, reason FROM csv3_errors ORDER BY \"offset\";")
            let bad = zip(records, rows).filter { $0.1.1 == nil }
            #expect(errors.map { Array($0.prefix(2)) } == bad.map { ["\($0.0.offset!)", Expected.bytea($0.0.value!)] })
            #expect(errors.map { $0[2] ?? "" }.map { $0.contains("expected 3 columns, found") } == [true, true])
            // The header line is neither a row nor an error; the short and long rows are errors.
            #expect(
                try await bed.rows("SELECT \"offset\" FROM csvh_errors ORDER BY \"offset\";")
                    == [["\(headedRecords[3].offset!)"], ["\(headedRecords[4].offset!)"]])
            #expect(
                try await bed.rows("SHOW COLUMNS FROM csv3;")
                    == [
                        ["column1", "f", "text"], ["column2", "f", "text"], ["column3", "f", "text"],
                        ["offset", "f", "bigint"],
                    ])
            #expect(
                try await bed.resultTypes("SELECT * FROM csvnamed")
                    == ["a", "b", "c"].map { ResultType($0, ResultType.text) })
            #expect(
                try await bed.resultTypes("SELECT * FROM csvh")
                    == [
                        ResultType("x", ResultType.text), ResultType("y", ResultType.text),
                        ResultType("offset", ResultType.int8),
                    ])
        }
    }
}
