import Foundation
import InletTestSupport
import Testing

/// `KEY STRATEGY` / `VALUE STRATEGY` (`LATEST`, `ID n`, `INLINE '…'`) against records confluent-kafka's own
/// `AvroSerializer` wrote through the registry fixture: the chosen reader plans the columns and every writer is
/// resolved against it; refusals at creation name what to write.
@Suite(.timeLimit(.minutes(4))) struct SourceAvroStrategyTests {
    static let avro = SourceAvroTests.avro
    /// How SHOW CREATE prints the format: the connection qualified.
    static let shownAvro = "AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION materialize.public.csr"
    static let v1 = SourceAvroTests.v1
    /// v1 plus `extra int default 7`.
    static let v2 = SourceAvroTests.v2

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    @Test func idPinsAnOlderReaderOverNewerWriters() async throws {
        try await SourceAvroTests.withBed { peer, _, bed in
            let ids = try await peer.produce(
                [
                    .avro(Self.v1, "{\"id\": 1, \"name\": \"one\", \"note\": \"first\"}"),
                    .avro(Self.v2, "{\"id\": 2, \"name\": \"two\", \"note\": null, \"extra\": 20}"),
                ], topic: "pinned", createPartitions: 1)
            let (v1ID, v2ID) = (ids[0]!, ids[1]!)
            #expect(v1ID != v2ID)
            try await bed.sql(
                """
                CREATE SOURCE pinned FROM KAFKA CONNECTION kafka_conn (TOPIC 'pinned')
                    FORMAT \(Self.avro) VALUE STRATEGY ID \(v1ID);
                CREATE SOURCE pinned_latest FROM KAFKA CONNECTION kafka_conn (TOPIC 'pinned')
                    FORMAT \(Self.avro) VALUE STRATEGY LATEST;
                """)
            // The older reader plans the columns; the latest one has the field v2 added.
            #expect(
                try await bed.rows("SHOW COLUMNS FROM pinned;")
                    == [["id", "f", "bigint"], ["name", "f", "text"], ["note", "t", "text"]])
            #expect(
                try await bed.rows("SHOW COLUMNS FROM pinned_latest;").map { $0[0] }
                    == ["id", "name", "note", "extra"])
            try await peer.produce(
                [.avro(Self.v2, "{\"id\": 3, \"name\": \"three\", \"note\": \"n3\", \"extra\": 30}")], topic: "pinned")
            try await bed.waitFor("SELECT count(*) FROM pinned;", toBe: "3\n")
            #expect(
                try await bed.rows("SELECT id, name, note FROM pinned ORDER BY id;")
                    == [["1", "one", "first"], ["2", "two", nil], ["3", "three", "n3"]])
            try await bed.waitFor("SELECT count(*) FROM pinned_latest;", toBe: "3\n")
            #expect(
                try await bed.rows("SELECT id, extra FROM pinned_latest ORDER BY id;")
                    == [["1", "7"], ["2", "20"], ["3", "30"]])
            #expect(try await bed.sql("SELECT count(*) FROM pinned_errors;") == "0\n")
            let shown = try await bed.rows("SHOW CREATE SOURCE pinned;").first?[1] ?? ""
            #expect(shown.contains("FORMAT \(Self.shownAvro) VALUE STRATEGY ID \(v1ID) "), "\(shown)")
            #expect(
                try await bed.rows("SHOW CREATE SOURCE pinned_latest;").first?[1]?.contains("VALUE STRATEGY LATEST")
                    == true)

            // ID serves records whose writers registered under another subject than the topic's: the same bytes in
            // a topic without a subject of its own.
            let records = try await LibrdkafkaPeer(bootstrap: peer.bootstrap).consume(topic: "pinned", count: 3)
            try await LibrdkafkaPeer(bootstrap: peer.bootstrap).produce(
                records: records.map { PeerRecord(partition: 0, key: nil, value: $0.value) }, topic: "copied",
                createPartitions: 1)
            let latestMissing = try await bed.failingSQL(
                "CREATE SOURCE copied FROM KAFKA CONNECTION kafka_conn (TOPIC 'copied') FORMAT \(Self.avro);")
            #expect(latestMissing.contains("42704") && latestMissing.contains("copied-value"), "\(latestMissing)")
            #expect(latestMissing.contains("VALUE STRATEGY ID n or INLINE"), "\(latestMissing)")
            try await bed.sql(
                """
                CREATE SOURCE copied FROM KAFKA CONNECTION kafka_conn (TOPIC 'copied')
                    FORMAT \(Self.avro) VALUE STRATEGY ID \(v2ID);
                """)
            try await bed.waitFor("SELECT count(*) FROM copied;", toBe: "3\n")
            #expect(
                try await bed.rows("SELECT id, extra FROM copied ORDER BY id;") == [
                    ["1", "7"], ["2", "20"], ["3", "30"],
                ])
        }
    }

    /// Drops `note` and adds `region` with a default: no registered schema has that shape.
    static let inlineReader = """
        {"type": "record", "name": "Event", "fields": [
          {"name": "id", "type": "long"}, {"name": "name", "type": "string"},
          {"name": "region", "type": "string", "default": "eu-west's"}]}
        """

    @Test func inlineReaderDropsAFieldAndAddsOneWithADefault() async throws {
        try await SourceAvroTests.withBed { peer, _, bed in
            try await peer.produce(
                [
                    .avro(Self.v1, "{\"id\": 1, \"name\": \"one\", \"note\": \"first\"}"),
                    .avro(Self.v2, "{\"id\": 2, \"name\": \"two\", \"note\": \"second\", \"extra\": 5}"),
                ], topic: "inline", createPartitions: 1)
            try await bed.sql(
                """
                CREATE SOURCE inline FROM KAFKA CONNECTION kafka_conn (TOPIC 'inline')
                    FORMAT \(Self.avro) VALUE STRATEGY INLINE \(Self.quoted(Self.inlineReader));
                """)
            let columns = [["id", "f", "bigint"], ["name", "f", "text"], ["region", "f", "text"]]
            #expect(try await bed.rows("SHOW COLUMNS FROM inline;") == columns)
            try await bed.waitFor("SELECT count(*) FROM inline;", toBe: "2\n")
            #expect(
                try await bed.rows("SELECT id, name, region FROM inline ORDER BY id;")
                    == [["1", "one", "eu-west's"], ["2", "two", "eu-west's"]])
            let shown = try await bed.rows("SHOW CREATE SOURCE inline;").first?[1] ?? ""
            #expect(shown.contains("VALUE STRATEGY INLINE \(Self.quoted(Self.inlineReader))"), "\(shown)")

            // The INLINE reader has no registry id: after a restart every writer is still fetched and resolved.
            try await bed.restart()
            #expect(try await bed.rows("SHOW COLUMNS FROM inline;") == columns)
            try await peer.produce(
                [
                    .avro(Self.v1, "{\"id\": 3, \"name\": \"three\", \"note\": null}"),
                    .avro(Self.v2, "{\"id\": 4, \"name\": \"four\", \"note\": null, \"extra\": 1}"),
                ], topic: "inline")
            try await bed.waitFor("SELECT count(*) FROM inline;", toBe: "4\n")
            #expect(
                try await bed.rows("SELECT id, region FROM inline WHERE id > 2 ORDER BY id;")
                    == [["3", "eu-west's"], ["4", "eu-west's"]])
            #expect(try await bed.sql("SELECT count(*) FROM inline_errors;") == "0\n")
        }
    }

    @Test func unusableReadersAreRefusedAtCreation() async throws {
        try await SourceAvroTests.withBed { peer, _, bed in
            try await peer.produce(
                [.avro(Self.v1, "{\"id\": 1, \"name\": \"one\", \"note\": null}")], topic: "strat", createPartitions: 1)
            let other = try await peer.produce(
                [.avro(SourceAvroTests.incompatible, "{\"id\": \"x\", \"name\": \"y\"}")], topic: "other",
                createPartitions: 1)
            func create(_ strategy: String, format: String = "FORMAT \(Self.avro)") async throws -> String {
                try await bed.failingSQL(
                    "CREATE SOURCE strat FROM KAFKA CONNECTION kafka_conn (TOPIC 'strat') \(format) \(strategy);")
            }
            let unknown = try await create("VALUE STRATEGY ID 9999")
            #expect(unknown.contains("42704") && unknown.contains("has no schema id 9999"), "\(unknown)")
            #expect(unknown.contains("HINT:") && unknown.contains("VALUE STRATEGY LATEST"), "\(unknown)")

            let unparsed = try await create("VALUE STRATEGY INLINE '{\"type\": \"record\", \"name\": \"E\"}'")
            #expect(unparsed.contains("22023") && unparsed.contains("INLINE is not an Avro schema"), "\(unparsed)")
            #expect(unparsed.contains("HINT:") && unparsed.contains("give the schema's JSON"), "\(unparsed)")

            // A reader field the writer lacks, without a default: the latest writer cannot be resolved to it.
            let unresolvable = SourceAvroTests.schema(
                "{\"name\": \"id\", \"type\": \"long\"}, {\"name\": \"missing\", \"type\": \"int\"}")
            let inline = try await create("VALUE STRATEGY INLINE \(Self.quoted(unresolvable))")
            #expect(inline.contains("22023") && inline.contains("cannot read the latest schema of subject strat-value"))
            #expect(inline.contains("missing") && inline.contains("HINT:"), "\(inline)")
            let byID = try await create("VALUE STRATEGY ID \(other[0]!)")
            #expect(byID.contains("22023") && byID.contains("schema id \(other[0]!) (VALUE STRATEGY ID"), "\(byID)")
            #expect(byID.contains("cannot read the latest schema of subject strat-value"), "\(byID)")

            let noKey = try await create("KEY STRATEGY ID 1")
            #expect(noKey.contains("22023") && noKey.contains("reads no Avro key"), "\(noKey)")
            let protobuf = try await create(
                "", format: "FORMAT PROTOBUF USING CONFLUENT SCHEMA REGISTRY CONNECTION csr VALUE STRATEGY LATEST")
            #expect(protobuf.contains("0A000") && protobuf.contains("not supported for PROTOBUF"), "\(protobuf)")
            #expect(try await bed.rows("SELECT count(*) FROM mz_sources WHERE name = 'strat';") == [["0"]])
        }
    }

    @Test func keyStrategyChoosesTheKeysReaderUnderUpsertAndDebezium() async throws {
        try await SourceAvroTests.withBed { peer, registry, bed in
            // UPSERT by an Avro key whose newer version adds a field: KEY STRATEGY ID pins the older key reader.
            let keyV1 = SourceAvroTests.keySchema
            let keyV2 = """
                {"type": "record", "name": "Key", "fields": [{"name": "tenant", "type": "string"},
                 {"name": "n", "type": "int"}, {"name": "shard", "type": "int", "default": 0}]}
                """
            let values = try await peer.produce(
                [
                    AvroProducerPeer.Record.avro(Self.v1, "{\"id\": 1, \"name\": \"a\", \"note\": null}")
                        .withAvroKey(keyV1, "{\"tenant\": \"x\", \"n\": 1}"),
                    AvroProducerPeer.Record.avro(Self.v1, "{\"id\": 2, \"name\": \"b\", \"note\": null}")
                        .withAvroKey(keyV2, "{\"tenant\": \"x\", \"n\": 1, \"shard\": 3}"),
                ], topic: "keyed", createPartitions: 1)
            let keyV1ID = try await LibrdkafkaPeer(bootstrap: peer.bootstrap).consume(topic: "keyed", count: 1)
                .first?.key.map { Int($0[1]) << 24 | Int($0[2]) << 16 | Int($0[3]) << 8 | Int($0[4]) }
            #expect(keyV1ID != nil && keyV1ID != values[0])
            try await bed.sql(
                """
                CREATE SOURCE keyed FROM KAFKA CONNECTION kafka_conn (TOPIC 'keyed')
                    KEY FORMAT \(Self.avro) KEY STRATEGY ID \(keyV1ID ?? -1) VALUE FORMAT \(Self.avro) ENVELOPE UPSERT;
                """)
            #expect(
                try await bed.rows("SHOW COLUMNS FROM keyed;").map { $0[0] } == ["tenant", "n", "id", "name", "note"])
            try await bed.waitFor("SELECT sum(\"offset\") FROM keyed_progress;", toBe: "2\n")
            // Both keys read as (x, 1) under the older reader: the second record upserts the first's row.
            #expect(try await bed.rows("SELECT tenant, n, id, name FROM keyed;") == [["x", "1", "2", "b"]])

            // ENVELOPE DEBEZIUM: FORMAT AVRO … KEY STRATEGY … VALUE STRATEGY ID reads the key with the key's strategy
            // and the envelope with the value's; the pinned older envelope leaves the added column out.
            let debezium = DebeziumProducerPeer(bootstrap: peer.bootstrap, registry: registry.url, user: "alice:s3cret")
            let (row1, row2) = (SourceDebeziumTests.v1, SourceDebeziumTests.v2)
            let ids = try await debezium.produce(
                [
                    .change("c", after: SourceDebeziumTests.row(1, "ann", 1.5), rowFields: row1, key: ["id"]),
                    .change("c", after: SourceDebeziumTests.row(2, "bo", nil, tier: 3), rowFields: row2, key: ["id"]),
                    .delete(before: SourceDebeziumTests.row(1, "ann", 1.5), rowFields: row2, key: ["id"]),
                ], topic: "customers", createPartitions: 1)
            try await bed.sql(
                """
                CREATE SOURCE customers FROM KAFKA CONNECTION kafka_conn (TOPIC 'customers')
                    FORMAT \(Self.avro) KEY STRATEGY LATEST VALUE STRATEGY ID \(ids[0]!) ENVELOPE DEBEZIUM;
                """)
            #expect(try await bed.rows("SHOW COLUMNS FROM customers;").map { $0[0] } == ["id", "name", "balance"])
            try await bed.waitFor("SELECT sum(\"offset\") FROM customers_progress;", toBe: "3\n")
            #expect(try await bed.rows("SELECT id, name, balance FROM customers;") == [["2", "bo", nil]])
            let shown = try await bed.rows("SHOW CREATE SOURCE customers;").first?[1] ?? ""
            #expect(shown.contains("KEY STRATEGY LATEST VALUE STRATEGY ID \(ids[0]!) ENVELOPE DEBEZIUM"), "\(shown)")
        }
    }
}
