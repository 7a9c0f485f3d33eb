import InletTestSupport
import Logging
import PostgreSQLStorage
import SQL
import Storage
import Testing

/// A `PostgreSQLSourceStorage` over a private PostgreSQL 15, its pool running for the length of `body`.
func withPostgreSQLStorage<T: Sendable>(
    _ server: PostgreSQL, afterFence: (@Sendable (String) async -> Void)? = nil,
    _ body: @Sendable (PostgreSQLSourceStorage) async throws -> T
) async throws -> T {
    let url = try PostgreSQLStorageURL(parsing: server.url, environment: [:])
    let storage = PostgreSQLSourceStorage(url: url, afterFence: afterFence)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await storage.run() }
        defer { group.cancelAll() }
        return try await body(storage)
    }
}

/// The store of `layout`'s source with its relations created, as the runtime prepares it at the start of a run.
func preparedStore(_ storage: PostgreSQLSourceStorage, _ layout: SourceLayout) async throws -> any SourceStore {
    let store = try await storage.store(for: layout)
    try await store.prepare(layout)
    return store
}

/// The layouts the store tests write: an ENVELOPE NONE relation with one column of each type, an UPSERT one.
enum PostgreSQLStoreLayouts {
    static let events = OutputLayout(
        id: "u2", name: "events",
        columns: [
            RelationColumn(name: "text", type: .text), RelationColumn(name: "raw", type: .bytea),
            RelationColumn(name: "doc", type: .jsonb), RelationColumn(name: "partition", type: .int4, nullable: false),
            RelationColumn(name: "offset", type: .int8, nullable: false),
            RelationColumn(name: "at", type: .timestamp), RelationColumn(name: "amount", type: .numeric),
            RelationColumn(name: "flag", type: .bool), RelationColumn(name: "ratio", type: .float8),
        ],
        keyColumns: [], errorsName: "events_errors")

    static let latest = OutputLayout(
        id: "u3", name: "latest",
        columns: [
            RelationColumn(name: "key", type: .text, nullable: false), RelationColumn(name: "data", type: .jsonb),
        ],
        keyColumns: ["key"], errorsName: "latest_errors")

    static func source(_ id: String) -> SourceLayout {
        SourceLayout(sourceID: id, outputs: [events, latest], progressName: "events_progress")
    }
}

/// A one-shot gate: `wait` returns once `open` was called.
final class TestGate: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() { (stream, continuation) = AsyncStream.makeStream() }

    func open() { continuation.yield() }

    func wait() async {
        for await _ in stream { return }
    }
}
