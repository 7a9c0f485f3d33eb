import GRDB
import GRDBSQLite
import NIOConcurrencyHelpers
import SQL

/// One source's relations in their own SQLite database (WAL, synchronous=NORMAL): a table per relation, its
/// errors table, the progress table and `inlet_offsets`, all written by one commit transaction.
///
/// Rows go in through cached multi-row INSERT statements bound with SQLite's C API straight from the batch's flat
/// value array, which is what keeps the store near SQLite's own insert rate. Checkpoints run beside the commits,
/// on a connection of their own (`SQLiteCheckpointer`).
public final class SQLiteSourceStore: SourceStore {
    let queue: DatabaseQueue
    public let path: String
    /// Rows per multi-row INSERT statement.
    static let rowsPerStatement = 64
    /// The page size of a new source database (an existing one keeps its own). Rows arrive in bulk, and every
    /// byte goes through the write-ahead log and then the checkpoint: at 16 KiB a page carries four times the
    /// rows of SQLite's 4 KiB default for the same per-page work, which cut the store's CPU per row (writer and
    /// checkpoints together) by about a fifth, for NONE and UPSERT alike (docs/sources.md has the figures).
    static let pageSize = 16384

    private let plan = LockedPlan()
    /// The WAL hook of `queue`'s connection points at it; the hook runs only inside this store's commits.
    private let checkpointer: SQLiteCheckpointer

    public convenience init(path: String) throws(StorageError) {
        try self.init(path: path, checkpointer: SQLiteCheckpointer(path: path))
    }

    init(path: String, checkpointer: SQLiteCheckpointer) throws(StorageError) {
        self.path = path
        self.checkpointer = checkpointer
        do {
            var configuration = Configuration()
            configuration.label = "inlet.source-store"
            configuration.journalMode = .wal
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                // Only takes effect while the file is still empty (before the journal mode is set to WAL).
                try db.execute(sql: "PRAGMA page_size = \(Self.pageSize)")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                checkpointer.install(on: db)
            }
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw StorageError("cannot open the source database \(path): \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode)" }
        return "\(error)"
    }

