import Catalog
import Ingest
import SchemaRegistry

extension CatalogWriterSchemaLookup: ProtobufSchemaLookup {
    /// The writer's files (`?format=serialized`, references fetched by subject and version), from the stored
    /// connection resolved afresh.
    func protobufFiles(id: Int32) async throws -> [[UInt8]] {
        guard case .confluentSchemaRegistry(let resolved) = try catalog.resolvedConnection(named: connection) else {
            throw WriterSchemaLookupError(
                "connection \(connection) is not a CONFLUENT SCHEMA REGISTRY connection", isFinal: false)
        }
        let client = try await SchemaRegistryConnectionClient(
            connection: resolved, endpoints: endpoints, tunnels: tunnels
        ).client()
        do {
            let schema = try await client.serializedSchema(id: id)
            guard schema.schemaType.uppercased() == "PROTOBUF" else {
                throw WriterSchemaLookupError(
                    "the registry holds a \(schema.schemaType) schema, not Protobuf", isFinal: true)
            }
            return try await client.protobufFiles(of: schema)
        } catch let error as SchemaRegistryError {
            throw WriterSchemaLookupError(error.message, isFinal: error.code == .notFound)
        }
    }
}
