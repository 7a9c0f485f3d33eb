import GRDB
import SQL

extension Catalog {
    /// The CONFLUENT SCHEMA REGISTRY connections `names`, resolved with their secrets and routes.
    func registryConnections(_ db: Database, named names: [String]) throws -> [String:
        ResolvedSchemaRegistryConnection]
    {
        var result: [String: ResolvedSchemaRegistryConnection] = [:]
        for name in names where result[name] == nil {
            guard let item = try CatalogItem.fetch(db, name: name) else {
                throw SQLError.undefinedObject(
                    "unknown connection '\(name)' in USING CONFLUENT SCHEMA REGISTRY CONNECTION; create it with "
                        + "CREATE CONNECTION \(name) TO CONFLUENT SCHEMA REGISTRY (URL '…')")
            }
            guard item.kind == .connection, item.connectionType == .confluentSchemaRegistry,
                let definition = item.definition
            else {
                throw SQLError.wrongObjectType(
                    "'\(name)' is \(item.kind == .connection ? "an \(item.connectionType?.sqlName ?? "") connection" : item.kind.article), "
                        + "not a CONFLUENT SCHEMA REGISTRY connection")
            }
            guard
                case .confluentSchemaRegistry(let registry) = try resolve(
                    db, id: item.id, name: name, definition: definition
                ).0
            else {
                throw SQLError.internal("connection \(name) did not resolve as CONFLUENT SCHEMA REGISTRY")
            }
            result[name] = registry
        }
        return result
    }

    /// The spec with its Avro reader schemas pinned by the server (the latest version of each subject).
    func pinSchemas(
        _ spec: SourceOutputSpec, topic: String, registries: [String: ResolvedSchemaRegistryConnection],
        relation: String
    ) async throws(SQLError) -> SourceOutputSpec {
        guard let preparer = configuration.sourcePreparer else {
            throw SQLError.featureNotSupported(
                "cannot create \(relation): this server cannot read schemas from a schema registry")
        }
        do {
            return try await preparer.pinSchemas(spec, topic: topic, registries: registries)
        } catch let error as SQLError {
            throw error
        } catch {
            throw SQLError.connectionFailure("cannot create \(relation): \(error)")
        }
    }

    /// A relation reading through a registry depends on its connection, so DROP CONNECTION needs CASCADE.
    func addRegistryDependencies(_ db: Database, item: String, spec: SourceOutputSpec?) throws {
        for name in spec?.schemaRegistryConnections ?? [] {
            guard let connection = try CatalogItem.fetch(db, name: name) else {
                throw SQLError.undefinedObject("connection \(name) was dropped meanwhile; create it again")
            }
            try addDependency(db, item: item, on: connection.id)
        }
    }
}

extension SourceOutputSpec {
    /// The CONFLUENT SCHEMA REGISTRY connections the key and value formats name, without duplicates.
    var schemaRegistryConnections: [String] {
        var names: [String] = []
        for format in [format.key, format.value].compactMap({ $0 }) {
            if case .avro(let avro) = format, !names.contains(avro.connection) { names.append(avro.connection) }
            if case .protobuf(let protobuf) = format, let connection = protobuf.connection,
                !names.contains(connection)
            {
                names.append(connection)
            }
        }
        return names
    }

    /// True when a format is `PROTOBUF MESSAGE … USING SCHEMA '\x…'`, whose descriptors the server reads at creation.
    var hasInlineProtobufSchema: Bool {
        [format.key, format.value].contains { format in
            if case .protobuf(let protobuf)? = format, case .inline = protobuf.schema { return true }
            return false
        }
    }
}
