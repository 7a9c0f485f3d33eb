import Logging
import NIOCore
import PostgresNIO
import Storage

extension PostgreSQLSourceStore {
    /// Bytes of COPY data sent per CopyData message.
    static let copyChunkBytes = 256 * 1024

    /// Writes one relation's changes: ENVELOPE NONE rows straight into the relation by COPY; UPSERT changes by COPY
    /// into a temporary staging table, then merged (the last change per key wins: a delete, or an
    /// `INSERT … ON CONFLICT DO UPDATE`). Errors go to the errors relation by COPY. The transaction's search_path
    /// is the source's schema, which COPY's unqualified table names resolve in.
    static func apply(
        _ changes: OutputChanges, to layout: OutputLayout, on connection: PostgresConnection, logger: Logger
    ) async throws {
        if !changes.kinds.isEmpty {
            if layout.isUpsert {
                try await merge(changes, into: layout, on: connection, logger: logger)
            } else {
                try await copyRows(
                    changes, into: layout.name, width: layout.columns.count, on: connection, logger: logger)
            }
        }
        if !changes.errors.isEmpty {
            try await copyErrors(changes.errors, into: layout.errorsName, on: connection, logger: logger)
        }
    }

    static func copyRows(
        _ changes: OutputChanges, into table: String, width: Int, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.copyFrom(table: table, logger: logger) { writer in
            var buffer = ByteBufferAllocator().buffer(capacity: copyChunkBytes + 4096)
            for index in changes.kinds.indices {
                let range = changes.valueRange(of: index)
                guard range.count == width else {
                    throw StorageError(
                        "a row for \(table) has \(range.count) values; the relation has \(width) columns")
                }
                changes.values.withUnsafeBufferPointer { values in
                    COPYTextEncoder.writeRow(values[range], into: &buffer)
                }
                if buffer.readableBytes >= copyChunkBytes {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
    }

    static func copyErrors(
        _ errors: [ErrorRow], into table: String, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.copyFrom(table: table, logger: logger) { writer in
            var buffer = ByteBufferAllocator().buffer(capacity: copyChunkBytes + 4096)
            for error in errors {
                let row: [Datum] = [
                    .integer(Int64(error.partition)), .integer(error.offset), error.key.map(Datum.blob) ?? .null,
                    error.value.map(Datum.blob) ?? .null, .text(error.reason),
                ]
                row.withUnsafeBufferPointer { COPYTextEncoder.writeRow($0[...], into: &buffer) }
                if buffer.readableBytes >= copyChunkBytes {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
    }

    /// The staging table of an UPSERT relation: its columns without NOT NULL, the change's position and whether it
    /// is a tombstone. Temporary tables belong to a connection, so it is created when missing; its rows go at
    /// commit.
    static func stagingName(_ layout: OutputLayout) -> String { "inlet_stage_" + layout.id }

    static func merge(
        _ changes: OutputChanges, into layout: OutputLayout, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let stage = stagingName(layout)
        try PostgreSQLIdentifier.checkCopyable(stage)
        let q = PostgreSQLIdentifier.quote
        try await connection.query(
            PostgresQuery(
                unsafeSQL: "CREATE TEMPORARY TABLE IF NOT EXISTS \(q(stage)) ("
                    + PostgreSQLIdentifier.columnDefinitions(layout.columns, nullable: true)
                    + ", inlet_seq int8 NOT NULL, inlet_delete bool NOT NULL) ON COMMIT DELETE ROWS"), logger: logger)
        let width = layout.columns.count
        let keyIndices = layout.keyColumns.map { key in layout.columns.firstIndex { $0.name == key } ?? 0 }
        try await connection.copyFrom(table: stage, logger: logger) { writer in
            var buffer = ByteBufferAllocator().buffer(capacity: copyChunkBytes + 4096)
            var row = [Datum](repeating: .null, count: width)
            for index in changes.kinds.indices {
                let range = changes.valueRange(of: index)
                let sequence = String(index)
                switch changes.kinds[index] {
                case .delete:
                    guard range.count == keyIndices.count else {
                        throw StorageError("a tombstone for \(layout.name) does not have one value per key column")
                    }
                    for position in row.indices { row[position] = .null }
                    for (offset, column) in keyIndices.enumerated() {
                        row[column] = changes.values[range.lowerBound + offset]
                    }
                    row.withUnsafeBufferPointer {
                        COPYTextEncoder.writeRow($0[...], trailing: [sequence, "t"], into: &buffer)
                    }
                case .insert, .upsert:
                    guard range.count == width else {
                        throw StorageError(
                            "a row for \(layout.name) has \(range.count) values; the relation has \(width) columns")
                    }
                    changes.values.withUnsafeBufferPointer {
                        COPYTextEncoder.writeRow($0[range], trailing: [sequence, "f"], into: &buffer)
                    }
                }
                if buffer.readableBytes >= copyChunkBytes {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
        let keys = layout.keyColumns.map(q).joined(separator: ", ")
        let columns = layout.columns.map { q($0.name) }.joined(separator: ", ")
        let latest = "SELECT DISTINCT ON (\(keys)) * FROM \(q(stage)) ORDER BY \(keys), inlet_seq DESC"
        let matches = layout.keyColumns.map { "t.\(q($0)) = s.\(q($0))" }.joined(separator: " AND ")
        try await connection.query(
            PostgresQuery(
                unsafeSQL:
                    "DELETE FROM \(q(layout.name)) AS t USING (\(latest)) AS s WHERE s.inlet_delete AND \(matches)"),
            logger: logger)
        let keySet = Set(layout.keyColumns)
        let updates = layout.columns.filter { !keySet.contains($0.name) }.map {
            "\(q($0.name)) = excluded.\(q($0.name))"
        }
        let action = updates.isEmpty ? "DO NOTHING" : "DO UPDATE SET " + updates.joined(separator: ", ")
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO \(q(layout.name)) (\(columns)) SELECT \(columns) FROM (\(latest)) AS s
                    WHERE NOT s.inlet_delete ON CONFLICT (\(keys)) \(action)
                    """), logger: logger)
    }
}
