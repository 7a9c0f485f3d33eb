import Foundation
import GRDB
import NIOCore
import SQL
import Testing

@testable import Storage

/// The SQLite store against a real database file: rows and offsets commit together, upserts keep one row per key,
/// a failed commit leaves nothing behind.
@Suite struct SQLiteSourceStoreTests {
    static func layout(upsert: Bool = false) -> SourceLayout {
        let columns =
            upsert
            ? [RelationColumn(name: "key", type: .text, nullable: false), RelationColumn(name: "text", type: .text)]
            : [RelationColumn(name: "text", type: .text), RelationColumn(name: "partition", type: .int4)]
        return SourceLayout(
            sourceID: "u9",
            outputs: [
                OutputLayout(
                    id: "u9", name: "events", columns: columns, keyColumns: upsert ? ["key"] : [],
                    errorsName: "events_errors")
            ], progressName: "events_progress")
    }

    static func store(_ layout: SourceLayout) async throws -> (SQLiteSourceStore, String) {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory() + "inlet-store-\(UUID().uuidString)")
        let storage = SQLiteSourceStorage(dataDirectory: directory)
        let store = try await storage.store(for: layout) as! SQLiteSourceStore
        return (store, SQLiteSourceStorage.path(forSource: layout.sourceID, dataDirectory: directory))
    }

    @Test func rowsErrorsAndOffsetsCommitTogether() async throws {
        let (store, path) = try await Self.store(Self.layout())
        var changes = OutputChanges()
        for index in 0..<150 { changes.append(.insert([.text("r\(index)"), .integer(Int64(index % 2))])) }
        changes.errors.append(
            ErrorRow(partition: 1, offset: 7, key: nil, value: [0xff], reason: "invalid UTF-8 at byte 0"))
        try await store.commit(SourceBatch(outputs: ["u9": changes], offsets: ["u9": [0: 75, 1: 76]]))
        #expect(try await store.offsets() == ["u9": [0: 75, 1: 76]])
        let queue = try DatabaseQueue(path: path)
        try await queue.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM events") == 150)
            #expect(try String.fetchAll(db, sql: "SELECT text FROM events ORDER BY rowid LIMIT 2") == ["r0", "r1"])
            #expect(try String.fetchOne(db, sql: "SELECT reason FROM events_errors") == "invalid UTF-8 at byte 0")
            #expect(try Data.fetchOne(db, sql: "SELECT value FROM events_errors") == Data([0xff]))
            let progress = try Row.fetchAll(db, sql: "SELECT partition, \"offset\" FROM events_progress ORDER BY 1")
            #expect(progress.map { "\($0[0] as String)=\($0[1] as Int64)" } == ["[0,0]=75", "[1,1]=76"])
        }
    }

    @Test func upsertKeepsTheLatestValueAndTombstonesDelete() async throws {
        let (store, path) = try await Self.store(Self.layout(upsert: true))
        let changes = OutputChanges([
            .upsert([.text("a"), .text("1")]), .upsert([.text("b"), .text("1")]), .upsert([.text("a"), .text("2")]),
            .delete([.text("b")]), .upsert([.text("c"), .null]),
        ])
        try await store.commit(SourceBatch(outputs: ["u9": changes], offsets: ["u9": [0: 5]]))
        let queue = try DatabaseQueue(path: path)
        let rows = try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT key, text FROM events ORDER BY key").map {
                "\($0[0] as String)=\(($0[1] as String?) ?? "NULL")"
            }
        }
        #expect(rows == ["a=2", "c=NULL"])
    }

    /// Values still in their record's buffer (what the TEXT and BYTES decoders hand over) are stored as text and
    /// blob; empty ones stay empty rather than NULL, and a buffer's unread prefix is not part of the value.
    @Test func bufferValuesAreStoredAsTextAndBlobs() async throws {
        let (store, path) = try await Self.store(Self.layout())
        var sliced = ByteBuffer(string: "skip-héllo")
        sliced.moveReaderIndex(forwardBy: 5)
        var changes = OutputChanges()
        for value in [Datum.textBytes(sliced), .textBytes(ByteBuffer()), .blobBytes(ByteBuffer(bytes: [0, 0xff]))] {
            changes.append(value)
            changes.append(.integer(0))
            changes.endChange(.insert)
        }
        try await store.commit(SourceBatch(outputs: ["u9": changes], offsets: ["u9": [0: 3]]))
        let queue = try DatabaseQueue(path: path)
        let rows = try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT typeof(text), hex(text) FROM events ORDER BY rowid").map {
                "\($0[0] as String):\($0[1] as String)"
            }
        }
        #expect(rows == ["text:68C3A96C6C6F", "text:", "blob:00FF"])
    }

    @Test func aFailedCommitLeavesRowsAndOffsetsAsTheyWere() async throws {
        let (store, path) = try await Self.store(Self.layout())
        let good = OutputChanges([.insert([.text("kept"), .integer(0)])])
        try await store.commit(SourceBatch(outputs: ["u9": good], offsets: ["u9": [0: 1]]))
        let bad = OutputChanges([.insert([.text("lost"), .integer(0)]), .insert([.text("too few values")])])
        await #expect(throws: StorageError.self) {
            try await store.commit(SourceBatch(outputs: ["u9": bad], offsets: ["u9": [0: 3]]))
        }
        #expect(try await store.offsets() == ["u9": [0: 1]])
        let queue = try DatabaseQueue(path: path)
        #expect(try await queue.read { db in try String.fetchAll(db, sql: "SELECT text FROM events") } == ["kept"])
    }

    /// Checkpoints run beside the commits, and the log stays bounded while commits never pause: with small
    /// thresholds, background checkpoints copy pages while the writer goes on, the commit that reaches the
    /// writer's bound waits for one, and the log file never grows past the bound by more than a commit.
    ///
    /// Nothing here depends on timing: the first two commits take the empty log past the background threshold
    /// but not the writer's; every tenth commit (and the last) alone writes more frames than the writer's bound,
    /// so the writer checkpoints then; the last one waits for any running checkpoint, so every event is in.
    @Test func checkpointsRunBesideCommitsAndBoundTheLog() async throws {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory() + "inlet-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("u9.sqlite").path
        let (events, continuation) = AsyncStream.makeStream(of: SQLiteCheckpointer.Checkpoint.self)
        let thresholds = SQLiteCheckpointer.Thresholds(background: 8, writer: 24)
        let store = try SQLiteSourceStore(
            path: path,
            checkpointer: SQLiteCheckpointer(path: path, thresholds: thresholds) { continuation.yield($0) })
        try await store.prepare(Self.layout())

        // Rows of 1,000 bytes: 100 make about 7 pages of 16 KiB, 500 about 32 (past the writer's bound of 24).
        let filler = String(repeating: "x", count: 1000)
        let commits = 60
        var largestLog = 0
        var stored = 0
        for commit in 0..<commits {
            let rows = commit % 10 == 9 || commit == commits - 1 ? 500 : 100
            var changes = OutputChanges()
            for row in 0..<rows { changes.append(.insert([.text("\(commit)-\(row)-" + filler), .integer(0)])) }
            stored += rows
            try await store.commit(SourceBatch(outputs: ["u9": changes], offsets: ["u9": [0: Int64(stored)]]))
            let attributes = try FileManager.default.attributesOfItem(atPath: path + "-wal")
            largestLog = max(largestLog, (attributes[.size] as? Int) ?? 0)
        }
        continuation.finish()
        var background = 0
        var byWriter = 0
        for await event in events {
            if event.byWriter { byWriter += 1 } else { background += 1 }
            #expect(event.checkpointedFrames <= event.logFrames)
        }
        #expect(background > 0)
        #expect(byWriter >= commits / 10)
        // A frame is a page and a 24-byte header, after the log's 32-byte header.
        let largestFrames = (largestLog - 32) / (SQLiteSourceStore.pageSize + 24)
        #expect(largestFrames <= Int(thresholds.writer) + 32 + 10, "the log grew to \(largestFrames) frames")
        #expect(try await store.offsets() == ["u9": [0: Int64(stored)]])
        let queue = try DatabaseQueue(path: path)
        #expect(try await queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM events") } == stored)
    }

    /// A new source database gets the store's page size; one that exists keeps the page size it was made with
    /// (SQLite cannot change it in WAL mode), and its rows stay readable.
    @Test func newDatabasesGetTheStorePageSizeAndOldOnesKeepTheirs() async throws {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory() + "inlet-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let fresh = directory.appendingPathComponent("u1.sqlite").path
        let store = try SQLiteSourceStore(path: fresh)
        try await store.prepare(Self.layout())
        try await store.commit(SourceBatch(outputs: ["u9": OutputChanges([.insert([.text("a"), .integer(0)])])]))
        #expect(try Self.pageSize(of: fresh) == SQLiteSourceStore.pageSize)

        let old = directory.appendingPathComponent("u2.sqlite").path
        var configuration = Configuration()
        configuration.journalMode = .wal
        try await DatabaseQueue(path: old, configuration: configuration).write { db in
            try db.execute(sql: "CREATE TABLE kept (x INTEGER)")
            try db.execute(sql: "INSERT INTO kept VALUES (1)")
        }
        #expect(try Self.pageSize(of: old) == 4096)
        let reopened = try SQLiteSourceStore(path: old)
        try await reopened.prepare(Self.layout())
        try await reopened.commit(
            SourceBatch(outputs: ["u9": OutputChanges([.insert([.text("b"), .integer(0)])])], offsets: ["u9": [0: 1]]))
        #expect(try Self.pageSize(of: old) == 4096)
        #expect(try await reopened.offsets() == ["u9": [0: 1]])
        #expect(try await DatabaseQueue(path: old).read { db in try Int.fetchOne(db, sql: "SELECT x FROM kept") } == 1)
    }

    private static func pageSize(of path: String) throws -> Int? {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") }
    }
}
