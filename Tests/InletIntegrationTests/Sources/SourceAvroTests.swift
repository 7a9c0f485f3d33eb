import Foundation
import InletTestSupport
import Testing

/// `FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY` against records encoded by confluent-kafka's own `AvroSerializer`
/// through the registry fixture (`testpeers/schema_registry.py`) into tansu, read back through psql from a real
/// `inlet serve`: every Avro type as its PostgreSQL column, the reader schema pinned at creation while writers
/// evolve (and across a restart), TEXT keys, and bad records in the errors relation.
@Suite(.timeLimit(.minutes(4))) struct SourceAvroTests {
    /// tansu, the registry fixture (basic auth `alice:s3cret`), `inlet serve` with `kafka_conn` and `csr`.
    static func withBed(_ body: (AvroProducerPeer, SchemaRegistryFixture, SourceTestBed) async throws -> Void)
        async throws
    {
        try await withTansu { tansu in
            let registry = try await SchemaRegistryFixture.start(user: "alice:s3cret")
            let peer = AvroProducerPeer(bootstrap: tansu.bootstrap, registry: registry.url, user: "alice:s3cret")
            let bed = try await SourceTestBed.start()
            do {
                try await bed.sql(
                    """
                    CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                    CREATE SECRET csr_password AS 's3cret';
                    CREATE CONNECTION csr TO CONFLUENT SCHEMA REGISTRY (
                        URL '\(registry.url)', USERNAME = 'alice', PASSWORD = SECRET csr_password);
                    """)
                try await body(peer, registry, bed)
            } catch {
                try? await bed.stop()
                await registry.stop()
                throw error
            }
            try await bed.stop()
            await registry.stop()
        }
    }

    static let avro = "AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr"

    @Test func connectionIsValidatedShownAndDropped() async throws {
        try await Self.withBed { _, registry, bed in
            #expect(
                try await bed.rows("SELECT name, type FROM mz_connections WHERE name = 'csr';")
                    == [["csr", "confluent-schema-registry"]])
            let shown = try await bed.rows("SHOW CREATE CONNECTION csr;")
            #expect(
                shown.first?[1]
                    == "CREATE CONNECTION csr TO CONFLUENT SCHEMA REGISTRY (URL = '\(registry.url)', USERNAME = 'alice', PASSWORD = SECRET csr_password)",
                "\(shown)")
            try await bed.sql("VALIDATE CONNECTION csr;")

            // A wrong password: the registry's 401, SQLSTATE 28P01, the secret to fix; never the password.
            try await bed.sql("CREATE SECRET wrong_password AS 'not-it';")
            let wrong = try await bed.failingSQL(
                """
                CREATE CONNECTION csr_wrong TO CONFLUENT SCHEMA REGISTRY (
                    URL '\(registry.url)', USERNAME = 'alice', PASSWORD = SECRET wrong_password);
                """)
            #expect(wrong.contains("28P01") && wrong.contains("401"), "\(wrong)")
            #expect(wrong.contains(registry.url) && wrong.contains("ALTER SECRET"), "\(wrong)")
            #expect(!wrong.contains("not-it"), "\(wrong)")
            let anonymous = try await bed.failingSQL(
                "CREATE CONNECTION csr_anonymous TO CONFLUENT SCHEMA REGISTRY (URL '\(registry.url)');")
            #expect(anonymous.contains("28P01") && anonymous.contains("USERNAME and PASSWORD"), "\(anonymous)")

            // Stored without validation, then validated: an unreachable registry is 08001 and names the URL.
            let closed = try FreePort.next()
            try await bed.sql(
                """
                CREATE CONNECTION csr_down TO CONFLUENT SCHEMA REGISTRY (URL 'http://127.0.0.1:\(closed)')
                    WITH (VALIDATE = false);
                """)
            let down = try await bed.failingSQL("VALIDATE CONNECTION csr_down;")
            #expect(down.contains("08001") && down.contains("http://127.0.0.1:\(closed)"), "\(down)")

            let scheme = try await bed.failingSQL(
                "CREATE CONNECTION csr_ftp TO CONFLUENT SCHEMA REGISTRY (URL 'ftp://registry:8081');")
            #expect(scheme.contains("22023") && scheme.contains("http:// or https://"), "\(scheme)")
            let credentialsInURL = try await bed.failingSQL(
                "CREATE CONNECTION csr_url TO CONFLUENT SCHEMA REGISTRY (URL 'http://alice:pw@registry:8081');")
            #expect(credentialsInURL.contains("must not hold credentials") && !credentialsInURL.contains("pw@"))
            let password = try await bed.failingSQL(
                "CREATE CONNECTION csr_pw TO CONFLUENT SCHEMA REGISTRY (URL '\(registry.url)', USERNAME 'a', PASSWORD 'pw');"
            )
            #expect(password.contains("PASSWORD must be a secret"), "\(password)")

            // ALTER CONNECTION re-validates; the fixed connection then validates on request too.
            try await bed.sql(
                """
                ALTER CONNECTION csr_down SET (URL = '\(registry.url)', USERNAME = 'alice', PASSWORD = SECRET csr_password);
                VALIDATE CONNECTION csr_down;
                """)
            try await bed.sql("DROP CONNECTION csr_down;")
            #expect(try await bed.rows("SELECT count(*) FROM mz_connections WHERE name = 'csr_down';") == [["0"]])
        }
    }

    /// One field per row of docs/avro.md's table, nullable unions, a non-null union, nested values.
    static let everyType = """
        {"type": "record", "name": "Every", "namespace": "inlet.test", "fields": [
          {"name": "b", "type": "boolean"},
          {"name": "i", "type": "int"},
          {"name": "l", "type": "long"},
          {"name": "f", "type": "float"},
          {"name": "d", "type": "double"},
          {"name": "s", "type": "string"},
          {"name": "e", "type": {"type": "enum", "name": "Suit", "symbols": ["HEARTS", "SPADES"]}},
          {"name": "by", "type": "bytes"},
          {"name": "fx", "type": {"type": "fixed", "name": "Four", "size": 4}},
          {"name": "dec", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
          {"name": "decf", "type": {"type": "fixed", "name": "Eight", "size": 8, "logicalType": "decimal",
                                    "precision": 12, "scale": 3}},
          {"name": "u", "type": {"type": "string", "logicalType": "uuid"}},
          {"name": "dt", "type": {"type": "int", "logicalType": "date"}},
          {"name": "tm", "type": {"type": "int", "logicalType": "time-millis"}},
          {"name": "tu", "type": {"type": "long", "logicalType": "time-micros"}},
          {"name": "tsm", "type": {"type": "long", "logicalType": "timestamp-millis"}},
          {"name": "tsu", "type": {"type": "long", "logicalType": "timestamp-micros"}},
          {"name": "ltm", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
          {"name": "ltu", "type": {"type": "long", "logicalType": "local-timestamp-micros"}},
          {"name": "rec", "type": {"type": "record", "name": "Inner", "fields": [
              {"name": "a", "type": "int"}, {"name": "bb", "type": "string"}]}},
          {"name": "arr", "type": {"type": "array", "items": "long"}},
          {"name": "m", "type": {"type": "map", "values": "int"}},
          {"name": "nl", "type": ["null", "long"]},
          {"name": "ns", "type": ["string", "null"]},
          {"name": "un", "type": ["int", "string"]}
        ]}
        """

    @Test func everyAvroTypeBecomesItsPostgresColumn() async throws {
        try await Self.withBed { peer, _, bed in
            let first = """
                {"b": true, "i": -2147483648, "l": 9007199254740993, "f": 1.5, "d": 1e-05, "s": "ünï ✓",
                 "e": "SPADES", "by": {"$bytes": "00ff"}, "fx": {"$bytes": "01020304"},
                 "dec": {"$decimal": "12.30"}, "decf": {"$decimal": "-1.250"},
                 "u": {"$uuid": "6F1C1A8E-0000-4000-8000-00000000000A"}, "dt": {"$date": "2024-02-29"},
                 "tm": {"$time": "01:02:03.004"}, "tu": {"$time": "12:34:56.789012"},
                 "tsm": {"$timestamp": "2024-02-29T12:34:56.789+00:00"},
                 "tsu": {"$timestamp": "1999-12-31T23:59:59.999999+00:00"},
                 "ltm": {"$local": "2024-02-29T12:34:56.789"}, "ltu": {"$local": "1969-07-20T20:17:40.000001"},
                 "rec": {"a": 1, "bb": "x"}, "arr": [1, 2, 3], "m": {"kk": 2, "k": 1},
                 "nl": null, "ns": "there", "un": 5}
                """
            let second = """
                {"b": false, "i": 0, "l": -1, "f": {"$float": "NaN"}, "d": {"$float": "-Infinity"}, "s": "",
                 "e": "HEARTS", "by": {"$bytes": ""}, "fx": {"$bytes": "ffffffff"},
                 "dec": {"$decimal": "-0.05"}, "decf": {"$decimal": "0.000"},
                 "u": {"$uuid": "00000000-0000-0000-0000-000000000000"}, "dt": {"$date": "1969-07-20"},
                 "tm": {"$time": "00:00:00"}, "tu": {"$time": "23:59:59.999999"},
                 "tsm": {"$timestamp": "1970-01-01T00:00:00+00:00"},
                 "tsu": {"$timestamp": "2038-01-19T03:14:08+00:00"},
                 "ltm": {"$local": "2000-01-01T00:00:00"}, "ltu": {"$local": "2000-01-01T00:00:00.5"},
                 "rec": {"a": -1, "bb": "y \\"q\\""}, "arr": [], "m": {},
                 "nl": 42, "ns": null, "un": "five"}
                """
            try await peer.produce(
                [.avro(Self.everyType, first), .avro(Self.everyType, second)], topic: "every", createPartitions: 1)
            try await bed.sql(
                "CREATE SOURCE every FROM KAFKA CONNECTION kafka_conn (TOPIC 'every') FORMAT \(Self.avro);")
            try await bed.waitFor("SELECT count(*) FROM every;", toBe: "2\n")

            #expect(
                try await bed.rows("SHOW COLUMNS FROM every;")
                    == [
                        ["b", "f", "boolean"], ["i", "f", "integer"], ["l", "f", "bigint"], ["f", "f", "real"],
                        ["d", "f", "double precision"], ["s", "f", "text"], ["e", "f", "text"], ["by", "f", "bytea"],
                        ["fx", "f", "bytea"], ["dec", "f", "numeric"], ["decf", "f", "numeric"], ["u", "f", "uuid"],
                        ["dt", "f", "date"], ["tm", "f", "time"], ["tu", "f", "time"], ["tsm", "f", "timestamp"],
                        ["tsu", "f", "timestamp"], ["ltm", "f", "timestamp"], ["ltu", "f", "timestamp"],
                        ["rec", "f", "jsonb"], ["arr", "f", "jsonb"], ["m", "f", "jsonb"], ["nl", "t", "bigint"],
                        ["ns", "t", "text"], ["un", "f", "text"],
                    ])
            #expect(
                try await bed.resultTypes("SELECT b, f, d, dec, u, dt, tm, tsm, rec FROM every").map(\.oid)
                    == [16, 700, 701, 1700, 2950, 1082, 1083, 1114, 3802])
            let rows = try await bed.rows("SELECT * FROM every ORDER BY i;")
            #expect(
                rows.first
                    == [
                        "t", "-2147483648", "9007199254740993", "1.5", "1e-05", "ünï ✓", "SPADES", "\\x00ff",
                        "\\x01020304", "12.30", "-1.250", "6f1c1a8e-0000-4000-8000-00000000000a", "2024-02-29",
                        "01:02:03.004", "12:34:56.789012", "2024-02-29 12:34:56.789", "1999-12-31 23:59:59.999999",
                        "2024-02-29 12:34:56.789", "1969-07-20 20:17:40.000001", "{\"a\": 1, \"bb\": \"x\"}",
                        "[1, 2, 3]", "{\"k\": 1, \"kk\": 2}", nil, "there", "5",
                    ], "\(rows)")
            #expect(
                rows.last
                    == [
                        "f", "0", "-1", "NaN", "-Infinity", "", "HEARTS", "\\x", "\\xffffffff", "-0.05", "0.000",
                        "00000000-0000-0000-0000-000000000000", "1969-07-20", "00:00:00", "23:59:59.999999",
                        "1970-01-01 00:00:00", "2038-01-19 03:14:08", "2000-01-01 00:00:00", "2000-01-01 00:00:00.5",
                        "{\"a\": -1, \"bb\": \"y \\\"q\\\"\"}", "[]", "{}", "42", nil, "five",
                    ], "\(rows)")
            // Values are queryable with their types: integers compare as numbers, booleans as truth values.
            #expect(try await bed.rows("SELECT i FROM every WHERE l > 0 AND b;") == [["-2147483648"]])
            #expect(try await bed.sql("SELECT count(*) FROM every_errors;") == "0\n")
            #expect(
                try await bed.rows("SELECT key_format, value_format FROM mz_sources WHERE name = 'every';")
                    == [[nil, "avro"]])
        }
    }

    static func schema(_ fields: String) -> String {
        "{\"type\": \"record\", \"name\": \"Event\", \"fields\": [\(fields)]}"
    }

    static let v1 = schema(
        "{\"name\": \"id\", \"type\": \"long\"}, {\"name\": \"name\", \"type\": \"string\"}, "
            + "{\"name\": \"note\", \"type\": [\"null\", \"string\"], \"default\": null}")
    /// Adds a field with a default.
    static let v2 = schema(
        "{\"name\": \"id\", \"type\": \"long\"}, {\"name\": \"name\", \"type\": \"string\"}, "
            + "{\"name\": \"note\", \"type\": [\"null\", \"string\"], \"default\": null}, "
            + "{\"name\": \"extra\", \"type\": \"int\", \"default\": 7}")
    /// Removes `note`, which the pinned reader fills with its default.
    static let v3 = schema("{\"name\": \"id\", \"type\": \"long\"}, {\"name\": \"name\", \"type\": \"string\"}")
    /// `id` becomes a string: no reader of a long can read it.
    static let incompatible = schema(
        "{\"name\": \"id\", \"type\": \"string\"}, {\"name\": \"name\", \"type\": \"string\"}")

    @Test func readerSchemaIsPinnedWhileWritersEvolveAndAcrossRestart() async throws {
        try await Self.withBed { peer, _, bed in
            try await peer.produce(
                [
                    .avro(Self.v1, "{\"id\": 1, \"name\": \"one\", \"note\": \"first\"}", key: "k1"),
                    .avro(Self.v1, "{\"id\": 2, \"name\": \"two\", \"note\": null}", key: "k2"),
                ], topic: "events", createPartitions: 1)
            try await bed.sql(
                """
                CREATE SOURCE src FROM KAFKA CONNECTION kafka_conn (TOPIC 'events');
                CREATE TABLE events FROM SOURCE src (REFERENCE "events")
                    KEY FORMAT TEXT VALUE FORMAT \(Self.avro) INCLUDE KEY, OFFSET;
                """)
            try await bed.waitFor("SELECT count(*) FROM events;", toBe: "2\n")
            let columns = [
                ["key", "t", "text"], ["id", "f", "bigint"], ["name", "f", "text"], ["note", "t", "text"],
                ["offset", "f", "bigint"],
            ]
            #expect(try await bed.rows("SHOW COLUMNS FROM events;") == columns)

            // Mid-stream: a writer adds a field, another removes one, a third is incompatible; then a record
            // without the magic byte, one with an id the registry never gave, and one cut short.
            let ids = try await peer.produce(
                [
                    .avro(Self.v2, "{\"id\": 3, \"name\": \"three\", \"note\": \"n3\", \"extra\": 9}", key: "k3"),
                    .avro(Self.v3, "{\"id\": 4, \"name\": \"four\"}", key: "k4"),
                    .avro(Self.incompatible, "{\"id\": \"5\", \"name\": \"five\"}", key: "k5"),
                    .raw(Array("{\"id\": 6}".utf8), key: "k6"),
                    .raw([0, 0, 0, 0x27, 0x0F, 0x02, 0x02, 0x61], key: "k7"),
                    .raw([0, 0, 0, 0, 1, 0x02], key: "k8"),
                    .avro(Self.v2, "{\"id\": 9, \"name\": \"nine\", \"note\": null, \"extra\": 1}", key: "k9"),
                ], topic: "events")
            #expect(Set(ids.compactMap { $0 }).count == 3, "\(ids)")
            try await bed.waitFor("SELECT count(*) FROM events;", toBe: "5\n")
            #expect(
                try await bed.rows("SELECT key, id, name, note, \"offset\" FROM events ORDER BY id;")
                    == [
                        ["k1", "1", "one", "first", "0"], ["k2", "2", "two", nil, "1"],
                        ["k3", "3", "three", "n3", "2"],
                        ["k4", "4", "four", nil, "3"], ["k9", "9", "nine", nil, "8"],
                    ])
            let errors = try await bed.rows(
                "SELECT \"offset\", key, reason FROM events_errors ORDER BY \"offset\";")
            #expect(errors.map { $0[0] } == ["4", "5", "6", "7"], "\(errors)")
            #expect(errors.map { $0[1] } == ["\\x6b35", "\\x6b36", "\\x6b37", "\\x6b38"], "\(errors)")
            #expect(errors.first?[2]?.contains("incompatible with the reader schema pinned at creation") == true)
            #expect(errors.dropFirst().first?[2]?.contains("0x7b, not the magic byte 0") == true, "\(errors)")
            #expect(errors.dropFirst(2).first?[2]?.contains("writer schema id 9999") == true, "\(errors)")
            #expect(errors.dropFirst(2).first?[2]?.contains("404") == true, "\(errors)")
            #expect(errors.last?[2]?.contains("truncated Avro record") == true, "\(errors.last ?? [])")
            try await bed.waitForDecodeErrors("src", 4)

            // The latest version of events-value is now another schema; the table keeps the one it pinned.
            try await bed.restart()
            #expect(try await bed.rows("SHOW COLUMNS FROM events;") == columns)
            try await peer.produce(
                [.avro(Self.v2, "{\"id\": 10, \"name\": \"ten\", \"note\": \"after\", \"extra\": 2}", key: "k10")],
                topic: "events")
            try await bed.waitFor("SELECT count(*) FROM events;", toBe: "6\n")
            #expect(
                try await bed.rows("SELECT key, id, name, note FROM events WHERE id = 10;")
                    == [["k10", "10", "ten", "after"]])
            #expect(try await bed.sql("SELECT count(*) FROM events_errors;") == "4\n")

            // A relation made later pins the latest version, with the field the first one never had.
            try await bed.sql("CREATE TABLE events_latest FROM SOURCE src FORMAT \(Self.avro);")
            let latest = try await bed.rows("SHOW COLUMNS FROM events_latest;")
            #expect(latest.map { $0[0] } == ["id", "name"] || latest.map { $0[0] } == ["id", "name", "note", "extra"])

            let drop = try await bed.failingSQL("DROP CONNECTION csr;")
            #expect(drop.contains("2BP01"), "\(drop)")
        }
    }

    @Test func unreachableRegistryKeepsTheRecordAsAnErrorAndTheRestFlows() async throws {
        try await Self.withBed { peer, registry, bed in
            try await peer.produce(
                [.avro(Self.v1, "{\"id\": 1, \"name\": \"one\", \"note\": null}")], topic: "events",
                createPartitions: 1)
            try await bed.sql(
                "CREATE SOURCE events FROM KAFKA CONNECTION kafka_conn (TOPIC 'events') FORMAT \(Self.avro);")
            try await bed.waitFor("SELECT count(*) FROM events;", toBe: "1\n")
            // A record of a writer schema Inlet has not seen yet (registered through another topic), and a copy of
            // the first record, both arriving while the registry is down.
            let ids = try await peer.produce(
                [.avro(Self.v2, "{\"id\": 2, \"name\": \"two\", \"note\": null, \"extra\": 3}")], topic: "staging",
                createPartitions: 1)
            let kafka = LibrdkafkaPeer(bootstrap: peer.bootstrap)
            let unseen = try await kafka.consume(topic: "staging", count: 1)
            let first = try await kafka.consume(topic: "events", count: 1)
            await registry.stop()
            try await kafka.produce(
                records: [
                    PeerRecord(partition: 0, key: nil, value: unseen[0].value),
                    PeerRecord(partition: 0, key: nil, value: first[0].value),
                ], topic: "events")
            try await bed.waitFor("SELECT count(*) FROM events;", toBe: "2\n")
            let errors = try await bed.rows("SELECT \"offset\", value, reason FROM events_errors;")
            #expect(errors.count == 1 && errors[0][0] == "1", "\(errors)")
            #expect(errors.first?[1] == unseen[0].value.map(Expected.bytea), "\(errors)")
            let reason = errors.first?[2] ?? ""
            #expect(reason.contains("writer schema id \(ids[0]!)"), "\(reason)")
            #expect(reason.contains("cannot reach the schema registry at \(registry.url)"), "\(reason)")
            #expect(reason.contains("connection refused") && !reason.contains("s3cret"), "\(reason)")
            let id = try await bed.sourceID("events")
            try await bed.waitFor("SELECT error FROM mz_source_statuses WHERE id = '\(id)';") {
                $0.contains("offset 1 did not decode") && $0.contains("cannot reach the schema registry")
            }
        }
    }

    @Test func upsertByTextKeyWithAvroValues() async throws {
        try await Self.withBed { peer, _, bed in
            try await peer.produce(
                [
                    .avro(Self.v1, "{\"id\": 1, \"name\": \"a\", \"note\": null}", key: "k1"),
                    .avro(Self.v1, "{\"id\": 2, \"name\": \"b\", \"note\": null}", key: "k2"),
                    .avro(Self.v2, "{\"id\": 3, \"name\": \"a2\", \"note\": \"new\", \"extra\": 1}", key: "k1"),
                    .tombstone(key: "k2"),
                    .raw([0x7B], key: "k3"),
                    .avro(Self.v1, "{\"id\": 4, \"name\": \"c\", \"note\": null}", key: "k4"),
                ], topic: "upserts", createPartitions: 1)
            try await bed.sql(
                """
                CREATE SOURCE upserts FROM KAFKA CONNECTION kafka_conn (TOPIC 'upserts')
                    KEY FORMAT TEXT VALUE FORMAT \(Self.avro) ENVELOPE UPSERT;
                """)
            try await bed.waitFor("SELECT count(*) FROM upserts_errors;", toBe: "1\n")
            #expect(
                try await bed.rows("SELECT key, id, name, note FROM upserts ORDER BY key;")
                    == [["k1", "3", "a2", "new"], ["k4", "4", "c", nil]])
        }
    }

    static let keySchema = """
        {"type": "record", "name": "Key", "fields": [{"name": "tenant", "type": "string"}, {"name": "n", "type": "int"}]}
        """

    @Test func upsertByAvroKey() async throws {
        try await Self.withBed { peer, _, bed in
            func key(_ tenant: String, _ n: Int) -> String { "{\"tenant\": \"\(tenant)\", \"n\": \(n)}" }
            try await peer.produce(
                [
                    AvroProducerPeer.Record.avro(Self.v1, "{\"id\": 1, \"name\": \"a\", \"note\": null}")
                        .withAvroKey(Self.keySchema, key("x", 1)),
                    AvroProducerPeer.Record.avro(Self.v1, "{\"id\": 2, \"name\": \"b\", \"note\": null}")
                        .withAvroKey(Self.keySchema, key("x", 2)),
                    AvroProducerPeer.Record.avro(Self.v1, "{\"id\": 3, \"name\": \"c\", \"note\": null}")
                        .withAvroKey(Self.keySchema, key("y", 1)),
                    AvroProducerPeer.Record.avro(Self.v1, "{\"id\": 4, \"name\": \"a2\", \"note\": \"v\"}")
                        .withAvroKey(Self.keySchema, key("x", 1)),
                    AvroProducerPeer.Record.raw([0x00], key: "not avro"),
                ], topic: "keyed", createPartitions: 1)
            try await bed.sql(
                """
                CREATE SOURCE keyed FROM KAFKA CONNECTION kafka_conn (TOPIC 'keyed')
                    KEY FORMAT \(Self.avro) VALUE FORMAT \(Self.avro) ENVELOPE UPSERT;
                """)
            try await bed.waitFor("SELECT count(*) FROM keyed_errors;", toBe: "1\n")
            #expect(
                try await bed.rows("SHOW COLUMNS FROM keyed;")
                    == [
                        ["tenant", "f", "text"], ["n", "f", "integer"], ["id", "f", "bigint"], ["name", "f", "text"],
                        ["note", "t", "text"],
                    ])
            #expect(
                try await bed.rows("SELECT tenant, n, id, name, note FROM keyed ORDER BY tenant, n;")
                    == [["x", "1", "4", "a2", "v"], ["x", "2", "2", "b", nil], ["y", "1", "3", "c", nil]])
            let reason = try await bed.rows("SELECT reason FROM keyed_errors;").first?.first ?? nil
            #expect(reason?.hasPrefix("key: not Confluent-framed Avro") == true, "\(String(describing: reason))")
        }
    }

    @Test func missingSubjectIsRefusedWithTheSubjectName() async throws {
        try await Self.withBed { peer, _, bed in
            try await LibrdkafkaPeer(bootstrap: peer.bootstrap).createTopic("plain", partitions: 1)
            let failure = try await bed.failingSQL(
                "CREATE SOURCE plain FROM KAFKA CONNECTION kafka_conn (TOPIC 'plain') FORMAT \(Self.avro);")
            #expect(failure.contains("42704") && failure.contains("plain-value"), "\(failure)")
            #expect(try await bed.rows("SELECT count(*) FROM mz_sources WHERE name = 'plain';") == [["0"]])
            let key = try await bed.failingSQL(
                "CREATE SOURCE plain FROM KAFKA CONNECTION kafka_conn (TOPIC 'plain') KEY FORMAT \(Self.avro) VALUE FORMAT TEXT;"
            )
            #expect(key.contains("42704") && key.contains("plain-key"), "\(key)")
        }
    }
}
