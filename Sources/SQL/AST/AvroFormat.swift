/// `FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr [KEY STRATEGY s] [VALUE STRATEGY s]`, and the reader
/// schema pinned when the relation was created.
///
/// The statement names the connection and, optionally, how the reader schema is chosen (Materialize's `KEY
/// STRATEGY` / `VALUE STRATEGY`); `CREATE SOURCE` / `CREATE TABLE` then fetch or read that schema (for `LATEST`, the
/// latest version of the topic's subject, TopicNameStrategy: `<topic>-value`, `<topic>-key`) and keep it here, so
/// the relation's columns and the reader schema stay the same across restarts while writers evolve.
public struct AvroFormat: Hashable, Sendable, Codable {
    /// The CONFLUENT SCHEMA REGISTRY connection's name.
    public var connection: String
    /// `KEY STRATEGY …` as written; nil when left out (`LATEST`).
    public var keyStrategy: AvroReaderStrategy?
    /// `VALUE STRATEGY …` as written; nil when left out (`LATEST`).
    public var valueStrategy: AvroReaderStrategy?
    /// Nil as parsed; set by the catalog before the relation is planned and stored.
    public var pinned: PinnedAvroSchema?

    public init(
        connection: String, keyStrategy: AvroReaderStrategy? = nil, valueStrategy: AvroReaderStrategy? = nil,
        pinned: PinnedAvroSchema? = nil
    ) {
        self.connection = connection
        self.keyStrategy = keyStrategy
        self.valueStrategy = valueStrategy
        self.pinned = pinned
    }

    /// The strategy that chooses the key's reader schema (`isKey`) or the value's: `LATEST` unless written.
    public func strategy(forKey isKey: Bool) -> AvroReaderStrategy {
        (isKey ? keyStrategy : valueStrategy) ?? .latest
    }

    public var sqlName: String {
        var text = "AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION " + SQLText.qualified(connection)
        if let keyStrategy { text += " KEY STRATEGY " + keyStrategy.sqlName }
        if let valueStrategy { text += " VALUE STRATEGY " + valueStrategy.sqlName }
        return text
    }
}

/// How an Avro relation's reader schema is chosen at creation (Materialize's `strat`): the latest version of the
/// topic's subject, a registry schema by its global id, or a schema written in the statement.
///
/// Whichever it is, each record's writer schema is still fetched by the id in its framing and resolved against
/// the chosen reader.
public enum AvroReaderStrategy: Hashable, Sendable, Codable {
    /// `LATEST`: the subject's latest version when the relation is created (the default).
    case latest
    /// `ID n`: the registry's schema `n`.
    case id(Int32)
    /// `INLINE '<schema json>'`: the schema text given in the statement.
    case inline(String)

    public var sqlName: String {
        switch self {
        case .latest: return "LATEST"
        case .id(let id): return "ID \(id)"
        case .inline(let schema): return "INLINE " + SQLText.literal(schema)
        }
    }
}

/// The reader schema of an Avro relation as chosen at creation: the subject its writers register under, the
/// registry's id and version of the reader (none for an `INLINE` one), the schema text, and the relation columns it
/// plans to (record fields with their PostgreSQL types).
public struct PinnedAvroSchema: Hashable, Sendable, Codable {
    public var subject: String
    /// The registry's global schema id of the reader; nil for a reader given `INLINE`, which the registry may not
    /// hold, so every writer's schema is fetched by its id.
    public var id: Int32?
    public var version: Int?
    /// The schema as JSON text, exactly as the registry returned it (or as the statement gave it).
    public var schema: String
    /// The value's (or key's) columns, in field order.
    public var columns: [RelationColumn]

    public init(subject: String, id: Int32?, version: Int?, schema: String, columns: [RelationColumn]) {
        self.subject = subject
        self.id = id
        self.version = version
        self.schema = schema
        self.columns = columns
    }

    /// How messages name the reader: `id 3 of events-value`, or `the INLINE reader schema of events-value`.
    public var readerDescription: String {
        if let id { return "id \(id) of \(subject)" }
        return "the INLINE reader schema for \(subject)"
    }
}
