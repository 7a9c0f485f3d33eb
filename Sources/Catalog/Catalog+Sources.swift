import Foundation
import GRDB
import SQL

extension Catalog {
    /// CREATE SOURCE: checks names and the connection, asks the cluster (the topic, START OFFSET, START TIMESTAMP),
    /// then stores the source, its progress relation and (with a format) its relation and errors relation.
    func createSource(_ create: CreateSource) async throws(SQLError) -> StatementResult {
        var kafka = try KafkaSourceDefinition.plan(create)
        let progressName = create.progressName ?? create.name + "_progress"
        let names = [create.name, progressName] + (create.output.map { _ in [create.name + "_errors"] } ?? [])
        let skip: StatementNotice = "source \"\(create.name)\" already exists, skipping"
        let found: (ResolvedKafkaConnection, [String: ResolvedSchemaRegistryConnection])? = try await read {
            [self] db in
            if create.ifNotExists, let existing = try CatalogItem.fetch(db, name: create.name), existing.kind == .source
            {
                return nil
            }
            try checkFree(db, names)
            return (
                try kafkaConnection(db, named: create.connection),
                try registryConnections(db, named: create.output?.schemaRegistryConnections ?? [])
            )
        }
        guard let found else { return .command("CREATE SOURCE", notices: [skip]) }
        let (connection, registries) = found
        var spec = create.output
        if let written = spec, !registries.isEmpty || written.hasInlineProtobufSchema {
            spec = try await pinSchemas(written, topic: kafka.topic, registries: registries, relation: create.name)
        }
        let output = try spec.map { spec throws(SQLError) in
            try SourceOutputDefinition.plan(name: create.name, spec: spec, columnNames: create.columnNames)
        }
        if let preparer = configuration.sourcePreparer {
            do {
                kafka = try await preparer.prepare(kafka, connection: connection)
            } catch let error as SQLError {
                throw error
            } catch {
                throw SQLError.connectionFailure("cannot create source \(create.name): \(error)")
            }
        }
        let createSQL = SQLText.createSource(create)
        let definition = kafka
        return try await write { [self] db in
            if create.ifNotExists, let existing = try CatalogItem.fetch(db, name: create.name), existing.kind == .source
            {
                return .command("CREATE SOURCE", notices: [skip])
            }
            try checkFree(db, names)
            guard let connectionItem = try CatalogItem.fetch(db, name: create.connection) else {
                throw SQLError.undefinedObject("connection \(create.connection) was dropped meanwhile; create it again")
            }
            let source = try insertItem(db, name: create.name, kind: .source, type: "kafka", createSQL: createSQL)
            try db.execute(
                sql: """
                    INSERT INTO inlet_sources (id, connection_id, size, envelope_type, key_format, value_format)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    source, connectionItem.id, definition.size, output?.spec.envelope.catalogName,
                    output?.spec.keyFormatRead?.catalogName, output?.spec.format.value.catalogName,
                ])
            try db.execute(
                sql: """
                    INSERT INTO inlet_kafka_sources (id, connection_id, topic, group_id_prefix, definition, progress_name)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    source, connectionItem.id, definition.topic, definition.groupIDPrefix, try Self.json(definition),
                    progressName,
                ])
            try addDependency(db, item: source, on: connectionItem.id)
            try addRegistryDependencies(db, item: source, spec: output?.spec)
            let progress = try insertItem(db, name: progressName, kind: .source, type: "progress", createSQL: nil)
            try insertSubsourceRow(db, id: progress, connectionID: connectionItem.id)
            try insertRelation(
                db, id: progress, name: progressName, sourceID: source, role: "progress", definition: nil,
                columns: Self.progressColumns)
            try addDependency(db, item: progress, on: source)
            if let output {
                try insertRelation(
                    db, id: source, name: output.name, sourceID: source, role: "output", definition: output,
                    columns: output.relationColumns)
                try insertErrorsRelation(db, of: output.name, sourceID: source, owner: source)
            }
            try recordStatus(db, id: source, status: "created", error: nil, details: nil)
            return .command("CREATE SOURCE")
        }
    }

    /// CREATE TABLE … FROM SOURCE: one more relation read by the source's consumer, from the topic's beginning (or
    /// the source's START OFFSET).
    func createTable(_ create: CreateTableFromSource) async throws(SQLError) -> StatementResult {
        var spec = create.output
        let registryNames = spec.schemaRegistryConnections
        if !registryNames.isEmpty {
            let (topic, registries) = try await read { [self] db in
                let source = try requireItem(db, name: create.source, kind: .source)
                let topic = try String.fetchOne(
                    db, sql: "SELECT topic FROM inlet_kafka_sources WHERE id = ?", arguments: [source.id])
                return (topic, try registryConnections(db, named: registryNames))
            }
            guard let topic else {
                throw SQLError.wrongObjectType(
                    "\(create.source) is a relation made by a source, not a Kafka source; name the source itself")
            }
            spec = try await pinSchemas(spec, topic: topic, registries: registries, relation: create.name)
        } else if spec.hasInlineProtobufSchema {
            spec = try await pinSchemas(spec, topic: "", registries: [:], relation: create.name)
        }
        let output = try SourceOutputDefinition.plan(name: create.name, spec: spec, columnNames: create.columnNames)
        let createSQL = SQLText.createTable(create)
        let skip: StatementNotice = "table \"\(create.name)\" already exists, skipping"
        return try await write { [self] db in
            if create.ifNotExists, let existing = try CatalogItem.fetch(db, name: create.name), existing.kind == .table
            {
                return .command("CREATE TABLE", notices: [skip])
            }
            try checkFree(db, [create.name, create.name + "_errors"])
            let source = try requireItem(db, name: create.source, kind: .source)
            guard source.type == "kafka",
                let topic = try String.fetchOne(
                    db, sql: "SELECT topic FROM inlet_kafka_sources WHERE id = ?", arguments: [source.id])
            else {
                throw SQLError.wrongObjectType(
                    "\(create.source) is a \(source.type ?? "") relation of a source, not a Kafka source; name the source itself"
                )
            }
            if let reference = create.reference, reference != topic {
                throw SQLError.invalidParameter(
                    "source \(create.source) reads topic \(topic), not \(reference); write (REFERENCE \"\(topic)\") or leave it out"
                )
            }
            let table = try insertItem(db, name: create.name, kind: .table, type: nil, createSQL: createSQL)
            try insertRelation(
                db, id: table, name: create.name, sourceID: source.id, role: "output", definition: output,
                columns: output.relationColumns)
            try addDependency(db, item: table, on: source.id)
            try addRegistryDependencies(db, item: table, spec: output.spec)
            try insertErrorsRelation(db, of: create.name, sourceID: source.id, owner: table)
            return .command("CREATE TABLE")
        }
    }

    // MARK: - SHOW

    func showSources(like pattern: String?) async throws(SQLError) -> StatementResult {
        let rows = try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT i.name, i.type, s.size FROM inlet_items i LEFT JOIN inlet_sources s ON s.id = i.id
                    WHERE i.kind = 'source' ORDER BY i.name
                    """
            ).map { [$0[0] as String?, $0[1] as String?, $0[2] as String?] }
        }.filter { pattern.map(LikePattern.init)?.matches($0[0] ?? "") ?? true }
        return StatementResult(
            columns: [
                ResultColumn(name: "name", type: .text), ResultColumn(name: "type", type: .text),
                ResultColumn(name: "size", type: .text),
            ], rows: rows, commandTag: "SELECT \(rows.count)")
    }

    func showTables(like pattern: String?) async throws(SQLError) -> StatementResult {
        let rows = try await read { db in
            try String.fetchAll(db, sql: "SELECT name FROM inlet_items WHERE kind = 'table' ORDER BY name").map {
                [$0] as [String?]
            }
        }.filter { pattern.map(LikePattern.init)?.matches($0[0] ?? "") ?? true }
        return StatementResult(
            columns: [ResultColumn(name: "name", type: .text)], rows: rows, commandTag: "SELECT \(rows.count)")
    }

    func showCreateSource(name: String) async throws(SQLError) -> StatementResult {
        let sql = try await read { [self] db in
            let item = try requireItem(db, name: name, kind: .source)
            guard
                let sql = try String.fetchOne(
                    db, sql: "SELECT create_sql FROM inlet_items WHERE id = ?", arguments: [item.id])
            else {
                throw SQLError.wrongObjectType("\(name) is made by its source; SHOW CREATE SOURCE of the source itself")
            }
            return sql
        }
        return StatementResult(
            columns: [ResultColumn(name: "name", type: .text), ResultColumn(name: "create_sql", type: .text)],
            rows: [["materialize.public.\(name)", sql]], commandTag: "SELECT 1")
    }

    func showColumns(relation: String, like pattern: String?) async throws(SQLError) -> StatementResult {
        let rows = try await read { db in
            guard
                let id = try String.fetchOne(
                    db, sql: "SELECT id FROM inlet_relations WHERE name = ?", arguments: [relation])
            else {
                throw SQLError(
                    sqlState: "42P01", message: "unknown relation '\(relation)'; SHOW SOURCES and SHOW TABLES list them"
                )
            }
            return try Row.fetchAll(
                db,
                sql: "SELECT name, nullable, type FROM inlet_relation_columns WHERE relation_id = ? ORDER BY position",
                arguments: [id]
            ).map { row -> [String?] in
                [
                    row[0] as String?, (row[1] as Bool) ? "t" : "f",
                    ColumnType(rawValue: row[2]).map { $0.sqlType.name } ?? row[2],
                ]
            }
        }.filter { pattern.map(LikePattern.init)?.matches($0[0] ?? "") ?? true }
        return StatementResult(
            columns: [
                ResultColumn(name: "name", type: .text), ResultColumn(name: "nullable", type: .bool),
                ResultColumn(name: "type", type: .text),
            ], rows: rows, commandTag: "SELECT \(rows.count)")
    }

    // MARK: - For the runtime

    /// Every Kafka source with its relations, for the server to run.
    public func storedSources() async throws(SQLError) -> [KafkaSource] {
        try await read { db in
            let decoder = JSONDecoder()
            var result: [KafkaSource] = []
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT k.id, i.name, k.definition, k.progress_name FROM inlet_kafka_sources k
                    JOIN inlet_items i ON i.id = k.id ORDER BY i.oid
                    """)
            for row in rows {
                let id: String = row[0]
                let kafka = try decoder.decode(KafkaSourceDefinition.self, from: Data((row[2] as String).utf8))
                let outputs = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT r.id, r.definition FROM inlet_relations r JOIN inlet_items i ON i.id = r.id
                        WHERE r.source_id = ? AND r.role = 'output' ORDER BY i.oid
                        """, arguments: [id]
                ).map { output in
                    KafkaSource.Output(
                        id: output[0],
                        definition: try decoder.decode(
                            SourceOutputDefinition.self, from: Data((output[1] as String).utf8)))
                }
                result.append(KafkaSource(id: id, name: row[1], kafka: kafka, outputs: outputs, progressName: row[3]))
            }
            return result
        }
    }

    /// Appends a status change to `mz_source_status_history` (when it differs from the last one).
    public func recordSourceStatus(id: String, status: String, error: String?, hint: String?) async throws(SQLError) {
        let details = try hint.map { hint throws(SQLError) in
            do { return try Self.json(["hint": hint]) } catch { throw SQLError.internal("\(error)") }
        }
        try await write(changesRelations: false) { [self] db in
            guard try CatalogItem.fetch(db, id: id) != nil else { return }
            try recordStatus(db, id: id, status: status, error: error, details: details)
        }
    }

    /// The counters behind `mz_source_statistics` and `mz_source_partition_statistics`.
    public func recordSourceStatistics(_ statistics: SourceStatisticsRecord) async throws(SQLError) {
        try await write(changesRelations: false) { db in
            guard try CatalogItem.fetch(db, id: statistics.id) != nil else { return }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO inlet_source_statistics (id, messages_received, bytes_received, updates_staged,
                        updates_committed, offset_known, offset_committed, snapshot_committed, rehydration_latency,
                        decode_errors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    statistics.id, statistics.messagesReceived, statistics.bytesReceived, statistics.updatesStaged,
                    statistics.updatesCommitted, statistics.offsetKnown, statistics.offsetCommitted,
                    statistics.snapshotCommitted,
                    statistics.rehydrationLatencyMilliseconds.map { Self.interval(milliseconds: $0) },
                    statistics.decodeErrors,
                ])
            try db.execute(sql: "DELETE FROM inlet_source_partitions WHERE id = ?", arguments: [statistics.id])
            for partition in statistics.partitions {
                try db.execute(
                    sql:
                        "INSERT INTO inlet_source_partitions (id, partition, offset_known, offset_committed) VALUES (?, ?, ?, ?)",
                    arguments: [statistics.id, partition.partition, partition.offsetKnown, partition.offsetCommitted])
            }
        }
    }

    /// PostgreSQL's interval text for a duration in milliseconds (`00:00:01.234`).
    static func interval(milliseconds: Int64) -> String {
        let seconds = milliseconds / 1000
        var text = String(format: "%02lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60, seconds % 60)
        if milliseconds % 1000 != 0 { text += String(format: ".%03lld", milliseconds % 1000) }
        return text
    }

    // MARK: - Helpers

    static let progressColumns: [RelationColumn] = [
        RelationColumn(name: "partition", type: .numrange, nullable: false),
        RelationColumn(name: "offset", type: .int8),
    ]

    static let errorColumns: [RelationColumn] = [
        RelationColumn(name: "partition", type: .int4, nullable: false),
        RelationColumn(name: "offset", type: .int8, nullable: false),
        RelationColumn(name: "key", type: .bytea),
        RelationColumn(name: "value", type: .bytea),
        RelationColumn(name: "reason", type: .text, nullable: false),
    ]

    private func checkFree(_ db: Database, _ names: [String]) throws {
        for name in names {
            if let existing = try CatalogItem.fetch(db, name: name) { throw alreadyExists(existing) }
        }
        if Set(names).count != names.count {
            throw SQLError.duplicateObject(
                "the names \(names.joined(separator: ", ")) must differ; choose another name with EXPOSE PROGRESS AS")
        }
    }

    private func kafkaConnection(_ db: Database, named name: String) throws -> ResolvedKafkaConnection {
        guard let item = try CatalogItem.fetch(db, name: name) else {
            throw SQLError.undefinedObject(
                "unknown connection '\(name)'; create it with CREATE CONNECTION \(name) TO KAFKA (…) or see SHOW CONNECTIONS"
            )
        }
        guard item.kind == .connection, item.connectionType == .kafka, let definition = item.definition else {
            throw SQLError.wrongObjectType(
                "'\(name)' is \(item.kind == .connection ? "an \(item.connectionType?.sqlName ?? "") connection" : item.kind.article), "
                    + "not a KAFKA connection; FROM KAFKA CONNECTION needs a connection made with CREATE CONNECTION … TO KAFKA"
            )
        }
        guard case .kafka(let kafka) = try resolve(db, id: item.id, name: name, definition: definition).0 else {
            throw SQLError.internal("connection \(name) did not resolve as KAFKA")
        }
        return kafka
    }

    private func insertItem(_ db: Database, name: String, kind: ItemKind, type: String?, createSQL: String?) throws
        -> String
    {
        let (id, oid) = try allocateID(db)
        try db.execute(
            sql: """
                INSERT INTO inlet_items (id, oid, name, kind, type, options, definition, create_sql, created_at)
                VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?)
                """,
            arguments: [id, oid, name, kind.rawValue, type, createSQL, Self.now()])
        return id
    }

    private func insertSubsourceRow(_ db: Database, id: String, connectionID: String) throws {
        try db.execute(
            sql: "INSERT INTO inlet_sources (id, connection_id) VALUES (?, ?)", arguments: [id, connectionID])
    }

    private func insertRelation(
        _ db: Database, id: String, name: String, sourceID: String, role: String, definition: SourceOutputDefinition?,
        columns: [RelationColumn]
    ) throws {
        try db.execute(
            sql: "INSERT INTO inlet_relations (id, name, source_id, role, definition) VALUES (?, ?, ?, ?, ?)",
            arguments: [id, name, sourceID, role, try definition.map { try Self.json($0) }])
        for (position, column) in columns.enumerated() {
            try db.execute(
                sql:
                    "INSERT INTO inlet_relation_columns (relation_id, position, name, type, nullable) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, position, column.name, column.type.rawValue, column.nullable])
        }
    }

    private func insertErrorsRelation(_ db: Database, of name: String, sourceID: String, owner: String) throws {
        let errorsName = name + "_errors"
        let errors = try insertItem(db, name: errorsName, kind: .source, type: "errors", createSQL: nil)
        let connection = try String.fetchOne(
            db, sql: "SELECT connection_id FROM inlet_sources WHERE id = ?", arguments: [sourceID])
        try db.execute(
            sql: "INSERT INTO inlet_sources (id, connection_id) VALUES (?, ?)", arguments: [errors, connection])
        try insertRelation(
            db, id: errors, name: errorsName, sourceID: sourceID, role: "errors", definition: nil,
            columns: Self.errorColumns)
        try addDependency(db, item: errors, on: owner)
    }

    func addDependency(_ db: Database, item: String, on referenced: String) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO inlet_dependencies (item_id, referenced_id) VALUES (?, ?)",
            arguments: [item, referenced])
    }

    func recordStatus(_ db: Database, id: String, status: String, error: String?, details: String?) throws {
        let last = try Row.fetchOne(
            db,
            sql:
                "SELECT status, error FROM inlet_source_status_history WHERE source_id = ? ORDER BY rowid DESC LIMIT 1",
            arguments: [id])
        if let last, last[0] as String == status, last[1] as String? == error { return }
        try db.execute(
            sql: """
                INSERT INTO inlet_source_status_history (occurred_at, source_id, status, error, details, replica_id)
                VALUES (?, ?, ?, ?, ?, \(CatalogSchema.replicaID))
                """,
            arguments: [Self.now(), id, status, error, details])
    }
}

/// The statistics of one source as the catalog stores them.
public struct SourceStatisticsRecord: Sendable {
    public var id: String
    public var messagesReceived: Int64
    public var bytesReceived: Int64
    public var updatesStaged: Int64
    public var updatesCommitted: Int64
    public var offsetKnown: Int64?
    public var offsetCommitted: Int64?
    public var snapshotCommitted: Bool
    public var rehydrationLatencyMilliseconds: Int64?
    public var decodeErrors: Int64
    public var partitions: [(partition: Int32, offsetKnown: Int64?, offsetCommitted: Int64)]

    public init(
        id: String, messagesReceived: Int64, bytesReceived: Int64, updatesStaged: Int64, updatesCommitted: Int64,
        offsetKnown: Int64?, offsetCommitted: Int64?, snapshotCommitted: Bool, rehydrationLatencyMilliseconds: Int64?,
        decodeErrors: Int64, partitions: [(partition: Int32, offsetKnown: Int64?, offsetCommitted: Int64)]
    ) {
        self.id = id
        self.messagesReceived = messagesReceived
        self.bytesReceived = bytesReceived
        self.updatesStaged = updatesStaged
        self.updatesCommitted = updatesCommitted
        self.offsetKnown = offsetKnown
        self.offsetCommitted = offsetCommitted
        self.snapshotCommitted = snapshotCommitted
        self.rehydrationLatencyMilliseconds = rehydrationLatencyMilliseconds
        self.decodeErrors = decodeErrors
        self.partitions = partitions
    }
}
