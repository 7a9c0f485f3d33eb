import GRDB
import GRDBSQLite
import NIOConcurrencyHelpers

/// Runs the WAL checkpoints of a source database on a connection of its own, so that the commits of a running
/// source do not wait for them.
///
/// SQLite's automatic checkpoint runs inside the commit that pushes the write-ahead log past 1,000 pages: that
/// commit copies the log into the database file and waits for `fdatasync` (synchronous=NORMAL syncs only at
/// checkpoints). During full-speed ingest that wait was a third of the writer's time. Here the writer's
/// connection has no automatic checkpoint; its WAL hook starts a PASSIVE checkpoint on the checkpoint connection
/// once the log holds `Thresholds.background` frames, and the writer goes on while it runs.
///
/// A log that keeps growing is bounded: a PASSIVE checkpoint never lets SQLite start the log over while commits
/// keep adding to it, so once it holds `Thresholds.writer` frames the commit that got it there waits for the
/// running checkpoint, then checkpoints what is left (most pages are copied by then); the next transaction starts
/// the log from its beginning.
final class SQLiteCheckpointer: Sendable {
    struct Thresholds: Sendable {
        /// Log frames after which a background checkpoint starts.
        var background: Int32
        /// Log frames after which the writer waits for a checkpoint.
        var writer: Int32

        init(background: Int32, writer: Int32) {
            self.background = background
            self.writer = writer
        }

        /// The defaults for a database of `pageSize`-byte pages: a background checkpoint once the log holds
        /// 4 MiB (SQLite's automatic checkpoint uses 1,000 pages), the writer waiting once it holds 64 MiB.
        init(pageSize: Int) {
            let size = max(pageSize, 512)
            self.init(background: Int32(4 << 20 / size), writer: Int32(64 << 20 / size))
        }
    }

    /// One finished checkpoint, for tests: the log's frames and how many are in the database file.
    struct Checkpoint: Sendable {
        var logFrames: Int
        var checkpointedFrames: Int
        /// The writer waited for it (the log reached `Thresholds.writer`).
        var byWriter: Bool
    }

    private let path: String
    private let thresholds: Thresholds
    private let observer: (@Sendable (Checkpoint) -> Void)?
    private let state = NIOLockedValueBox(State())

    private struct State {
        var connection: DatabaseQueue?
        var running = false
        /// The checkpoint connection could not be opened: the writer checkpoints on its own connection.
        var unavailable = false
    }

    init(
        path: String, thresholds: Thresholds = Thresholds(pageSize: SQLiteSourceStore.pageSize),
        observer: (@Sendable (Checkpoint) -> Void)? = nil
    ) {
        self.path = path
        self.thresholds = thresholds
        self.observer = observer
    }

    /// Replaces the automatic checkpoint of the writer's connection `db` with this checkpointer. The hook's
    /// context is this object, unretained: the hook runs only inside commits of the store that owns both.
    func install(on db: Database) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_wal_hook(
            db.sqliteConnection,
            { context, connection, _, frames in
                guard let context, let connection else { return SQLITE_OK }
                Unmanaged<SQLiteCheckpointer>.fromOpaque(context).takeUnretainedValue()
                    .committed(frames: frames, on: connection)
                return SQLITE_OK
            }, context)
    }

    /// Called by SQLite on the writer's thread after each commit, with the frames the log holds.
    private func committed(frames: Int32, on writer: OpaquePointer) {
        guard frames >= thresholds.background else { return }
        if frames >= thresholds.writer {
            guard let connection = state.withLockedValue({ Self.connection(&$0, path: path) }) else {
                var logFrames: Int32 = -1
                var checkpointed: Int32 = -1
                sqlite3_wal_checkpoint_v2(writer, nil, SQLITE_CHECKPOINT_PASSIVE, &logFrames, &checkpointed)
                observer?(Checkpoint(logFrames: Int(logFrames), checkpointedFrames: Int(checkpointed), byWriter: true))
                return
            }
            // The checkpoint connection's queue runs one checkpoint at a time: this waits for a running one.
            try? connection.writeWithoutTransaction { db in checkpoint(db, byWriter: true) }
            return
        }
        let connection: DatabaseQueue? = state.withLockedValue { state in
            guard !state.running, let connection = Self.connection(&state, path: path) else { return nil }
            state.running = true
            return connection
        }
        guard let connection else { return }
        connection.asyncWriteWithoutTransaction { [self] db in
            checkpoint(db, byWriter: false)
            state.withLockedValue { $0.running = false }
        }
    }

    /// A failed checkpoint loses nothing: the log keeps its pages until one succeeds.
    private func checkpoint(_ db: Database, byWriter: Bool) {
        guard let result = try? db.checkpoint(.passive) else { return }
        observer?(
            Checkpoint(
                logFrames: result.walFrameCount, checkpointedFrames: result.checkpointedFrameCount, byWriter: byWriter))
    }

    private static func connection(_ state: inout State, path: String) -> DatabaseQueue? {
        if state.connection == nil, !state.unavailable {
            var configuration = Configuration()
            configuration.label = "inlet.source-checkpoint"
            state.connection = try? DatabaseQueue(path: path, configuration: configuration)
            state.unavailable = state.connection == nil
        }
        return state.connection
    }
}
