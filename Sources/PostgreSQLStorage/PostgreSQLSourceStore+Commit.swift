import Logging
import NIOCore
import PostgresNIO
import Storage

extension PostgreSQLSourceStore {
    /// Writes the batch in one transaction: the fence (the stored offsets of the batch's partitions, locked, must
    /// be the ones the batch started from), the rows and errors by COPY, the new offsets and the progress relation.
    public func commit(_ batch: SourceBatch) async throws(StorageError) {
        let plan = self.plan.withLockedValue { $0 }
        var work: [(OutputLayout, OutputChanges)] = []
        for (outputID, changes) in batch.outputs.sorted(by: { $0.key < $1.key }) where !changes.isEmpty {
            guard let layout = plan.layouts[outputID] else {
                throw StorageError("no relation with id \(outputID) was prepared in schema \(schema)")
            }
            work.append((layout, changes))
        }
        let writes = work
        let schema = self.schema
        let offsetsTable = table("inlet_offsets")
        let progress = table(plan.progressName)
        let logger = self.logger
        let afterFence = storage.afterFence
        let sourceID = self.sourceID
        try await storage.transaction("cannot commit to schema \(schema)") { connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: "SET LOCAL search_path TO \(PostgreSQLIdentifier.quote(schema))"),
                logger: logger)
            let missing = try await Self.checkFence(batch, table: offsetsTable, on: connection, logger: logger)
            await afterFence?(sourceID)
            for (layout, changes) in writes {
                try await Self.apply(changes, to: layout, on: connection, logger: logger)
            }
            guard !batch.offsets.isEmpty else { return }
            if let missing {
                try await Self.advanceOffsets(
                    batch.offsets, missing: missing, table: offsetsTable, on: connection, logger: logger)
            } else {
                try await Self.upsertOffsets(batch.offsets, table: offsetsTable, on: connection, logger: logger)
            }
            try await Self.refreshProgress(progress, offsets: offsetsTable, on: connection, logger: logger)
        }
    }

    /// Locks the stored offsets of the batch's partitions and compares them with the batch's start offsets.
    /// Returns the partitions with no stored offset yet (nil: the batch carries no start offsets, so no fence).
    static func checkFence(
        _ batch: SourceBatch, table: String, on connection: PostgresConnection, logger: Logger
    ) async throws -> Set<OffsetKey>? {
        guard !batch.startOffsets.isEmpty, !batch.offsets.isEmpty else { return nil }
        var binds = PostgresBindings()
        binds.append(Array(batch.offsets.keys))
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT output, partition, next_offset FROM \(table) WHERE output = ANY($1)
                    ORDER BY output, partition FOR UPDATE
                    """, binds: binds), logger: logger)
        var stored: [OffsetKey: Int64] = [:]
        for try await (output, partition, next) in rows.decode((String, Int32, Int64).self) {
            stored[OffsetKey(output: output, partition: partition)] = next
        }
        var missing: Set<OffsetKey> = []
        for (output, partitions) in batch.offsets {
            for partition in partitions.keys {
                let key = OffsetKey(output: output, partition: partition)
                guard let current = stored[key] else {
                    missing.insert(key)
                    continue
                }
                if let expected = batch.startOffsets[output]?[partition], expected != current {
                    throw StorageError(
                        "the stored offset of partition \(partition) is \(current), not \(expected) as this commit started from: another writer committed it",
                        isFenced: true)
                }
            }
        }
        return missing
    }

    /// After the fence: updates the locked rows and inserts the missing ones; a missing row that another writer
    /// inserted meanwhile is a unique violation, which refuses the commit.
    static func advanceOffsets(
        _ offsets: [String: [Int32: Int64]], missing: Set<OffsetKey>, table: String,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        var present = OffsetColumns()
        var absent = OffsetColumns()
        for (output, partitions) in offsets {
            for (partition, next) in partitions {
                if missing.contains(OffsetKey(output: output, partition: partition)) {
                    absent.append(output, partition, next)
                } else {
                    present.append(output, partition, next)
                }
            }
        }
        if !present.outputs.isEmpty {
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        UPDATE \(table) AS o SET next_offset = u.next_offset
                        FROM unnest($1::text[], $2::int4[], $3::int8[]) AS u(output, partition, next_offset)
                        WHERE o.output = u.output AND o.partition = u.partition
                        """, binds: present.binds), logger: logger)
        }
        if !absent.outputs.isEmpty {
            do {
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: """
                            INSERT INTO \(table) (output, partition, next_offset)
                            SELECT * FROM unnest($1::text[], $2::int4[], $3::int8[])
                            """, binds: absent.binds), logger: logger)
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                throw StorageError(
                    "another writer stored the first offsets of these partitions while this commit ran",
                    isFenced: true)
            }
        }
    }

    static func upsertOffsets(
        _ offsets: [String: [Int32: Int64]], table: String, on connection: PostgresConnection, logger: Logger
    ) async throws {
        var columns = OffsetColumns()
        for (output, partitions) in offsets {
            for (partition, next) in partitions { columns.append(output, partition, next) }
        }
        guard !columns.outputs.isEmpty else { return }
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO \(table) (output, partition, next_offset)
                    SELECT * FROM unnest($1::text[], $2::int4[], $3::int8[])
                    ON CONFLICT (output, partition) DO UPDATE SET next_offset = excluded.next_offset
                    """, binds: columns.binds), logger: logger)
    }

    /// The source's progress: per partition the lowest next offset over its relations.
    static func refreshProgress(
        _ progress: String, offsets: String, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: "DELETE FROM \(progress)"), logger: logger)
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO \(progress) (partition, "offset")
                    SELECT numrange(partition, partition, '[]'), MIN(next_offset) FROM \(offsets)
                    GROUP BY partition
                    """), logger: logger)
    }
}

/// One stored offset's key.
struct OffsetKey: Hashable, Sendable {
    var output: String
    var partition: Int32
}

/// Offsets as three parallel arrays, bound to `unnest($1::text[], $2::int4[], $3::int8[])`.
struct OffsetColumns {
    var outputs: [String] = []
    var partitions: [Int32] = []
    var nexts: [Int64] = []

    mutating func append(_ output: String, _ partition: Int32, _ next: Int64) {
        outputs.append(output)
        partitions.append(partition)
        nexts.append(next)
    }

    var binds: PostgresBindings {
        var binds = PostgresBindings()
        binds.append(outputs)
        binds.append(partitions)
        binds.append(nexts)
        return binds
    }
}
