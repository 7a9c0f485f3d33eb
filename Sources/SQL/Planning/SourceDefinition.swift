/// What a Kafka source reads, checked and typed from `CREATE SOURCE`'s options: what the catalog stores and the
/// ingest runtime reads. Objects are referenced by name.
public struct KafkaSourceDefinition: Hashable, Sendable, Codable {
    /// The KAFKA connection's name.
    public var connection: String
    public var topic: String
    /// `START OFFSET (o0, o1, …)`: one offset per partition in partition order; partitions not listed start at 0.
    public var startOffsets: [Int64]
    /// `START TIMESTAMP ms` as written: milliseconds since the epoch, negative meaning "that long before now".
    /// The catalog resolves it once at creation into `startOffsets` (ListOffsets by timestamp).
    public var startTimestamp: Int64?
    /// `GROUP ID PREFIX 'p'`; the group id is this prefix (default `inlet-`) plus a stable name.
    public var groupIDPrefix: String?
    /// `TOPIC METADATA REFRESH INTERVAL`: 30 s unless written, at most 1 h.
    public var metadataRefreshMilliseconds: Int64
    /// `WITH (SIZE '…')`, shown in `mz_sources.size`; it has no other effect.
    public var size: String?

    public static let defaultMetadataRefreshMilliseconds: Int64 = 30_000
    public static let maximumMetadataRefreshMilliseconds: Int64 = 3_600_000

    public init(
        connection: String, topic: String, startOffsets: [Int64] = [], startTimestamp: Int64? = nil,
        groupIDPrefix: String? = nil,
        metadataRefreshMilliseconds: Int64 = KafkaSourceDefinition.defaultMetadataRefreshMilliseconds,
        size: String? = nil
    ) {
        self.connection = connection
        self.topic = topic
        self.startOffsets = startOffsets
        self.startTimestamp = startTimestamp
        self.groupIDPrefix = groupIDPrefix
        self.metadataRefreshMilliseconds = metadataRefreshMilliseconds
        self.size = size
    }
}

/// The type of a relation column, named as PostgreSQL names it; the storage engine declares columns with
/// `declaredName`, which the query layer maps back to the PostgreSQL type.
public enum ColumnType: String, Hashable, Sendable, Codable {
    case text, bytea, jsonb, int4, int8, timestamp, timestamptz, numrange
    /// The types Avro fields map to (docs/avro.md).
    case bool, float4, float8, numeric, uuid, date, time

    public var sqlType: SQLType {
        switch self {
        case .bool: return .bool
        case .float4: return SQLType(oid: 700, name: "real", size: 4)
        case .float8: return .float8
        case .numeric: return .numeric
        case .uuid: return SQLType(oid: 2950, name: "uuid", size: 16)
        case .date: return SQLType(oid: 1082, name: "date", size: 4)
        case .time: return SQLType(oid: 1083, name: "time", size: 8)
        case .text: return .text
        case .bytea: return .bytea
        case .jsonb: return .jsonb
        case .int4: return .int4
        case .int8: return .int8
        case .timestamp: return .timestamp
        case .timestamptz: return .timestamptz
        case .numrange: return SQLType(oid: 3906, name: "numrange", size: -1)
        }
    }

    /// The declared type in the storage engine's DDL. `numeric` is declared with SQLite's TEXT affinity, so that
    /// `1.50` keeps its scale instead of becoming the real 1.5.
    public var declaredName: String { self == .numeric ? "NUMERIC_TEXT" : rawValue.uppercased() }
}

/// One column of a relation Inlet fills.
public struct RelationColumn: Hashable, Sendable, Codable {
    public var name: String
    public var type: ColumnType
    public var nullable: Bool

    public init(name: String, type: ColumnType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}

/// Where one column of a relation comes from in a Kafka record.
public enum ColumnSource: Hashable, Sendable, Codable {
    /// Column `index` of the decoded key (TEXT/BYTES/JSON give one column, CSV several).
    case key(index: Int)
    /// Column `index` of the decoded value.
    case value(index: Int)
    case partition, offset, timestamp
    /// All headers as a jsonb array of `{"key": text, "value": "\\x…" | null}`.
    case headers
    /// One header's value by name (the last one with that name), as text or bytea.
    case header(name: String, bytes: Bool)
    /// The value's decoding error (UPSERT with `VALUE DECODING ERRORS = INLINE`), NULL when it decoded.
    case valueError
}

/// One relation fed by a source: the output spec as written, and the planned columns in relation order.
public struct SourceOutputDefinition: Hashable, Sendable, Codable {
    /// The relation's name (the source's own for `CREATE SOURCE … FORMAT`, the table's for `CREATE TABLE`).
    public var name: String
    public var spec: SourceOutputSpec
    /// The relation's columns, in order, each with where its value comes from.
    public var columns: [PlannedColumn]
    /// For `ENVELOPE UPSERT`: the names of the key columns (the relation's primary key).
    public var keyColumns: [String]

    public struct PlannedColumn: Hashable, Sendable, Codable {
        public var column: RelationColumn
        public var source: ColumnSource

        public init(_ column: RelationColumn, from source: ColumnSource) {
            self.column = column
            self.source = source
        }
    }

    public init(name: String, spec: SourceOutputSpec, columns: [PlannedColumn], keyColumns: [String]) {
        self.name = name
        self.spec = spec
        self.columns = columns
        self.keyColumns = keyColumns
    }

    public var relationColumns: [RelationColumn] { columns.map(\.column) }
}
