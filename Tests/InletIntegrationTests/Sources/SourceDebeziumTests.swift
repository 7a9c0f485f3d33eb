import Foundation
import InletTestSupport
import Testing

/// `ENVELOPE DEBEZIUM` against change events shaped as Debezium's PostgreSQL connector writes them with the Avro
/// converter (envelope and key records encoded by confluent-kafka's own `AvroSerializer`, through the registry
/// fixture, `testpeers/debezium_produce.py`), read back through psql from a real `inlet serve`: inserts, snapshot
/// reads, updates, deletes and tombstones; malformed events in the errors relation; a random sequence over many
/// keys against a model while the row's schema gains a column.
@Suite(.timeLimit(.minutes(5))) struct SourceDebeziumTests {
    static func withBed(_ body: (DebeziumProducerPeer, SourceTestBed) async throws -> Void) async throws {
        try await SourceAvroTests.withBed { avroPeer, registry, bed in
            let peer = DebeziumProducerPeer(bootstrap: avroPeer.bootstrap, registry: registry.url, user: "alice:s3cret")
            try await body(peer, bed)
        }
    }

    static let avro = SourceAvroTests.avro
    static let v1 = """
        [{"name": "id", "type": "long"}, {"name": "name", "type": "string"},
         {"name": "balance", "type": ["null", "double"], "default": null}]
        """
    /// v1 with a column added (with a default), as `ALTER TABLE customers ADD COLUMN tier int NOT NULL DEFAULT 0`
    /// makes Debezium write.
    static let v2 = """
        [{"name": "id", "type": "long"}, {"name": "name", "type": "string"},
         {"name": "balance", "type": ["null", "double"], "default": null},
         {"name": "tier", "type": "int", "default": 0}]
        """
    static let key = ["id"]

    static func row(_ id: Int, _ name: String, _ balance: Double?, tier: Int? = nil) -> String {
        var text = "{\"id\": \(id), \"name\": \"\(name)\", \"balance\": \(balance.map { "\($0)" } ?? "null")"
        if let tier { text += ", \"tier\": \(tier)" }
        return text + "}"
    }

    @Test func insertsUpdatesDeletesAndTombstonesByTheRecordKey() async throws {
        try await Self.withBed { peer, bed in
            typealias Event = DebeziumProducerPeer.Event
            let (v1, key) = (Self.v1, Self.key)
            func change(_ op: String, _ after: String, before: String? = nil) -> Event {
                .change(op, after: after, before: before, rowFields: v1, key: key)
            }
            func withKey(_ event: Event, _ id: Int) -> Event {
                var event = event
                event.body["keyValue"] = "{\"id\": \(id)}"
                return event
            }
            let events: [Event] = [
                change("c", Self.row(1, "ann", 10.5)),
                change("c", Self.row(2, "bob", nil)),
                change("r", Self.row(3, "cy", 1.25)),
                change("u", Self.row(2, "bobby", 7.5), before: Self.row(2, "bob", nil)),
                .delete(before: Self.row(1, "ann", 10.5), rowFields: v1, key: key),
                .tombstone(key: "{\"id\": 1}", rowFields: v1, key: key),
                change("c", Self.row(4, "dee", nil)),
                // Offsets 7 to 11 are malformed: not framed, op c without a row, a truncate, no key, and an after
                // row whose id is not the record key's.
                .raw(Array("{\"id\": 5}".utf8), key: "{\"id\": 5}", rowFields: v1, key: key),
                withKey(Event(rowFields: v1, key: key, body: ["op": "c", "after": "null", "before": "null"]), 6),
                withKey(Event(rowFields: v1, key: key, body: ["op": "t", "after": "null", "before": "null"]), 3),
                change("c", Self.row(7, "eve", nil)).withoutKey,
                withKey(change("c", Self.row(8, "fay", nil)), 9),
                .tombstone(key: "{\"id\": 3}", rowFields: v1, key: key),
                change("u", Self.row(4, "dee2", nil), before: Self.row(4, "dee", nil)),
                .delete(before: Self.row(99, "nobody", nil), rowFields: v1, key: key),
            ]
            try await peer.produce(events, topic: "dbz", createPartitions: 1)
            try await bed.sql(
                "CREATE SOURCE dbz FROM KAFKA CONNECTION kafka_conn (TOPIC 'dbz') FORMAT \(Self.avro) ENVELOPE DEBEZIUM;"
            )
            try await bed.waitFor("SELECT \"offset\" FROM dbz_progress;", toBe: "\(events.count)\n")
            #expect(
                try await bed.rows("SHOW COLUMNS FROM dbz;")
                    == [["id", "f", "bigint"], ["name", "f", "text"], ["balance", "t", "double precision"]])
            #expect(
                try await bed.rows("SELECT id, name, balance FROM dbz ORDER BY id;")
                    == [["2", "bobby", "7.5"], ["4", "dee2", nil]])
            let errors = try await bed.rows("SELECT \"offset\", reason FROM dbz_errors ORDER BY \"offset\";")
            #expect(errors.map { $0[0] } == ["7", "8", "9", "10", "11"], "\(errors)")
            let reasons = errors.map { $0[1] ?? "" }
            #expect(reasons.first?.contains("not the magic byte 0") == true, "\(reasons)")
            #expect(reasons.dropFirst().first?.contains("op c has no row") == true, "\(reasons)")
            #expect(reasons.dropFirst(2).first?.contains("op 't' is not c, r, u or d") == true, "\(reasons)")
            #expect(reasons.dropFirst(3).first?.contains("null key") == true, "\(reasons)")
            #expect(reasons.dropFirst(4).first?.contains("after row's id is not the record key's") == true)
            try await bed.waitForDecodeErrors("dbz", 5)

            let shown = try await bed.rows("SHOW CREATE SOURCE dbz;").first?[1] ?? nil
            #expect(
                shown?.hasSuffix(
                    "FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION materialize.public.csr ENVELOPE DEBEZIUM")
                    == true, "\(String(describing: shown))")
            #expect(
                try await bed.rows("SELECT envelope_type, key_format, value_format FROM mz_sources WHERE name = 'dbz';")
                    == [["debezium", "avro", "avro"]])

            // Across a restart the pinned envelope and key still apply.
            try await bed.restart()
            try await peer.produce(
                [
                    change("u", Self.row(2, "bob3", 1.5), before: Self.row(2, "bobby", 7.5)),
                    .delete(before: Self.row(4, "dee2", nil), rowFields: v1, key: key),
                ], topic: "dbz")
            try await bed.waitFor("SELECT \"offset\" FROM dbz_progress;", toBe: "\(events.count + 2)\n")
            #expect(try await bed.rows("SELECT id, name, balance FROM dbz ORDER BY id;") == [["2", "bob3", "1.5"]])

            // Refusals: a format other than Avro, a key that is not Avro, INCLUDE KEY, a value that is no envelope,
            // a topic without a key schema.
            let head = "CREATE SOURCE bad FROM KAFKA CONNECTION kafka_conn (TOPIC 'dbz')"
            let text = try await bed.failingSQL("\(head) KEY FORMAT TEXT VALUE FORMAT TEXT ENVELOPE DEBEZIUM;")
            #expect(text.contains("0A000") && text.contains("ENVELOPE DEBEZIUM with VALUE FORMAT TEXT"), "\(text)")
            let textKey = try await bed.failingSQL(
                "\(head) KEY FORMAT TEXT VALUE FORMAT \(Self.avro) ENVELOPE DEBEZIUM;")
            #expect(textKey.contains("22023") && textKey.contains("Avro key"), "\(textKey)")
            let include = try await bed.failingSQL("\(head) FORMAT \(Self.avro) INCLUDE KEY ENVELOPE DEBEZIUM;")
            #expect(include.contains("0A000") && include.contains("INCLUDE KEY"), "\(include)")
            try await AvroProducerPeer(bootstrap: peer.bootstrap, registry: peer.registry, user: peer.user).produce(
                [
                    .avro(SourceAvroTests.v1, "{\"id\": 1, \"name\": \"one\", \"note\": null}")
                        .withAvroKey(SourceAvroTests.keySchema, "{\"tenant\": \"x\", \"n\": 1}")
                ], topic: "plain", createPartitions: 1)
            let plain = try await bed.failingSQL(
                "CREATE SOURCE plain FROM KAFKA CONNECTION kafka_conn (TOPIC 'plain') FORMAT \(Self.avro) ENVELOPE DEBEZIUM;"
            )
            #expect(plain.contains("not a Debezium envelope") && plain.contains("plain-value"), "\(plain)")
            // Envelopes without keys: no nokey-key subject.
            try await peer.produce(
                [change("c", Self.row(1, "ann", nil)).withoutKey], topic: "nokey", createPartitions: 1)
            let noKey = try await bed.failingSQL(
                "CREATE SOURCE nokey FROM KAFKA CONNECTION kafka_conn (TOPIC 'nokey') FORMAT \(Self.avro) ENVELOPE DEBEZIUM;"
            )
            #expect(noKey.contains("42704") && noKey.contains("nokey-key"), "\(noKey)")
        }
    }

    /// The model of the table: id → (name, balance, tier).
    struct Model {
        var rows: [Int: (name: String, balance: Double?, tier: Int)] = [:]
    }

    /// A random sequence of inserts, snapshot reads, updates, deletes (with or without their tombstone) and bare
    /// tombstones over `keys` keys, applied to `model` as Debezium's consumer must apply them.
    static func randomEvents(
        count: Int, keys: Int, rowFields: String, tier: Int?, model: inout Model,
        random: inout some RandomNumberGenerator
    ) -> [DebeziumProducerPeer.Event] {
        var events: [DebeziumProducerPeer.Event] = []
        for sequence in 0..<count {
            let id = Int.random(in: 1...keys, using: &random)
            let name = "n\(sequence)"
            let balance: Double? =
                Bool.random(using: &random) ? nil : Double(Int.random(in: 0..<1000, using: &random)) + 0.5
            let row = Self.row(id, name, balance, tier: tier)
            if let old = model.rows[id] {
                let before = Self.row(id, old.name, old.balance, tier: tier.map { _ in old.tier })
                switch Int.random(in: 0..<20, using: &random) {
                case 0..<12:
                    events.append(.change("u", after: row, before: before, rowFields: rowFields, key: key))
                    model.rows[id] = (name, balance, tier ?? 0)
                case 12..<17:
                    events.append(.delete(before: before, rowFields: rowFields, key: key))
                    if Bool.random(using: &random) {
                        events.append(.tombstone(key: "{\"id\": \(id)}", rowFields: rowFields, key: key))
                    }
                    model.rows[id] = nil
                default:
                    events.append(.tombstone(key: "{\"id\": \(id)}", rowFields: rowFields, key: key))
                    model.rows[id] = nil
                }
            } else {
                let op = Bool.random(using: &random) ? "c" : "r"
                events.append(.change(op, after: row, rowFields: rowFields, key: key))
                model.rows[id] = (name, balance, tier ?? 0)
            }
        }
        return events
    }

    static func expected(_ model: Model, withTier: Bool) -> [[String?]] {
        model.rows.keys.sorted().map { id in
            let row = model.rows[id]!
            var columns: [String?] = [String(id), row.name, row.balance.map { "\($0)" }]
            if withTier { columns.append(String(row.tier)) }
            return columns
        }
    }

    @Test func randomChangesOverManyKeysMatchTheModelWhileTheRowGainsAColumn() async throws {
        try await Self.withBed { peer, bed in
            var random = SourceUpsertTests.SeededGenerator(state: 0x1DEB_E21D)
            var model = Model()
            let first = Self.randomEvents(
                count: 1_500, keys: 200, rowFields: Self.v1, tier: nil, model: &model, random: &random)
            try await peer.produce(first, topic: "customers", createPartitions: 1)
            try await bed.sql(
                """
                CREATE SOURCE src FROM KAFKA CONNECTION kafka_conn (TOPIC 'customers');
                CREATE TABLE customers FROM SOURCE src (REFERENCE "customers") FORMAT \(Self.avro) ENVELOPE DEBEZIUM;
                """)
            try await bed.waitFor("SELECT \"offset\" FROM src_progress;", toBe: "\(first.count)\n")
            #expect(
                try await bed.rows("SELECT id, name, balance FROM customers ORDER BY id;")
                    == Self.expected(model, withTier: false))

            // Mid-stream the table gains `tier` (with a default): the writer's new envelope resolves against the
            // pinned one, whose row has no tier, and the events keep applying.
            let second = Self.randomEvents(
                count: 1_500, keys: 200, rowFields: Self.v2, tier: 3, model: &model, random: &random)
            let ids = try await peer.produce(second, topic: "customers")
            #expect(Set(ids.compactMap { $0 }).count == 1, "\(ids)")
            let total = first.count + second.count
            try await bed.waitFor("SELECT \"offset\" FROM src_progress;", toBe: "\(total)\n")
            #expect(
                try await bed.rows("SELECT id, name, balance FROM customers ORDER BY id;")
                    == Self.expected(model, withTier: false))
            #expect(try await bed.sql("SELECT count(*) FROM customers_errors;") == "0\n")

            // A table created now pins the new envelope: rows last written by the old writer take tier's default.
            try await bed.sql(
                "CREATE TABLE customers_v2 FROM SOURCE src FORMAT \(Self.avro) ENVELOPE DEBEZIUM;")
            try await bed.waitFor("SELECT \"offset\" FROM src_progress;", toBe: "\(total)\n")
            try await bed.waitFor("SELECT count(*) FROM customers_v2;", toBe: "\(model.rows.count)\n")
            #expect(
                try await bed.rows("SELECT id, name, balance, tier FROM customers_v2 ORDER BY id;")
                    == Self.expected(model, withTier: true))
        }
    }
}
