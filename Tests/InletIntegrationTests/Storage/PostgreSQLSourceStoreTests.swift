import Foundation
import InletTestSupport
import PostgreSQLStorage
import Storage
import Testing

/// The PostgreSQL store against a real PostgreSQL 15: every column type and COPY's escapes, UPSERT and tombstones,
/// errors, and the fence that refuses a second writer's commit from offsets that are no longer stored.
@Suite("PostgreSQL source store", .timeLimit(.minutes(3)))
struct PostgreSQLSourceStoreTests {
    @Test func rowsOfEveryTypeAndErrorsLandInTheSourceSchema() async throws {
        try await withPostgreSQL { server in
            try await withPostgreSQLStorage(server) { storage in
                let store = try await preparedStore(storage, PostgreSQLStoreLayouts.source("u1"))
                var events = OutputChanges([
                    .insert([
                        .text("tab\there\nnew \\ back"), .blob([0, 1, 0xFE]), .text(#"{"a": [1, "x\ty"]}"#),
                        .integer(3), .integer(41), .text("2024-05-06 07:08:09.5"), .text("1.50"), .integer(1),
                        .real(0.25),
                    ]),
                    .insert([.null, .null, .null, .integer(3), .integer(42), .null, .null, .integer(0), .null]),
                ])
                events.errors = [
                    ErrorRow(partition: 3, offset: 43, key: nil, value: Array("{bad".utf8), reason: "not JSON")
                ]
                try await store.commit(
                    SourceBatch(outputs: ["u2": events], offsets: ["u2": [3: 44]], startOffsets: ["u2": [3: 41]]))
                let rows = try await server.psql(
                    """
                    SELECT text, raw, doc, partition, "offset", at, amount, flag, ratio FROM inlet_u1.events
                    ORDER BY "offset";
                    """)
                #expect(
                    rows
                        == "tab\there\nnew \\ back|\\x0001fe|{\"a\": [1, \"x\\ty\"]}|3|41|2024-05-06 07:08:09.5|1.50|t|0.25\n|||3|42|||f|\n"
                )
                #expect(
                    try await server.psql(
                        "SELECT partition, \"offset\", key IS NULL, convert_from(value, 'UTF8'), reason FROM inlet_u1.events_errors;"
                    ) == "3|43|t|{bad|not JSON\n")
                #expect(try await store.offsets() == ["u2": [3: 44]])
                #expect(
                    try await server.psql("SELECT partition, \"offset\" FROM inlet_u1.events_progress;") == "[3,3]|44\n"
                )
            }
        }
    }

    @Test func upsertKeepsTheLastChangePerKeyAndTombstonesDelete() async throws {
        try await withPostgreSQL { server in
            try await withPostgreSQLStorage(server) { storage in
                let store = try await preparedStore(storage, PostgreSQLStoreLayouts.source("u1"))
                let first = OutputChanges([
                    .upsert([.text("a"), .text("1")]), .upsert([.text("b"), .text("2")]),
                    .upsert([.text("a"), .text("3")]), .delete([.text("b")]), .upsert([.text("c"), .text("4")]),
                ])
                try await store.commit(SourceBatch(outputs: ["u3": first], offsets: ["u3": [0: 5]]))
                #expect(try await server.psql("SELECT key, data FROM inlet_u1.latest ORDER BY key;") == "a|3\nc|4\n")
                let second = OutputChanges([
                    .delete([.text("a")]), .upsert([.text("a"), .text("5")]), .upsert([.text("c"), .text("6")]),
                    .delete([.text("c")]), .upsert([.text("b"), .text("7")]), .delete([.text("zz")]),
                ])
                try await store.commit(
                    SourceBatch(outputs: ["u3": second], offsets: ["u3": [0: 11]], startOffsets: ["u3": [0: 5]]))
                #expect(try await server.psql("SELECT key, data FROM inlet_u1.latest ORDER BY key;") == "a|5\nb|7\n")
                #expect(try await store.offsets() == ["u3": [0: 11]])
            }
        }
    }

    /// Two writers (two storages, as two replicas would have) start from the same stored offsets; the second
    /// commit is refused as fenced and writes nothing.
    @Test func theSecondWriterFromTheSameOffsetsIsFenced() async throws {
        try await withPostgreSQL { server in
            try await withPostgreSQLStorage(server) { first in
                try await withPostgreSQLStorage(server) { second in
                    let layout = PostgreSQLStoreLayouts.source("u1")
                    let one = try await preparedStore(first, layout)
                    let two = try await preparedStore(second, layout)
                    try await one.commit(SourceBatch(outputs: ["u2": Self.rows(0..<10)], offsets: ["u2": [0: 10]]))
                    #expect(try await one.offsets() == ["u2": [0: 10]])
                    #expect(try await two.offsets() == ["u2": [0: 10]])
                    try await one.commit(Self.batch(10..<20))
                    let refused = await #expect(throws: StorageError.self) { try await two.commit(Self.batch(10..<20)) }
                    #expect(refused?.isFenced == true)
                    #expect(refused?.message.contains("another writer") == true, "\(refused?.message ?? "")")
                    #expect(
                        try await server.psql("SELECT count(*), count(DISTINCT \"offset\") FROM inlet_u1.events;")
                            == "20|20\n")
                    // The refused writer re-reads the offsets and carries on from them.
                    let resumed = try await two.offsets()
                    #expect(resumed == ["u2": [0: 20]])
                    try await two.commit(Self.batch(20..<25))
                    #expect(
                        try await server.psql("SELECT count(*), max(\"offset\") FROM inlet_u1.events;") == "25|24\n")
                }
            }
        }
    }

    /// The race itself, ordered by the fence hook: writer A passes the fence and waits; writer B commits the same
    /// range meanwhile (its first offsets for the partition); A then goes on and is refused, and only B's rows are
    /// stored.
    @Test func aWriterThatPausedAfterTheFenceIsRefused() async throws {
        let reached = TestGate()
        let release = TestGate()
        try await withPostgreSQL { server in
            try await withPostgreSQLStorage(
                server,
                afterFence: { _ in
                    reached.open()
                    await release.wait()
                }
            ) { paused in
                try await withPostgreSQLStorage(server) { other in
                    let layout = PostgreSQLStoreLayouts.source("u1")
                    let a = try await preparedStore(paused, layout)
                    let b = try await preparedStore(other, layout)
                    let commitA = Task { try await a.commit(Self.batch(0..<10)) }
                    await reached.wait()
                    try await b.commit(Self.batch(0..<10))
                    release.open()
                    let refused = await #expect(throws: StorageError.self) { try await commitA.value }
                    #expect(refused?.isFenced == true, "\(refused?.message ?? "")")
                    #expect(
                        try await server.psql("SELECT count(*), count(DISTINCT \"offset\") FROM inlet_u1.events;")
                            == "10|10\n")
                    #expect(try await b.offsets() == ["u2": [0: 10]])
                }
            }
        }
    }

    static func rows(_ offsets: Range<Int>) -> OutputChanges {
        OutputChanges(
            offsets.map { offset in
                .insert([
                    .text("r\(offset)"), .null, .null, .integer(0), .integer(Int64(offset)), .null, .null, .null, .null,
                ])
            })
    }

    static func batch(_ offsets: Range<Int>) -> SourceBatch {
        SourceBatch(
            outputs: ["u2": rows(offsets)], offsets: ["u2": [0: Int64(offsets.upperBound)]],
            startOffsets: ["u2": [0: Int64(offsets.lowerBound)]])
    }
}