    public func prepare(_ layout: SourceLayout) async throws(StorageError) {
        do {
            try await queue.write { db in
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS inlet_offsets (
                            output TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL,
                            PRIMARY KEY (output, partition)) WITHOUT ROWID
                        """)
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS inlet_topic (id TEXT NOT NULL)")
                try db.execute(
                    sql: "CREATE TABLE IF NOT EXISTS \(Self.quote(layout.progressName)) ("
                        + Self.columnDefinitions(OutputLayout.progressColumns) + ", PRIMARY KEY (partition))")
                for output in layout.outputs {
                    var definition = Self.columnDefinitions(output.columns)
                    if output.isUpsert {
                        definition +=
                            ", PRIMARY KEY (" + output.keyColumns.map(Self.quote).joined(separator: ", ") + ")"
                    }
                    try db.execute(sql: "CREATE TABLE IF NOT EXISTS \(Self.quote(output.name)) (\(definition))")
                    try db.execute(
                        sql: "CREATE TABLE IF NOT EXISTS \(Self.quote(output.errorsName)) ("
                            + Self.columnDefinitions(OutputLayout.errorColumns) + ")")
                }
            }
        } catch {
            throw StorageError("cannot create the relations of source \(layout.sourceID): \(Self.describe(error))")
        }
        plan.update { plan in
            plan.progressName = layout.progressName
            for output in layout.outputs { plan.layouts[output.id] = output }
        }
    }

    public func offsets() async throws(StorageError) -> [String: [Int32: Int64]] {
        do {
            return try await queue.read { db in
                var result: [String: [Int32: Int64]] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT output, partition, next_offset FROM inlet_offsets")
                while let row = try rows.next() {
                    result[row[0], default: [:]][Int32(row[1] as Int64)] = row[2]
                }
                return result
            }
        } catch {
            throw StorageError("cannot read the stored offsets from \(path): \(Self.describe(error))")
        }
    }

    public func topicID() async throws(StorageError) -> String? {
        do {
            return try await queue.read { db in try String.fetchOne(db, sql: "SELECT id FROM inlet_topic") }
        } catch {
            throw StorageError("cannot read the topic id from \(path): \(Self.describe(error))")
        }
    }

    public func recordTopic(id: String, restartingAt offsets: [String: [Int32: Int64]]?) async throws(StorageError) {
        let plan = self.plan.value
        do {
            try await queue.write { db in
                try db.execute(sql: "DELETE FROM inlet_topic")
                try db.execute(sql: "INSERT INTO inlet_topic (id) VALUES (?)", arguments: [id])
                if let offsets {
                    try db.execute(sql: "DELETE FROM inlet_offsets")
                    try db.execute(sql: "DELETE FROM \(Self.quote(plan.progressName))")
                    try Self.storeOffsets(offsets, progress: plan.progressName, outputs: plan.layouts.count, in: db)
                }
            }
        } catch {
            throw StorageError("cannot record the topic id in \(path): \(Self.describe(error))")
        }
    }

    public func dropOutput(_ output: OutputLayout) async throws(StorageError) {
        do {
            try await queue.write { db in
                try db.execute(sql: "DROP TABLE IF EXISTS \(Self.quote(output.name))")
                try db.execute(sql: "DROP TABLE IF EXISTS \(Self.quote(output.errorsName))")
                try db.execute(sql: "DELETE FROM inlet_offsets WHERE output = ?", arguments: [output.id])
            }
        } catch {
            throw StorageError("cannot drop relation \(output.name): \(Self.describe(error))")
        }
        plan.update { $0.layouts[output.id] = nil }
    }

    public func commit(_ batch: SourceBatch) async throws(StorageError) {
        let plan = self.plan.value
        do {
            try await queue.write { db in
                for (outputID, changes) in batch.outputs where !changes.isEmpty {
                    guard let layout = plan.layouts[outputID] else {
                        throw StorageError("no relation with id \(outputID) was prepared in \(self.path)")
                    }
                    try Self.apply(changes, to: layout, in: db)
                }
                try Self.storeOffsets(batch.offsets, progress: plan.progressName, outputs: plan.layouts.count, in: db)
            }
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError("cannot commit to \(path): \(Self.describe(error))")
        }
    }

    // MARK: - Writing

    private static func apply(_ changes: OutputChanges, to layout: OutputLayout, in db: Database) throws {
        let table = quote(layout.name)
        let width = layout.columns.count
        // Consecutive inserts, or consecutive upserts, go in multi-row statements; SQLite applies the rows of one
        // upsert statement in order, so a key written twice in a run keeps its later value. The changes of one
        // statement are consecutive, so their values are one range of the flat array.
        let upsert = upsertClause(layout)
        let delete =
            "DELETE FROM \(table) WHERE " + layout.keyColumns.map { "\(quote($0)) = ?" }.joined(separator: " AND ")
        var texts = InsertTexts(table: table, width: width)
        let kinds = changes.kinds
        let ends = changes.ends
        try changes.values.withUnsafeBufferPointer { values in
            var index = 0
            while index < kinds.count {
                let kind = kinds[index]
                let start = index == 0 ? 0 : ends[index - 1]
                if kind == .delete {
                    guard ends[index] - start == layout.keyColumns.count else {
                        throw StorageError("a tombstone for \(table) does not have one value per key column")
                    }
                    try bindAndStep(values[start..<ends[index]], sql: delete, in: db)
                    index += 1
                    continue
                }
                // A run of inserts, or of upserts, cut into statements of `rowsPerStatement` rows.
                var end = index
                var previous = start
                while end < kinds.count, kinds[end] == kind, end - index < rowsPerStatement {
                    guard ends[end] - previous == width else {
                        throw StorageError(
                            "a row for \(table) has \(ends[end] - previous) values; the relation has \(width) columns")
                    }
                    previous = ends[end]
                    end += 1
                }
                let statement = try texts.statement(rows: end - index, suffix: kind == .upsert ? upsert : "", in: db)
                try bindAndStep(values[start..<previous], statement: statement, in: db)
                index = end
            }
        }
        if !changes.errors.isEmpty {
            let rows = changes.errors.flatMap { error -> [Datum] in
                [
                    .integer(Int64(error.partition)), .integer(error.offset), error.key.map(Datum.blob) ?? .null,
                    error.value.map(Datum.blob) ?? .null, .text(error.reason),
                ]
            }
            var errorTexts = InsertTexts(table: quote(layout.errorsName), width: 5)
            try rows.withUnsafeBufferPointer { values in
                for start in stride(from: 0, to: changes.errors.count, by: rowsPerStatement) {
                    let count = min(changes.errors.count - start, rowsPerStatement)
                    try bindAndStep(
                        values[(start * 5)..<((start + count) * 5)],
                        statement: try errorTexts.statement(rows: count, suffix: "", in: db), in: db)
                }
            }
        }
    }

    /// `ON CONFLICT (key) DO UPDATE SET …` for the multi-row INSERT of an UPSERT relation.
    private static func upsertClause(_ layout: OutputLayout) -> String {
        let keys = Set(layout.keyColumns)
        let updates = layout.columns.filter { !keys.contains($0.name) }.map {
            "\(quote($0.name)) = excluded.\(quote($0.name))"
        }
        let conflict = layout.keyColumns.map(quote).joined(separator: ", ")
        return " ON CONFLICT (\(conflict)) "
            + (updates.isEmpty ? "DO NOTHING" : "DO UPDATE SET " + updates.joined(separator: ", "))
    }

    /// The texts of multi-row INSERTs into one table, built once per row count and suffix (most statements have
    /// `rowsPerStatement` rows, so one text serves a whole commit). One table has two suffixes at most: none, and
    /// its upsert clause.
    ///
    /// Their statements are kept too, so that a commit looks each one up in the connection's cache once rather
    /// than hashing its text (64 tuples of a row's parameters, kilobytes for a wide row) for every 64 rows.
    struct InsertTexts {
        let table: String
        let width: Int
        private var texts: [Int: String] = [:]
        private var statements: [Int: GRDB.Statement] = [:]

        mutating func statement(rows: Int, suffix: String, in db: Database) throws -> GRDB.Statement {
            let key = rows * 2 + (suffix.isEmpty ? 0 : 1)
            if let statement = statements[key] { return statement }
            let statement = try db.cachedStatement(sql: sql(rows: rows, suffix: suffix))
            statements[key] = statement
            return statement
        }

        init(table: String, width: Int) {
            self.table = table
            self.width = width
        }

        private mutating func sql(rows: Int, suffix: String) -> String {
            let key = rows * 2 + (suffix.isEmpty ? 0 : 1)
            if let text = texts[key] { return text }
            let tuple = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
            let text =
                "INSERT INTO \(table) VALUES " + Array(repeating: tuple, count: rows).joined(separator: ", ") + suffix
            texts[key] = text
            return text
        }
    }

    /// Binds `values` to the statement's parameters in order and runs it.
    private static func bindAndStep(_ values: Slice<UnsafeBufferPointer<Datum>>, sql: String, in db: Database) throws {
        try bindAndStep(values, statement: try db.cachedStatement(sql: sql), in: db)
    }

    private static func bindAndStep(
        _ values: Slice<UnsafeBufferPointer<Datum>>, statement: GRDB.Statement, in db: Database
    ) throws {
        let raw = statement.sqliteStatement
        var parameter: Int32 = 1
        for index in values.indices {
            try bind(values.base[index], at: parameter, to: raw, db: db)
            parameter += 1
        }
        try step(raw, db: db)
    }

    private static func run(_ sql: String, binding values: [Datum], in db: Database) throws {
        try values.withUnsafeBufferPointer { values in
            try bindAndStep(values[...], sql: sql, in: db)
        }
    }

    private static func storeOffsets(
        _ offsets: [String: [Int32: Int64]], progress: String, outputs: Int, in db: Database
    ) throws {
        guard !offsets.isEmpty else { return }
        for (output, partitions) in offsets {
            for (partition, next) in partitions {
                try run(
                    "INSERT OR REPLACE INTO inlet_offsets (output, partition, next_offset) VALUES (?, ?, ?)",
                    binding: [.text(output), .integer(Int64(partition)), .integer(next)], in: db)
            }
        }
        // The source's progress: per partition the lowest next offset over its relations.
        try db.execute(sql: "DELETE FROM \(quote(progress))")
        try db.execute(
            sql: """
                INSERT INTO \(quote(progress)) (partition, "offset")
                SELECT '[' || partition || ',' || partition || ']', MIN(next_offset) FROM inlet_offsets
                GROUP BY partition ORDER BY partition
                """)
    }

    // MARK: - SQLite C API

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds one value; text and blobs are copied by SQLite (`SQLITE_TRANSIENT`), so nothing here has to outlive
    /// the call.
    private static func bind(_ value: Datum, at index: Int32, to statement: OpaquePointer, db: Database) throws {
        let code: Int32
        switch value {
        case .null:
            code = sqlite3_bind_null(statement, index)
        case .integer(let number):
            code = sqlite3_bind_int64(statement, index, number)
        case .real(let number):
            code = sqlite3_bind_double(statement, index, number)
        case .text(var text):
            code = text.withUTF8 { bytes in bindText(UnsafeRawBufferPointer(bytes), at: index, to: statement) }
        case .blob(let bytes):
            code = bytes.withUnsafeBytes { raw in bindBlob(raw, at: index, to: statement) }
        case .textBytes(let buffer):
            code = buffer.withUnsafeReadableBytes { raw in bindText(raw, at: index, to: statement) }
        case .blobBytes(let buffer):
            code = buffer.withUnsafeReadableBytes { raw in bindBlob(raw, at: index, to: statement) }
        }
        guard code == SQLITE_OK else {
            throw StorageError("cannot bind a value: \(String(cString: sqlite3_errmsg(db.sqliteConnection)))")
        }
    }

    /// Empty text still needs a non-null pointer, or SQLite stores NULL.
    private static func bindText(_ raw: UnsafeRawBufferPointer, at index: Int32, to statement: OpaquePointer) -> Int32 {
        let pointer = (raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
        return sqlite3_bind_text(statement, index, pointer, Int32(raw.count), transient)
    }

    /// An empty blob still needs a non-null pointer, or SQLite stores NULL.
    private static func bindBlob(_ raw: UnsafeRawBufferPointer, at index: Int32, to statement: OpaquePointer) -> Int32 {
        sqlite3_bind_blob(
            statement, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(raw.count), transient)
    }

    /// Runs the statement and resets it. Its bindings stay (every use binds every parameter again), so SQLite
    /// keeps the buffers it copied values into instead of freeing and allocating them per row.
    private static func step(_ statement: OpaquePointer, db: Database) throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else {
            throw StorageError(String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    /// A double-quoted SQLite identifier.
    static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func columnDefinitions(_ columns: [RelationColumn]) -> String {
        columns.map { "\(quote($0.name)) \($0.type.declaredName)" + ($0.nullable ? "" : " NOT NULL") }
            .joined(separator: ", ")
    }
}

/// The prepared layouts, read by every commit.
final class LockedPlan: Sendable {
    struct Value: Sendable {
        var layouts: [String: OutputLayout] = [:]
        var progressName = ""
    }

    private let box = NIOLockedValueBox(Value())

    var value: Value { box.withLockedValue { $0 } }

    func update(_ body: (inout Value) -> Void) { box.withLockedValue { body(&$0) } }
}
