/// Finds the writer schema of a Confluent-framed record by its schema id: the server answers it from the CONFLUENT
/// SCHEMA REGISTRY connection (through the connection's route, cached by id).
///
/// Throwing errors are shown in the errors relation as their description, so they name the registry's URL and what
/// to do, never a password.
public protocol WriterSchemaLookup: Sendable {
    /// The schema text registered under `id`.
    func writerSchema(id: Int32) async throws -> String
}
