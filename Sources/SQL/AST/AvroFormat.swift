/// `FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr`, and the reader schema pinned when the relation
/// was created.
///
/// The statement names only the connection; `CREATE SOURCE` / `CREATE TABLE` fetch the latest schema of the topic's
/// subject (TopicNameStrategy: `<topic>-value`, `<topic>-key`) and keep it here, so the relation's columns and the
/// reader schema stay the same across restarts while writers evolve.
public struct AvroFormat: Hashable, Sendable, Codable {
    /// The CONFLUENT SCHEMA REGISTRY connection's name.
    public var connection: String
    /// Nil as parsed; set by the catalog before the relation is planned and stored.
    public var pinned: PinnedAvroSchema?

    public init(connection: String, pinned: PinnedAvroSchema? = nil) {
        self.connection = connection
        self.pinned = pinned
    }

    public var sqlName: String {
        "AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION " + SQLText.qualified(connection)
    }
}

/// The reader schema of an Avro relation as the registry gave it at creation: subject, id and version, the schema
/// text, and the relation columns it plans to (record fields with their PostgreSQL types).
public struct PinnedAvroSchema: Hashable, Sendable, Codable {
    public var subject: String
    /// The registry's global schema id.
    public var id: Int32
    public var version: Int?
    /// The schema as JSON text, exactly as the registry returned it.
    public var schema: String
    /// The value's (or key's) columns, in field order.
    public var columns: [RelationColumn]

    public init(subject: String, id: Int32, version: Int?, schema: String, columns: [RelationColumn]) {
        self.subject = subject
        self.id = id
        self.version = version
        self.schema = schema
        self.columns = columns
    }
}
