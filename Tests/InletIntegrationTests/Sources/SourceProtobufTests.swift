import Foundation
import InletTestSupport
import Testing

/// `FORMAT PROTOBUF` against records encoded by confluent-kafka's own `ProtobufSerializer` through the registry
/// fixture (`testpeers/schema_registry.py`, which answers `?format=serialized`) into tansu, read back through psql
/// from a real `inlet serve`: every scalar type as its column, nesting, repeated fields, maps, enums, oneof and
/// Timestamp; a file's second message; an import registered as a reference; writers evolving under the pinned
/// descriptors; `USING SCHEMA` with protoc's FileDescriptorSet; and bad records in the errors relation.
@Suite(.timeLimit(.minutes(4))) struct SourceProtobufTests {
    static func withBed(_ body: (ProtobufProducerPeer, SourceTestBed) async throws -> Void) async throws {
        try await withTansu { tansu in
            let registry = try await SchemaRegistryFixture.start(user: "alice:s3cret")
            let peer = ProtobufProducerPeer(bootstrap: tansu.bootstrap, registry: registry.url, user: "alice:s3cret")
            let bed = try await SourceTestBed.start()
            do {
                try await bed.sql(
                    """
                    CREATE CONNECTION kafka_conn TO KAFKA (BROKER '\(tansu.bootstrap)');
                    CREATE SECRET csr_password AS 's3cret';
                    CREATE CONNECTION csr TO CONFLUENT SCHEMA REGISTRY (
                        URL '\(registry.url)', USERNAME = 'alice', PASSWORD = SECRET csr_password);
                    """)
                try await body(peer, bed)
            } catch {
                try? await bed.stop()
                await registry.stop()
                throw error
            }
            try await bed.stop()
            await registry.stop()
        }
    }

    static let protobuf = "PROTOBUF USING CONFLUENT SCHEMA REGISTRY CONNECTION csr"

    static let every = ProtobufProducerPeer.Protos(
        [
            "every.proto": """
            syntax = "proto3";
            package inlet.test;
            import "google/protobuf/timestamp.proto";
            enum Color { COLOR_UNSPECIFIED = 0; RED = 1; GREEN = 2; }
            message Every {
              double f_double = 1; float f_float = 2; int64 f_int64 = 3; uint64 f_uint64 = 4; int32 f_int32 = 5;
              fixed64 f_fixed64 = 6; fixed32 f_fixed32 = 7; bool f_bool = 8; string f_string = 9; bytes f_bytes = 10;
              uint32 f_uint32 = 11; sfixed32 f_sfixed32 = 12; sfixed64 f_sfixed64 = 13; sint32 f_sint32 = 14;
              sint64 f_sint64 = 15; Color color = 16; optional int32 maybe = 17;
              Point origin = 18; repeated Point points = 19; repeated int32 packed = 20;
              map<string, int32> counts = 21;
              oneof choice { string word = 22; int64 number = 23; }
              google.protobuf.Timestamp at = 24; repeated Color colors = 25;
            }
            message Point { int32 x = 1; int32 y = 2; }
            """
        ], main: "every.proto")

    @Test func everyScalarTypeAndNestedValuesBecomeTheirColumns() async throws {
        try await Self.withBed { peer, bed in
            let first = """
                {"fDouble": 1e-05, "fFloat": 3.25, "fInt64": "-9223372036854775808",
                 "fUint64": "18446744073709551615", "fInt32": -2147483648, "fFixed64": "18446744073709551615",
                 "fFixed32": 4294967295, "fBool": true, "fString": "héllo ✓", "fBytes": "AAH/", "fUint32": 4294967295,
                 "fSfixed32": -7, "fSfixed64": "-8", "fSint32": -9, "fSint64": "-10", "color": "GREEN", "maybe": 0,
                 "origin": {"x": 1, "y": -2}, "points": [{"x": 3}, {"y": 4}], "packed": [1, -1, 300],
                 "counts": {"b": 2, "a": 1}, "word": "w", "at": "2024-03-01T12:30:05.123456789Z",
                 "colors": ["RED", "GREEN"]}
                """
            try await peer.produce(
                [.message(Self.every, "inlet.test.Every", first), .message(Self.every, "inlet.test.Every", "{}")],
                topic: "every", createPartitions: 1)
            try await bed.sql(
                "CREATE SOURCE every FROM KAFKA CONNECTION kafka_conn (TOPIC 'every') FORMAT \(Self.protobuf);")
            try await bed.waitFor("SELECT count(*) FROM every;", toBe: "2\n")
            #expect(
                try await bed.rows("SHOW COLUMNS FROM every;")
                    == [
                        ["f_double", "f", "double precision"], ["f_float", "f", "real"], ["f_int64", "f", "bigint"],
                        ["f_uint64", "f", "numeric"], ["f_int32", "f", "integer"], ["f_fixed64", "f", "numeric"],
                        ["f_fixed32", "f", "bigint"], ["f_bool", "f", "boolean"], ["f_string", "f", "text"],
                        ["f_bytes", "f", "bytea"], ["f_uint32", "f", "bigint"], ["f_sfixed32", "f", "integer"],
                        ["f_sfixed64", "f", "bigint"], ["f_sint32", "f", "integer"], ["f_sint64", "f", "bigint"],
                        ["color", "f", "text"], ["maybe", "t", "integer"], ["origin", "t", "jsonb"],
                        ["points", "f", "jsonb"], ["packed", "f", "jsonb"], ["counts", "f", "jsonb"],
                        ["word", "t", "text"], ["number", "t", "bigint"], ["at", "t", "timestamp with time zone"],
                        ["colors", "f", "jsonb"],
                    ])
            #expect(
                try await bed.resultTypes(
                    "SELECT f_double, f_float, f_int64, f_uint64, f_int32, f_bool, f_string, f_bytes, origin, at FROM every"
                ).map(\.oid) == [701, 700, 20, 1700, 23, 16, 25, 17, 3802, 1184])
            let rows = try await bed.rows("SELECT * FROM every ORDER BY f_int32;")
            #expect(
                rows.first
                    == [
                        "1e-05", "3.25", "-9223372036854775808", "18446744073709551615", "-2147483648",
                        "18446744073709551615", "4294967295", "t", "héllo ✓", "\\x0001ff", "4294967295", "-7", "-8",
                        "-9", "-10", "GREEN", "0", "{\"x\": 1, \"y\": -2}",
                        "[{\"x\": 3, \"y\": 0}, {\"x\": 0, \"y\": 4}]",
                        "[1, -1, 300]", "{\"a\": 1, \"b\": 2}", "w", nil, "2024-03-01 12:30:05.123456+00",
                        "[\"RED\", \"GREEN\"]",
                    ], "\(rows)")
            #expect(
                rows.last
                    == [
                        "0", "0", "0", "0", "0", "0", "0", "f", "", "\\x", "0", "0", "0", "0", "0", "COLOR_UNSPECIFIED",
                        nil, nil, "[]", "[]", "{}", nil, nil, nil, "[]",
                    ], "\(rows)")
            #expect(try await bed.rows("SELECT f_int32 FROM every WHERE f_bool AND f_int64 < 0;") == [["-2147483648"]])
            #expect(try await bed.sql("SELECT count(*) FROM every_errors;") == "0\n")
            #expect(
                try await bed.rows("SELECT key_format, value_format FROM mz_sources WHERE name = 'every';")
                    == [[nil, "protobuf"]])
        }
    }

    static let common = """
        syntax = "proto3";
        package common;
        message Money { string currency = 1; int64 units = 2; }
        """

    static func shop(refundExtra: String = "") -> ProtobufProducerPeer.Protos {
        ProtobufProducerPeer.Protos(
            [
                "common.proto": common,
                "shop.proto": """
                syntax = "proto3";
                package shop;
                import "common.proto";
                message Order { int64 id = 1; common.Money total = 2; }
                message Refund { int64 order = 1; common.Money amount = 2;\(refundExtra) }
                """,
            ], main: "shop.proto")
    }

    @Test func secondMessageReferencesAndEvolutionUnderThePin() async throws {
        try await Self.withBed { peer, bed in
            let v1 = Self.shop()
            let v2 = Self.shop(refundExtra: " string reason = 3;")
            try await peer.produce(
                [
                    .message(v1, "shop.Refund", #"{"order": 1, "amount": {"currency": "EUR", "units": "5"}}"#),
                    .message(v1, "shop.Refund", #"{"order": 2}"#),
                ], topic: "refunds", createPartitions: 1)
            try await bed.sql(
                """
                CREATE SOURCE src FROM KAFKA CONNECTION kafka_conn (TOPIC 'refunds');
                CREATE TABLE refunds FROM SOURCE src (REFERENCE "refunds")
                    FORMAT PROTOBUF MESSAGE 'shop.Refund' USING CONFLUENT SCHEMA REGISTRY CONNECTION csr;
                CREATE TABLE orders FROM SOURCE src (REFERENCE "refunds") FORMAT \(Self.protobuf);
                """)
            try await bed.waitFor("SELECT count(*) FROM refunds;", toBe: "2\n")
            #expect(
                try await bed.rows("SHOW COLUMNS FROM refunds;")
                    == [["order", "f", "bigint"], ["amount", "t", "jsonb"]])
            // The file's first message is the default: these records are the second one, so they are errors there.
            try await bed.waitFor("SELECT count(*) FROM orders_errors;", toBe: "2\n")
            let wrong = try await bed.rows("SELECT reason FROM orders_errors;").first?.first ?? nil
            #expect(wrong?.contains("the record is a shop.Refund (message index [1]") == true, "\(wrong ?? "")")
            #expect(wrong?.contains("MESSAGE 'shop.Refund'") == true, "\(wrong ?? "")")

            // A newer writer adds a field: a new schema id, read with the pinned descriptors (the field is skipped).
            let (ids, _) = try await peer.produce(
                [
                    .message(v2, "shop.Refund", #"{"order": 3, "reason": "late", "amount": {"units": "-2"}}"#),
                    .message(v1, "shop.Order", #"{"id": 9}"#),
                    .message(v1, "shop.Refund", #"{"order": 4}"#),
                ], topic: "refunds")
            #expect(ids[0] != ids[2], "\(ids)")
            try await bed.waitFor("SELECT count(*) FROM refunds;", toBe: "4\n")
            #expect(
                try await bed.rows("SELECT \"order\", amount FROM refunds ORDER BY \"order\";")
                    == [
                        ["1", "{\"units\": 5, \"currency\": \"EUR\"}"], ["2", nil],
                        ["3", "{\"units\": -2, \"currency\": \"\"}"], ["4", nil],
                    ])
            let orderError = try await bed.rows("SELECT \"offset\", reason FROM refunds_errors;")
            #expect(orderError.count == 1 && orderError[0][0] == "3", "\(orderError)")
            #expect(orderError.first?[1]?.contains("the record is a shop.Order (message index [0]") == true)

            // A relation made later pins the newer version, with the added column.
            try await bed.sql(
                """
                CREATE TABLE refunds_v2 FROM SOURCE src (REFERENCE "refunds")
                    FORMAT PROTOBUF MESSAGE 'shop.Refund' USING CONFLUENT SCHEMA REGISTRY CONNECTION csr;
                """)
            try await bed.waitFor("SELECT count(*) FROM refunds_v2;", toBe: "4\n")
            #expect(
                try await bed.rows("SELECT \"order\", reason FROM refunds_v2 ORDER BY \"order\";")
                    == [["1", ""], ["2", ""], ["3", "late"], ["4", ""]])
            try await bed.restart()
            #expect(
                try await bed.rows("SHOW COLUMNS FROM refunds;")
                    == [["order", "f", "bigint"], ["amount", "t", "jsonb"]])
            let drop = try await bed.failingSQL("DROP CONNECTION csr;")
            #expect(drop.contains("2BP01"), "\(drop)")
        }
    }

    @Test func malformedRecordsGoToTheErrorsRelation() async throws {
        try await Self.withBed { peer, bed in
            let v1 = Self.shop()
            let (ids, values) = try await peer.produce(
                [.message(v1, "shop.Order", #"{"id": 1, "total": {"currency": "USD", "units": "3"}}"#, key: "k1")],
                topic: "orders", createPartitions: 1)
            let id = UInt8(ids[0]!)
            let good = values[0]!
            try await bed.sql(
                """
                CREATE SOURCE orders FROM KAFKA CONNECTION kafka_conn (TOPIC 'orders')
                    KEY FORMAT TEXT VALUE FORMAT \(Self.protobuf) INCLUDE KEY;
                """)
            try await bed.waitFor("SELECT count(*) FROM orders;", toBe: "1\n")
            try await peer.produce(
                [
                    .raw([0, 0, 0, 0x27, 0x0F, 0, 0x08, 0x01], key: "unknown id"),
                    .raw([1, 0, 0, 0, id, 0, 0x08, 0x01], key: "magic"),
                    .raw([0, 0, 0, 0, id, 0x02, 0x0A, 0x08, 0x01], key: "index"),
                    .raw(Array(good.dropLast()), key: "truncated"),
                    .raw([0, 0, 0, 0, id, 0, 0x0B], key: "group"),
                    .raw([0, 0], key: "short"),
                    .message(v1, "shop.Order", #"{"id": 2}"#, key: "k2"),
                ], topic: "orders")
            try await bed.waitFor("SELECT count(*) FROM orders;", toBe: "2\n")
            #expect(
                try await bed.rows("SELECT key, id, total FROM orders ORDER BY id;")
                    == [["k1", "1", "{\"units\": 3, \"currency\": \"USD\"}"], ["k2", "2", nil]])
            let errors = try await bed.rows("SELECT key, reason FROM orders_errors ORDER BY \"offset\";")
            #expect(errors.count == 6, "\(errors)")
            let reasons = errors.map { $0[1] ?? "" }
            #expect(reasons[0].contains("writer schema id 9999") && reasons[0].contains("404"), "\(reasons[0])")
            #expect(reasons[1].contains("not the magic byte 0"), "\(reasons[1])")
            #expect(reasons[2].contains("message index [5] names no message"), "\(reasons[2])")
            #expect(reasons[3].contains("truncated Protobuf"), "\(reasons[3])")
            #expect(reasons[4].contains("groups are not supported"), "\(reasons[4])")
            #expect(reasons[5].contains("fewer than the 6"), "\(reasons[5])")
            try await bed.waitForDecodeErrors("orders", 6)
        }
    }

    @Test func usingSchemaReadsBareMessagesWithProtocsDescriptorSet() async throws {
        try await Self.withBed { peer, bed in
            let literal = try await ProtobufProducerPeer.descriptorSetLiteral(Self.shop())
            let first = try await ProtobufProducerPeer.encode(
                Self.shop(), "shop.Order", #"{"id": 7, "total": {"currency": "CHF", "units": "11"}}"#)
            try await peer.produce(
                [.raw(first), .raw([0x08]), .raw([0x08, 0x00])], topic: "bare", createPartitions: 1)
            try await bed.sql(
                """
                CREATE SOURCE bare FROM KAFKA CONNECTION kafka_conn (TOPIC 'bare')
                    FORMAT PROTOBUF MESSAGE '.shop.Order' USING SCHEMA '\(literal)';
                """)
            try await bed.waitFor("SELECT count(*) FROM bare;", toBe: "2\n")
            #expect(
                try await bed.rows("SELECT id, total FROM bare ORDER BY id;")
                    == [["0", nil], ["7", "{\"units\": 11, \"currency\": \"CHF\"}"]])
            #expect(
                try await bed.rows("SELECT reason FROM bare_errors;").first?.first??.contains("truncated Protobuf")
                    == true)
            let shown = try await bed.rows("SHOW CREATE SOURCE bare;").first?[1] ?? ""
            #expect(shown.contains("shop.Order' USING SCHEMA '\\x"), "\(shown.prefix(300))")

            let missing = try await bed.failingSQL(
                "CREATE SOURCE m FROM KAFKA CONNECTION kafka_conn (TOPIC 'bare') FORMAT PROTOBUF MESSAGE 'shop.Nope' "
                    + "USING SCHEMA '\(literal)';")
            #expect(missing.contains("22023") && missing.contains("no message shop.Nope"), "\(missing)")
            let garbage = try await bed.failingSQL(
                "CREATE SOURCE g FROM KAFKA CONNECTION kafka_conn (TOPIC 'bare') FORMAT PROTOBUF MESSAGE 'a.B' "
                    + "USING SCHEMA '\\xffff';")
            #expect(garbage.contains("22023") && garbage.contains("FileDescriptorSet"), "\(garbage)")
            let hex = try await bed.failingSQL(
                "CREATE SOURCE h FROM KAFKA CONNECTION kafka_conn (TOPIC 'bare') FORMAT PROTOBUF MESSAGE 'a.B' "
                    + "USING SCHEMA 'not hex';")
            #expect(hex.contains("22023") && hex.contains("descriptor_set_out"), "\(hex)")
            let noMessage = try await bed.failingSQL(
                "CREATE SOURCE n FROM KAFKA CONNECTION kafka_conn (TOPIC 'bare') FORMAT PROTOBUF USING SCHEMA '\\x00';")
            #expect(noMessage.contains("42601") && noMessage.contains("MESSAGE"), "\(noMessage)")
        }
    }

    @Test func upsertByProtobufKey() async throws {
        try await Self.withBed { peer, bed in
            let protos = ProtobufProducerPeer.Protos(
                [
                    "kv.proto": """
                    syntax = "proto3";
                    package kv;
                    message Key { string tenant = 1; int32 n = 2; }
                    message Value { string name = 1; }
                    """
                ], main: "kv.proto")
            func record(_ tenant: String, _ n: Int, _ name: String) -> ProtobufProducerPeer.Record {
                ProtobufProducerPeer.Record.message(protos, "kv.Value", "{\"name\": \"\(name)\"}")
                    .withKey("kv.Key", "{\"tenant\": \"\(tenant)\", \"n\": \(n)}")
            }
            try await peer.produce(
                [record("x", 1, "a"), record("x", 2, "b"), record("x", 1, "a2")], topic: "kv", createPartitions: 1)
            try await bed.sql(
                """
                CREATE SOURCE kv FROM KAFKA CONNECTION kafka_conn (TOPIC 'kv')
                    KEY FORMAT PROTOBUF MESSAGE 'kv.Key' USING CONFLUENT SCHEMA REGISTRY CONNECTION csr
                    VALUE FORMAT PROTOBUF MESSAGE 'kv.Value' USING CONFLUENT SCHEMA REGISTRY CONNECTION csr
                    ENVELOPE UPSERT;
                """)
            try await bed.waitFor("SELECT count(*) FROM kv;", toBe: "2\n")
            #expect(
                try await bed.rows("SHOW COLUMNS FROM kv;")
                    == [["tenant", "f", "text"], ["n", "f", "integer"], ["name", "f", "text"]])
            try await bed.waitFor("SELECT name FROM kv WHERE n = 1;", toBe: "a2\n")
            #expect(
                try await bed.rows("SELECT tenant, n, name FROM kv ORDER BY n;") == [
                    ["x", "1", "a2"], ["x", "2", "b"],
                ])
        }
    }
}
