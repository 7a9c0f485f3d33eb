/// The narrow seam source relations are written through: create them, commit rows together with the offsets
/// they came from, read the offsets back, drop everything.
///
/// The ingest runtime only talks to this protocol, so a PostgreSQL store can follow the embedded SQLite one
/// without touching the runtime. A commit is atomic: after a crash at any moment the stored offsets say exactly
/// which records the relations hold.
public protocol SourceStore: Sendable {
    /// Creates the source's relations that do not exist yet (a table added later) and keeps the others.
    func prepare(_ layout: SourceLayout) async throws(StorageError)
    /// Writes the batch's changes, errors and offsets in one transaction.
    func commit(_ batch: SourceBatch) async throws(StorageError)
    /// Per output id, per partition: the next offset to read.
    func offsets() async throws(StorageError) -> [String: [Int32: Int64]]
    /// The id of the topic the stored offsets belong to; nil before the first run, or when the broker gives none.
    func topicID() async throws(StorageError) -> String?
    /// Records the id of the topic the offsets belong to. With `restartingAt`, every stored offset is replaced by
    /// these in the same transaction (the topic was deleted and created again: its offsets start over).
    func recordTopic(id: String, restartingAt offsets: [String: [Int32: Int64]]?) async throws(StorageError)
    /// Removes one relation (DROP TABLE) with its errors relation and offsets.
    func dropOutput(_ output: OutputLayout) async throws(StorageError)
}

/// Opens the store of each source; one per server.
public protocol SourceStorage: Sendable {
    func store(for layout: SourceLayout) async throws(StorageError) -> any SourceStore
    /// Deletes everything a source stored (DROP SOURCE), after its runtime stopped.
    func removeStore(sourceID: String) async throws(StorageError)
}

/// A storage failure: what failed and why, without row contents.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// The commit was refused because the stored offsets are no longer the ones the batch started from: another
    /// writer committed these partitions. The runtime stops and resumes from the stored offsets.
    public var isFenced: Bool

    public init(_ message: String, isFenced: Bool = false) {
        self.message = message
        self.isFenced = isFenced
    }

    public var description: String { message }
}
