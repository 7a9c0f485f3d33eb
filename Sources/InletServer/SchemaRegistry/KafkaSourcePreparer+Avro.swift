import Catalog
import Formats
import Ingest
import SQL
import SchemaRegistry

extension KafkaSourcePreparer {
    /// Pins the reader schema of each Avro format, with the columns it plans to, as its strategy says: the latest
    /// schema of `<topic>-value` (and `<topic>-key`), a registry schema by id, or one given INLINE. Refuses a subject
    /// or id that does not exist, a non-Avro schema, one that does not parse, and a reader that cannot read the
    /// subject's latest writer, naming the subject and the registry.
    func pinSchemas(
        _ spec: SourceOutputSpec, topic: String, registries: [String: ResolvedSchemaRegistryConnection]
    ) async throws -> SourceOutputSpec {
        var pinned = spec
        let debezium = spec.envelope == .debezium
        switch spec.format {
        case .value(let value):
            let readsKey = debezium && value.isAvro
            if case .avro(let avro) = value, avro.keyStrategy != nil, !readsKey {
                throw SQLError.invalidParameter(
                    "KEY STRATEGY chooses the reader schema of an Avro key, and this relation reads no Avro key",
                    hint: "leave KEY STRATEGY out, or read the key too: KEY FORMAT AVRO USING CONFLUENT SCHEMA "
                        + "REGISTRY CONNECTION \(avro.connection) KEY STRATEGY … VALUE FORMAT …")
            }
            let pinnedValue = try await pin(
                value, subject: "\(topic)-value", isKey: false, debezium: debezium, registries: registries)
            if readsKey {
                // As in Materialize, FORMAT AVRO USING … ENVELOPE DEBEZIUM reads the key's schema from the registry
                // too: the Debezium key is the row's primary key.
                pinned.format = .keyValue(
                    key: try await pin(
                        value, subject: "\(topic)-key", isKey: true, debezium: false, registries: registries),
                    value: pinnedValue)
            } else {
                pinned.format = .value(pinnedValue)
            }
        case .keyValue(let key, let value):
            pinned.format = .keyValue(
                key: try await pin(key, subject: "\(topic)-key", isKey: true, debezium: false, registries: registries),
                value: try await pin(
                    value, subject: "\(topic)-value", isKey: false, debezium: debezium, registries: registries))
        }
        return pinned
    }

    /// Pins one format's reader schema. Under ENVELOPE DEBEZIUM the value's columns are those of the envelope's
    /// `after` row, and a schema that is no envelope is refused.
    private func pin(
        _ format: RecordFormat, subject: String, isKey: Bool, debezium: Bool,
        registries: [String: ResolvedSchemaRegistryConnection]
    ) async throws -> RecordFormat {
        if case .protobuf(let protobuf) = format {
            return try await pinProtobuf(protobuf, subject: subject, registries: registries)
        }
        guard case .avro(var avro) = format, let connection = registries[avro.connection] else { return format }
        let client = try await SchemaRegistryConnectionClient(
            connection: connection, endpoints: endpoints, tunnels: tunnels
        ).client()
        let strategy = avro.strategy(forKey: isKey)
        let clause = isKey ? "KEY STRATEGY" : "VALUE STRATEGY"
        let reader = try await AvroReaderChoice.choose(
            strategy, clause: clause, subject: subject, client: client, connection: connection.name)
        var columns = AvroColumns.plan(reader.schema)
        if debezium {
            do {
                columns = AvroColumns.plan(.record(try AvroDebezium.rowRecord(of: reader.schema)))
            } catch {
                throw SQLError.invalidParameter(
                    "\(reader.description) (connection \(connection.name)) cannot be read with ENVELOPE DEBEZIUM: "
                        + error.reason)
            }
        }
        if let writer = reader.latestWriter, writer.id != reader.id {
            try AvroReaderChoice.checkResolution(
                writer: writer, reader: reader, clause: clause, subject: subject, debezium: debezium,
                connection: connection.name)
        }
        avro.pinned = PinnedAvroSchema(
            subject: subject, id: reader.id, version: reader.version, schema: reader.text, columns: columns)
        return .avro(avro)
    }
}

extension RecordFormat {
    fileprivate var isAvro: Bool {
        if case .avro = self { return true }
        return false
    }
}
