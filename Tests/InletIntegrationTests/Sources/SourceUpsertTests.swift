import Foundation
import InletTestSupport
import Testing

/// `ENVELOPE UPSERT` against tansu through the real `inlet serve`: the relation holds the latest value per key and
/// no deleted key, across commits and a restart, as a model computed here says; inline value errors, null keys and
/// the refusal of UPSERT without a key format.
@Suite(.timeLimit(.minutes(3))) struct SourceUpsertTests {
    /// SplitMix64: a seeded generator, so a failing run can be repeated from the seed it prints.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func key(_ index: Int) -> String { "key-" + String(1000 + index).dropFirst() }

    @Test func latestValuePerKeyMatchesTheModel() async throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SeededGenerator(state: seed)
        let keys = 200
        let partitions = 4
        // key → printed jsonb of its latest value; a tombstone removes the key; a bad value changes nothing.
        var model: [String: String] = [:]
        var records: [PeerRecord] = []
        var badValues = 0
        for sequence in 0..<3000 {
            let index = Int.random(in: 0..<keys, using: &random)
            let roll = Int.random(in: 0..<100, using: &random)
            var value: [UInt8]?
            if roll < 15 {
                model[Self.key(index)] = nil
            } else if roll < 17 {
                value = Array("{\"n\": \(sequence),".utf8)
                badValues += 1
            } else {
                value = Array("{\"n\":\(sequence),\"v\":\"x\(sequence)\"}".utf8)
                model[Self.key(index)] = "{\"n\": \(sequence), \"v\": \"x\(sequence)\"}"
            }
            records.append(
                PeerRecord(partition: index % partitions, key: Array(Self.key(index).utf8), value: value))
        }
        // The model after each third of the records, to compare while records keep arriving.
        func modelAfter(_ count: Int) -> [[String?]] {
            var state: [String: String] = [:]
            for record in records.prefix(count) {
                let key = String(decoding: record.key!, as: UTF8.self)
                guard let value = record.value else {
                    state[key] = nil
                    continue
                }
                let text = String(decoding: value, as: UTF8.self)
                guard text.hasSuffix("}") else { continue }
                let sequence = text.dropFirst(5).prefix { $0.isNumber }
                state[key] = "{\"n\": \(sequence), \"v\": \"x\(sequence)\"}"
            }
            return state.sorted { $0.key < $1.key }.map { [$0.key, $0.value] }
        }
        #expect(modelAfter(records.count) == model.sorted { $0.key < $1.key }.map { [$0.key, $0.value] })

        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            try await peer.createTopic("up", partitions: partitions)
            let bed = try await SourceTestBed.start()
            try await bed.sql(
                """
                CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                CREATE SOURCE up FROM KAFKA CONNECTION kafka_conn (TOPIC 'up')
                    KEY FORMAT TEXT VALUE FORMAT JSON ENVELOPE UPSERT;
                """)
            for (part, range) in [0..<1000, 1000..<2000, 2000..<3000].enumerated() {
                try await peer.produce(records: Array(records[range]), topic: "up")
                // Every record so far is committed once the progress offsets add up to their count.
                try await bed.waitFor("SELECT sum(\"offset\") FROM up_progress;", toBe: "\(range.upperBound)\n")
                let rows = try await bed.rows("SELECT key, data FROM up ORDER BY key;")
                #expect(rows == modelAfter(range.upperBound), "seed \(seed), after \(range.upperBound) records")
                if part == 1 { try await bed.restart() }
            }
            #expect(try await bed.sql("SELECT count(*) FROM up;") == "\(model.count)\n", "seed \(seed)")
            #expect(try await bed.sql("SELECT count(*) FROM up_errors;") == "\(badValues)\n", "seed \(seed)")
            #expect(try await bed.rows("SHOW COLUMNS FROM up;") == [["key", "f", "text"], ["data", "f", "jsonb"]])
            #expect(
                try await bed.rows("SELECT envelope_type, key_format, value_format FROM mz_sources WHERE name = 'up';")
                    == [["upsert", "text", "json"]])
            // A key lives in one partition: every partition holds only its own keys.
            #expect(
                try await bed.sql(
                    "SELECT count(*) FROM up_errors WHERE partition != CAST(substr(CAST(key AS TEXT), 5) AS INTEGER) % 4;"
                )
                    == "0\n")
            try await bed.stop()
        }
    }

    @Test func inlineErrorsNullKeysAndTheKeyFormatRule() async throws {
        try await withTansu { tansu in
            let peer = LibrdkafkaPeer(bootstrap: tansu.bootstrap)
            func record(_ key: String?, _ value: String?) -> PeerRecord {
                PeerRecord(partition: 0, key: key.map { Array($0.utf8) }, value: value.map { Array($0.utf8) })
            }
            let records = [
                record("k1", "{\"a\":1}"), record("k2", "{bad"), record("k3", "{\"a\":3}"), record("k3", "[1,"),
                record("k4", "nope"), record("k4", "{\"a\":4}"), record(nil, "{\"a\":0}"), record("k5", "{\"a\":5}"),
                record("k5", nil), record("k6", nil),
            ]
            try await peer.produce(records: records, topic: "upi", createPartitions: 1)
            let bed = try await SourceTestBed.start()
            try await bed.sql(
                """
                CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                CREATE SOURCE upi FROM KAFKA CONNECTION kafka_conn (TOPIC 'upi')
                    KEY FORMAT TEXT VALUE FORMAT JSON ENVELOPE UPSERT (VALUE DECODING ERRORS = INLINE);
                CREATE SOURCE upwhy FROM KAFKA CONNECTION kafka_conn (TOPIC 'upi')
                    KEY FORMAT TEXT VALUE FORMAT JSON INCLUDE OFFSET ENVELOPE UPSERT (VALUE DECODING ERRORS = (INLINE AS why));
                """)
            try await bed.waitFor("SELECT sum(\"offset\") FROM upi_progress;", toBe: "\(records.count)\n")
            let rows = try await bed.rows("SELECT key, error IS NOT NULL, data FROM upi ORDER BY key;")
            #expect(
                rows == [["k1", "f", "{\"a\": 1}"], ["k2", "t", nil], ["k3", "t", nil], ["k4", "f", "{\"a\": 4}"]],
                "\(rows)")
            let reasons = try await bed.rows("SELECT error FROM upi WHERE error IS NOT NULL ORDER BY key;")
            #expect(reasons.count == 2 && reasons.allSatisfy { !($0[0] ?? "").isEmpty }, "\(reasons)")
            // The null key is no row: it is kept in the errors relation with its value.
            let errors = try await bed.rows("SELECT \"offset\", key, value, reason FROM upi_errors;")
            #expect(errors.map { Array($0.prefix(3)) } == [["6", nil, Expected.bytea(Array("{\"a\":0}".utf8))]])
            #expect(errors.first?[3]?.contains("null key") == true, "\(errors)")
            #expect(
                try await bed.rows("SHOW COLUMNS FROM upi;")
                    == [["key", "f", "text"], ["error", "t", "text"], ["data", "t", "jsonb"]])

            try await bed.waitFor("SELECT sum(\"offset\") FROM upwhy_progress;", toBe: "\(records.count)\n")
            #expect(
                try await bed.rows("SELECT key, why IS NULL, \"offset\" FROM upwhy ORDER BY key;")
                    == [["k1", "t", "0"], ["k2", "f", "1"], ["k3", "f", "3"], ["k4", "t", "5"]])
            #expect(
                try await bed.rows("SHOW COLUMNS FROM upwhy;")
                    == [
                        ["key", "f", "text"], ["why", "t", "text"], ["data", "t", "jsonb"], ["offset", "f", "bigint"],
                    ])

            // UPSERT needs to know the key's format; the refusal says what to write.
            let refused = try await bed.failingSQL(
                "CREATE SOURCE nokey FROM KAFKA CONNECTION kafka_conn (TOPIC 'upi') FORMAT JSON ENVELOPE UPSERT;")
            #expect(refused.contains("ERROR:  22023:"), "\(refused)")
            #expect(refused.contains("KEY FORMAT TEXT VALUE FORMAT JSON ENVELOPE UPSERT"), "\(refused)")
            #expect(try await bed.sql("SELECT count(*) FROM mz_sources WHERE name = 'nokey';") == "0\n")
            try await bed.stop()
        }
    }
}
