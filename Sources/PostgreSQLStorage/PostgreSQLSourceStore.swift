import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import SQL
import Storage

/// One source's relations in its PostgreSQL schema. Every operation leases a pooled connection; a commit writes
/// rows (COPY), errors (COPY) and offsets in one transaction, after checking that the stored offsets are still the
/// ones the batch started from.
public final class PostgreSQLSourceStore: SourceStore {
    let storage: PostgreSQLSourceStorage
    public let sourceID: String
    /// The source's schema, `inlet_<source id>`.
    public let schema: String
    let plan = NIOLockedValueBox(Plan())

    struct Plan: Sendable {
        var layouts: [String: OutputLayout] = [:]
        var progressName = ""
    }

    init(storage: PostgreSQLSourceStorage, sourceID: String) {
        self.storage = storage
        self.sourceID = sourceID
        self.schema = PostgreSQLIdentifier.schema(forSource: sourceID)
    }

    var logger: Logger { storage.logger }

    func table(_ name: String) -> String { PostgreSQLIdentifier.qualified(schema, name) }

    public func prepare(_ layout: SourceLayout) async throws(StorageError) {
        var statements = [
            "SELECT pg_advisory_xact_lock(hashtext('inlet.prepare'))",
            "CREATE SCHEMA IF NOT EXISTS \(PostgreSQLIdentifier.quote(schema))",
            """
            CREATE TABLE IF NOT EXISTS \(table("inlet_offsets")) (output text NOT NULL, partition int4 NOT NULL,
                next_offset int8 NOT NULL, PRIMARY KEY (output, partition))
            """,
            "CREATE TABLE IF NOT EXISTS \(table("inlet_topic")) (id text NOT NULL)",
            "CREATE TABLE IF NOT EXISTS \(table(layout.progressName)) ("
                + PostgreSQLIdentifier.columnDefinitions(OutputLayout.progressColumns) + ", PRIMARY KEY (partition))",
        ]
        for output in layout.outputs {
            try PostgreSQLIdentifier.checkCopyable(output.name)
            try PostgreSQLIdentifier.checkCopyable(output.errorsName)
            var definition = PostgreSQLIdentifier.columnDefinitions(output.columns)
            if output.isUpsert {
                definition +=
                    ", PRIMARY KEY (" + output.keyColumns.map(PostgreSQLIdentifier.quote).joined(separator: ", ") + ")"
            }
            statements.append("CREATE TABLE IF NOT EXISTS \(table(output.name)) (\(definition))")
            statements.append(
                "CREATE TABLE IF NOT EXISTS \(table(output.errorsName)) ("
                    + PostgreSQLIdentifier.columnDefinitions(OutputLayout.errorColumns) + ")")
        }
        let all = statements
        let logger = self.logger
        try await storage.transaction("cannot create the relations of source \(layout.sourceID)") { connection in
            for statement in all { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
        }
        plan.withLockedValue { plan in
            plan.progressName = layout.progressName
            for output in layout.outputs { plan.layouts[output.id] = output }
        }
    }

    public func offsets() async throws(StorageError) -> [String: [Int32: Int64]] {
        let sql = "SELECT output, partition, next_offset FROM \(table("inlet_offsets"))"
        let logger = self.logger
        return try await storage.run("cannot read the stored offsets of source \(sourceID)") { connection in
            var result: [String: [Int32: Int64]] = [:]
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            for try await (output, partition, next) in rows.decode((String, Int32, Int64).self) {
                result[output, default: [:]][partition] = next
            }
            return result
        }
    }

    public func topicID() async throws(StorageError) -> String? {
        let sql = "SELECT id FROM \(table("inlet_topic")) LIMIT 1"
        let logger = self.logger
        return try await storage.run("cannot read the topic id of source \(sourceID)") { connection in
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            for try await (id) in rows.decode(String.self) { return id }
            return nil
        }
    }

    public func recordTopic(id: String, restartingAt offsets: [String: [Int32: Int64]]?) async throws(StorageError) {
        let plan = self.plan.withLockedValue { $0 }
        let topic = table("inlet_topic")
        let offsetsTable = table("inlet_offsets")
        let progress = table(plan.progressName)
        let logger = self.logger
        try await storage.transaction("cannot record the topic id of source \(sourceID)") { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "DELETE FROM \(topic)"), logger: logger)
            var binds = PostgresBindings()
            binds.append(id)
            try await connection.query(
                PostgresQuery(unsafeSQL: "INSERT INTO \(topic) (id) VALUES ($1)", binds: binds), logger: logger)
            if let offsets {
                try await connection.query(PostgresQuery(unsafeSQL: "DELETE FROM \(offsetsTable)"), logger: logger)
                try await Self.upsertOffsets(offsets, table: offsetsTable, on: connection, logger: logger)
                try await Self.refreshProgress(progress, offsets: offsetsTable, on: connection, logger: logger)
            }
        }
    }

    public func dropOutput(_ output: OutputLayout) async throws(StorageError) {
        let statements = [
            "DROP TABLE IF EXISTS \(table(output.name))",
            "DROP TABLE IF EXISTS \(table(output.errorsName))",
        ]
        let offsetsTable = table("inlet_offsets")
        let logger = self.logger
        try await storage.transaction("cannot drop relation \(output.name)") { connection in
            for statement in statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            var binds = PostgresBindings()
            binds.append(output.id)
            try await connection.query(
                PostgresQuery(unsafeSQL: "DELETE FROM \(offsetsTable) WHERE output = $1", binds: binds), logger: logger)
        }
        plan.withLockedValue { _ = $0.layouts.removeValue(forKey: output.id) }
    }
}
