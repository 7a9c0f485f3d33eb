import KafkaClient

/// Finds the descriptors of a Confluent-framed Protobuf record's writer by its schema id: the server answers it from
/// the CONFLUENT SCHEMA REGISTRY connection (`?format=serialized`, with every reference fetched).
///
/// Throwing errors are shown in the errors relation as their description (a `WriterSchemaLookupError` with
/// `isFinal` for an id the registry does not know), so they name the registry's URL and what to do, never a password.
public protocol ProtobufSchemaLookup: Sendable {
    /// The serialized `FileDescriptorProto`s of schema `id`: its imports first, its own file last.
    func protobufFiles(id: Int32) async throws -> [[UInt8]]
}

/// A decoder whose writer schemas are fetched by the runtime before the records that name them are decoded.
protocol WriterPrefetching: Sendable {
    /// The writer ids in `records`' keys or values that have no decoder yet (or whose failed fetch may be retried).
    func unknownWriterIDs(in records: [KafkaConsumerRecord], keys: Bool) -> Set<Int32>
    /// Fetches the writer schemas `ids`.
    func prefetch(_ ids: Set<Int32>) async
}
