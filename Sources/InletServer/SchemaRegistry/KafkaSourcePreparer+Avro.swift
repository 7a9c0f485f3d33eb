import Catalog
import Formats
import Ingest
import SQL
import SchemaRegistry

extension KafkaSourcePreparer {
    /// Pins the latest schema of `<topic>-value` (and `<topic>-key`) as the reader schema of each Avro format, with
    /// the columns it plans to; refuses a subject that does not exist, a non-Avro schema, or one that does not
    /// parse, naming the subject and the registry.
    func pinSchemas(
        _ spec: SourceOutputSpec, topic: String, registries: [String: ResolvedSchemaRegistryConnection]
    ) async throws -> SourceOutputSpec {
        var pinned = spec
        let debezium = spec.envelope == .debezium
        switch spec.format {
        case .value(let value):
            let pinnedValue = try await pin(
                value, subject: "\(topic)-value", debezium: debezium, registries: registries)
            if debezium, case .avro = value {
                // As in Materialize, FORMAT AVRO USING … ENVELOPE DEBEZIUM reads the key's schema from the registry
                // too: the Debezium key is the row's primary key.
                pinned.format = .keyValue(
                    key: try await pin(value, subject: "\(topic)-key", debezium: false, registries: registries),
                    value: pinnedValue)
            } else {
                pinned.format = .value(pinnedValue)
            }
        case .keyValue(let key, let value):
            pinned.format = .keyValue(
                key: try await pin(key, subject: "\(topic)-key", debezium: false, registries: registries),
                value: try await pin(value, subject: "\(topic)-value", debezium: debezium, registries: registries))
        }
        return pinned
    }

    /// Pins one format's schema. Under ENVELOPE DEBEZIUM the value's columns are those of the envelope's `after`
    /// row, and a schema that is no envelope is refused.
    private func pin(
        _ format: RecordFormat, subject: String, debezium: Bool,
        registries: [String: ResolvedSchemaRegistryConnection]
    ) async throws -> RecordFormat {
        if case .protobuf(let protobuf) = format {
            return try await pinProtobuf(protobuf, subject: subject, registries: registries)
        }
        guard case .avro(var avro) = format, let connection = registries[avro.connection] else { return format }
        let client = try await SchemaRegistryConnectionClient(
            connection: connection, endpoints: endpoints, tunnels: tunnels
        ).client()
        let latest: RegisteredSchema
        do {
            latest = try await client.latest(subject: subject)
        } catch {
            var failure = error.sqlError(
                connection: connection.name, doing: "fetching the reader schema of subject \(subject)")
            if error.code == .notFound {
                failure.hint =
                    "register a schema under \(subject) first (producing with Confluent's serializer does), or check "
                    + "the topic's name"
            }
            throw failure
        }
        guard latest.schemaType.uppercased() == "AVRO" else {
            throw SQLError.invalidParameter(
                "subject \(subject) of connection \(connection.name) holds a \(latest.schemaType) schema, not Avro; "
                    + "use the FORMAT that matches it")
        }
        let schema: AvroSchema
        do {
            schema = try AvroSchema(parsing: latest.schema)
        } catch {
            throw SQLError.invalidParameter(
                "schema id \(latest.id) of subject \(subject) (connection \(connection.name)) cannot be read: "
                    + error.reason)
        }
        var columns = AvroColumns.plan(schema)
        if debezium {
            do {
                columns = AvroColumns.plan(.record(try AvroDebezium.rowRecord(of: schema)))
            } catch {
                throw SQLError.invalidParameter(
                    "schema id \(latest.id) of subject \(subject) (connection \(connection.name)) cannot be read "
                        + "with ENVELOPE DEBEZIUM: " + error.reason)
            }
        }
        avro.pinned = PinnedAvroSchema(
            subject: subject, id: latest.id, version: latest.version, schema: latest.schema, columns: columns)
        return .avro(avro)
    }
}
