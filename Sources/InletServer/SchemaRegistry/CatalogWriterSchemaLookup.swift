import Catalog
import Ingest
import Routing
import SQL
import SchemaRegistry

/// Writer schemas by id for the running sources, from the stored CONFLUENT SCHEMA REGISTRY connection: resolved
/// afresh on every request (a miss happens once per writer id), so ALTER SECRET and ALTER CONNECTION take effect.
struct CatalogWriterSchemaLookup: WriterSchemaLookup {
    let catalog: Catalog
    let connection: String
    let endpoints: any PrivateLinkEndpointProvider
    let tunnels: SSHTunnelRegistry

    func writerSchema(id: Int32) async throws -> String {
        guard case .confluentSchemaRegistry(let resolved) = try catalog.resolvedConnection(named: connection) else {
            throw WriterSchemaLookupError(
                "connection \(connection) is not a CONFLUENT SCHEMA REGISTRY connection", isFinal: false)
        }
        let client = try await SchemaRegistryConnectionClient(
            connection: resolved, endpoints: endpoints, tunnels: tunnels
        ).client()
        do {
            let schema = try await client.schema(id: id)
            guard schema.schemaType.uppercased() == "AVRO" else {
                throw WriterSchemaLookupError(
                    "the registry holds a \(schema.schemaType) schema, not Avro", isFinal: true)
            }
            return schema.schema
        } catch let error as SchemaRegistryError {
            throw WriterSchemaLookupError(error.message, isFinal: error.code == .notFound)
        }
    }
}
