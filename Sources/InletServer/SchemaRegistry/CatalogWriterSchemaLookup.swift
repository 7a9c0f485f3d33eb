import Catalog
import Ingest
import NIOConcurrencyHelpers
import Routing
import SQL
import SchemaRegistry

/// Writer schemas by id for the running sources, from the stored CONFLUENT SCHEMA REGISTRY connection: resolved
/// afresh on every request that the cache cannot answer, so ALTER SECRET and ALTER CONNECTION take effect.
struct CatalogWriterSchemaLookup: WriterSchemaLookup {
    let catalog: Catalog
    let connection: String
    let endpoints: any PrivateLinkEndpointProvider
    let tunnels: SSHTunnelRegistry
    let cache: WriterSchemaCache

    func writerSchema(id: Int32) async throws -> String {
        guard case .confluentSchemaRegistry(let resolved) = try catalog.resolvedConnection(named: connection) else {
            throw WriterSchemaLookupError(
                "connection \(connection) is not a CONFLUENT SCHEMA REGISTRY connection", isFinal: false)
        }
        let key = resolved.definition.origin + resolved.definition.pathPrefix
        if let cached = cache.schema(registry: key, id: id) { return cached }
        let client = try await SchemaRegistryConnectionClient(
            connection: resolved, endpoints: endpoints, tunnels: tunnels
        ).client()
        do {
            let schema = try await client.schema(id: id)
            guard schema.schemaType.uppercased() == "AVRO" else {
                throw WriterSchemaLookupError(
                    "the registry holds a \(schema.schemaType) schema, not Avro", isFinal: true)
            }
            cache.store(schema.schema, registry: key, id: id)
            return schema.schema
        } catch let error as SchemaRegistryError {
            throw WriterSchemaLookupError(error.message, isFinal: error.code == .notFound)
        }
    }
}

/// Writer schemas the server has fetched, by registry (origin and path prefix) and id, shared by every source and
/// every run of a source: a registry never changes the schema behind an id.
final class WriterSchemaCache: Sendable {
    private let schemas = NIOLockedValueBox<[String: [Int32: String]]>([:])

    func schema(registry: String, id: Int32) -> String? {
        schemas.withLockedValue { $0[registry]?[id] }
    }

    func store(_ schema: String, registry: String, id: Int32) {
        schemas.withLockedValue { $0[registry, default: [:]][id] = schema }
    }
}
