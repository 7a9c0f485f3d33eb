import Foundation

/// The embedded default: one SQLite database file per source in `<data directory>/sources/`, so sources ingest
/// in parallel (SQLite has one writer per file) and the query layer attaches the files a query names.
public struct SQLiteSourceStorage: SourceStorage {
    public let directory: URL

    public init(dataDirectory: URL) {
        self.directory = dataDirectory.appendingPathComponent("sources", isDirectory: true)
    }

    /// The database file of source `sourceID`.
    public static func path(forSource sourceID: String, dataDirectory: URL) -> String {
        dataDirectory.appendingPathComponent("sources", isDirectory: true).appendingPathComponent("\(sourceID).sqlite")
            .path
    }

    public func store(for layout: SourceLayout) async throws(StorageError) -> any SourceStore {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StorageError("cannot create the sources directory \(directory.path): \(error.localizedDescription)")
        }
        let path = directory.appendingPathComponent("\(layout.sourceID).sqlite").path
        let store = try SQLiteSourceStore(path: path)
        try await store.prepare(layout)
        return store
    }

    public func removeStore(sourceID: String) async throws(StorageError) {
        let base = directory.appendingPathComponent("\(sourceID).sqlite").path
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: base + suffix) {
            do {
                try FileManager.default.removeItem(atPath: base + suffix)
            } catch {
                throw StorageError("cannot remove \(base + suffix): \(error.localizedDescription)")
            }
        }
    }
}
