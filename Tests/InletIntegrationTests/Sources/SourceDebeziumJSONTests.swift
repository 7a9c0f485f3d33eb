import Foundation
import InletTestSupport
import Testing

/// `ENVELOPE DEBEZIUM` over `FORMAT JSON`: change events shaped as Debezium's JSON converter writes them (schemas
/// off and on), produced with confluent-kafka into tansu and read through a real `inlet serve`. Random inserts,
/// snapshot reads, updates, deletes (with and without their tombstone) and bare tombstones over a set of keys are
/// checked against a model; malformed envelopes land in the errors relation with the reason.
@Suite(.timeLimit(.minutes(3))) struct SourceDebeziumJSONTests {
    static let keySchema =
        #"{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"}],"optional":false,"#
        + #""name":"inventory.public.customers.Key"}"#
    static let valueSchema =
        #"{"type":"struct","fields":[{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},"#
        + #"{"type":"string","optional":true,"field":"name"},{"type":"int64","optional":true,"field":"score"}],"#
        + #""optional":true,"name":"inventory.public.customers.Value","field":"before"},{"type":"string","#
        + #""optional":false,"field":"op"}],"optional":false,"name":"inventory.public.customers.Envelope"}"#
    static let source =
        #""source":{"version":"2.5.0.Final","connector":"postgresql","name":"inventory","db":"inventory","#
        + #""schema":"public","table":"customers","snapshot":"false"}"#

    /// A model of Debezium's change stream for one table: its records in topic order, and the rows they leave.
    struct ChangeStream {
        var records: [PeerRecord] = []
        /// id → the jsonb text of its row.
        var rows: [Int: String] = [:]
        var malformed = 0

        static func row(_ id: Int, _ sequence: Int) -> (json: String, jsonb: String) {
            (
                #"{"id":\#(id),"name":"n\#(sequence)","score":\#(sequence * 1_000_000_007)}"#,
                #"{"id": \#(id), "name": "n\#(sequence)", "score": \#(sequence * 1_000_000_007)}"#
            )
        }

        init(seed: UInt64, events: Int, keys: Int, schemas: Bool) {
            var random = SourceUpsertTests.SeededGenerator(state: seed)
            func wrap(_ payload: String, _ schema: String) -> String {
                schemas ? #"{"schema":\#(schema),"payload":\#(payload)}"# : payload
            }
            func append(_ id: Int?, _ value: String?) {
                let key = id.map { wrap(#"{"id":\#($0)}"#, SourceDebeziumJSONTests.keySchema) }
                records.append(
                    PeerRecord(partition: 0, key: key.map { Array($0.utf8) }, value: value.map { Array($0.utf8) }))
            }
            for sequence in 0..<events {
                let id = Int.random(in: 0..<keys, using: &random)
                let roll = Int.random(in: 0..<100, using: &random)
                let before = rows[id] == nil ? "null" : #"{"id":\#(id)}"#
                if roll < 4 {
                    // Malformed: not JSON, no envelope, a truncate event.
                    let bad = [#"{"op":"c","after":"#, #"{"id":\#(id),"name":"plain"}"#, #"{"op":"t","after":null}"#]
                    append(id, wrap(bad[sequence % 3], SourceDebeziumJSONTests.valueSchema))
                    malformed += 1
                } else if rows[id] == nil || roll < 55 {
                    let op = rows[id] == nil ? (roll % 2 == 0 ? "c" : "r") : "u"
                    let row = Self.row(id, sequence)
                    append(
                        id,
                        wrap(
                            #"{"before":\#(before),"after":\#(row.json),\#(SourceDebeziumJSONTests.source),"op":"\#(op)","ts_ms":\#(sequence)}"#,
                            SourceDebeziumJSONTests.valueSchema))
                    rows[id] = row.jsonb
                } else if roll < 85 {
                    append(
                        id,
                        wrap(
                            #"{"before":\#(before),"after":null,\#(SourceDebeziumJSONTests.source),"op":"d","ts_ms":\#(sequence)}"#,
                            SourceDebeziumJSONTests.valueSchema))
                    if roll < 70 { append(id, nil) }  // the tombstone Debezium writes after a delete
                    rows[id] = nil
                } else {
                    append(id, nil)  // a bare tombstone
                    rows[id] = nil
                }
            }
        }

        var expected: [[String?]] {
            rows.map { ["{\"id\": \($0.key)}", $0.value] }
        }
    }

    @Test func changesMatchTheModelWithSchemasOffAndOn() async throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        let off = ChangeStream(seed: seed, events: 600, keys: 40, schemas: false)
        let on = ChangeStream(seed: seed &+ 1, events: 600, keys: 40, schemas: true)
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            try await peer.produce(records: off.records, topic: "dbz_off", createPartitions: 1)
            try await peer.produce(records: on.records, topic: "dbz_on", createPartitions: 1)
            let bed = try await SourceTestBed.start()
            do {
                try await bed.sql(
                    """
                    CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                    CREATE SOURCE dbz_off FROM KAFKA CONNECTION kafka_conn (TOPIC 'dbz_off')
                        KEY FORMAT JSON VALUE FORMAT JSON ENVELOPE DEBEZIUM;
                    CREATE SOURCE dbz_on FROM KAFKA CONNECTION kafka_conn (TOPIC 'dbz_on')
                        FORMAT JSON ENVELOPE DEBEZIUM;
                    """)
                for (name, stream) in [("dbz_off", off), ("dbz_on", on)] {
                    try await bed.waitFor(
                        "SELECT sum(\"offset\") FROM \(name)_progress;", toBe: "\(stream.records.count)\n")
                    let rows = try await bed.rows("SELECT key, data FROM \(name);")
                    let sorted = rows.sorted { "\($0)" < "\($1)" }
                    let expected = stream.expected.sorted { "\($0)" < "\($1)" }
                    #expect(sorted == expected, "\(name), seed \(seed)")
                    #expect(
                        try await bed.sql("SELECT count(*) FROM \(name)_errors;") == "\(stream.malformed)\n",
                        "\(name), seed \(seed)")
                    #expect(
                        try await bed.rows("SHOW COLUMNS FROM \(name);")
                            == [["key", "f", "jsonb"], ["data", "f", "jsonb"]])
                }
                // The after row's members are queryable; the reasons say what was expected.
                if let (id, _) = off.rows.first {
                    #expect(
                        try await bed.rows("SELECT data->>'id' FROM dbz_off WHERE key->>'id' = '\(id)';") == [["\(id)"]]
                    )
                }
                let reasons = try await bed.rows("SELECT DISTINCT reason FROM dbz_on_errors;").compactMap { $0[0] }
                #expect(
                    reasons.allSatisfy {
                        $0.contains("invalid JSON") || $0.contains("has no \"op\" member")
                            || $0.contains("truncate (t)")
                    }, "\(reasons)")
                #expect(reasons.contains { $0.contains("ENVELOPE DEBEZIUM over FORMAT JSON reads") }, "\(reasons)")
                #expect(
                    try await bed.rows(
                        "SELECT envelope_type, key_format, value_format FROM mz_sources WHERE name = 'dbz_off';")
                        == [["debezium", "json", "json"]])
                // FORMAT JSON alone reads the key as JSON too, and says so.
                #expect(
                    try await bed.rows("SELECT key_format FROM mz_sources WHERE name = 'dbz_on';") == [["json"]])
                let shown = try await bed.rows("SHOW CREATE SOURCE dbz_on;").first?[1] ?? ""
                #expect(shown.hasSuffix("FORMAT JSON ENVELOPE DEBEZIUM"), "\(shown)")
            } catch {
                try? await bed.stop()
                throw error
            }
            try await bed.stop()
        }
    }

    @Test func keysRenamesAndRefusals() async throws {
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            func record(_ key: String?, _ value: String?) -> PeerRecord {
                PeerRecord(partition: 0, key: key.map { Array($0.utf8) }, value: value.map { Array($0.utf8) })
            }
            try await peer.produce(
                records: [
                    record("1001", #"{"before":null,"after":{"id":1001,"name":"a"},"op":"c"}"#),
                    record(nil, #"{"before":null,"after":{"id":1002,"name":"b"},"op":"c"}"#),
                    record("1003", #"{"before":null,"after":{"id":1003,"name":"c"},"op":"r"}"#),
                    record("1001", #"{"before":{"id":1001},"after":{"id":1001,"name":"a2"},"op":"u"}"#),
                    record("1003", #"{"before":{"id":1003},"after":null,"op":"d"}"#),
                    record("1003", nil),
                ], topic: "dbz_text", createPartitions: 1)
            let bed = try await SourceTestBed.start()
            do {
                try await bed.sql(
                    """
                    CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                    CREATE SOURCE dbz_text FROM KAFKA CONNECTION kafka_conn (TOPIC 'dbz_text')
                        KEY FORMAT TEXT VALUE FORMAT JSON INCLUDE KEY AS customer_id, OFFSET ENVELOPE DEBEZIUM;
                    """)
                try await bed.waitFor("SELECT sum(\"offset\") FROM dbz_text_progress;", toBe: "6\n")
                #expect(
                    try await bed.rows("SELECT customer_id, data, \"offset\" FROM dbz_text;")
                        == [["1001", "{\"id\": 1001, \"name\": \"a2\"}", "3"]])
                #expect(
                    try await bed.rows("SHOW COLUMNS FROM dbz_text;")
                        == [["customer_id", "f", "text"], ["data", "f", "jsonb"], ["offset", "f", "bigint"]])
                let errors = try await bed.rows("SELECT \"offset\", reason FROM dbz_text_errors;")
                #expect(errors.count == 1 && errors[0][0] == "1", "\(errors)")
                #expect(errors.first?[1]?.contains("null key") == true, "\(errors)")

                let text = try await bed.failingSQL(
                    "CREATE SOURCE bad FROM KAFKA CONNECTION kafka_conn (TOPIC 'dbz_text') KEY FORMAT TEXT VALUE FORMAT TEXT ENVELOPE DEBEZIUM;"
                )
                #expect(text.contains("0A000") && text.contains("FORMAT JSON ENVELOPE DEBEZIUM"), "\(text)")
                #expect(try await bed.sql("SELECT count(*) FROM mz_sources WHERE name = 'bad';") == "0\n")
            } catch {
                try? await bed.stop()
                throw error
            }
            try await bed.stop()
        }
    }
}
