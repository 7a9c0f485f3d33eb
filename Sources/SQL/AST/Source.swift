/// `CREATE SOURCE [IF NOT EXISTS] name [(col, …)] FROM KAFKA CONNECTION conn (TOPIC 't' [, …])
/// [FORMAT f | KEY FORMAT f VALUE FORMAT f] [INCLUDE …] [ENVELOPE …] [EXPOSE PROGRESS AS name] [WITH (…)]`.
///
/// Without a format this is Materialize's newer form: the source only reads, and `CREATE TABLE … FROM SOURCE`
/// adds the relations (each with its own format and envelope).
public struct CreateSource: Hashable, Sendable {
    public var name: String
    public var ifNotExists: Bool
    /// `(col, …)` after the name: renames the relation's columns in order from the first, as Materialize does
    /// (the key's column comes first when it is included); fewer names than columns rename the first ones.
    public var columnNames: [String]
    /// `IN CLUSTER c`; Inlet has no clusters, so it is kept only to be shown back.
    public var cluster: String?
    /// The KAFKA connection after `FROM KAFKA CONNECTION`.
    public var connection: String
    /// The options in parentheses after the connection: `TOPIC`, `START OFFSET`, `START TIMESTAMP`,
    /// `GROUP ID PREFIX`, `TOPIC METADATA REFRESH INTERVAL`. `START OFFSET (0, 10)` is an `.list` of numbers.
    public var kafkaOptions: [ConnectionOption]
    /// Nil for the newer form (tables added with `CREATE TABLE … FROM SOURCE`).
    public var output: SourceOutputSpec?
    /// `EXPOSE PROGRESS AS name`.
    public var progressName: String?
    /// `WITH (SIZE 'xsmall', …)`.
    public var withOptions: [ConnectionOption]

    public init(
        name: String, ifNotExists: Bool = false, columnNames: [String] = [], cluster: String? = nil,
        connection: String, kafkaOptions: [ConnectionOption], output: SourceOutputSpec?, progressName: String? = nil,
        withOptions: [ConnectionOption] = []
    ) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.columnNames = columnNames
        self.cluster = cluster
        self.connection = connection
        self.kafkaOptions = kafkaOptions
        self.output = output
        self.progressName = progressName
        self.withOptions = withOptions
    }
}

/// `CREATE TABLE [IF NOT EXISTS] name [(col, …)] FROM SOURCE src [(REFERENCE "t")] FORMAT … [INCLUDE …]
/// [ENVELOPE …]`.
public struct CreateTableFromSource: Hashable, Sendable {
    public var name: String
    public var ifNotExists: Bool
    /// `(col, …)` after the name: renames the table's columns in order from the first, as for `CreateSource`.
    public var columnNames: [String]
    public var source: String
    /// `(REFERENCE "topic")`; nil when not written. When written it must name the source's topic.
    public var reference: String?
    public var output: SourceOutputSpec

    public init(
        name: String, ifNotExists: Bool = false, columnNames: [String] = [], source: String, reference: String?,
        output: SourceOutputSpec
    ) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.columnNames = columnNames
        self.source = source
        self.reference = reference
        self.output = output
    }
}

/// How one relation reads the records: format, extra columns and envelope, as written.
public struct SourceOutputSpec: Hashable, Sendable, Codable {
    public var format: SourceFormat
    public var includes: [IncludeColumn]
    public var envelope: SourceEnvelope

    public init(format: SourceFormat, includes: [IncludeColumn] = [], envelope: SourceEnvelope = .none) {
        self.format = format
        self.includes = includes
        self.envelope = envelope
    }
}

/// `FORMAT f` (the value only) or `KEY FORMAT k VALUE FORMAT v`.
public enum SourceFormat: Hashable, Sendable, Codable {
    case value(RecordFormat)
    case keyValue(key: RecordFormat, value: RecordFormat)

    public var value: RecordFormat {
        switch self {
        case .value(let format): return format
        case .keyValue(_, let value): return value
        }
    }

    public var key: RecordFormat? {
        if case .keyValue(let key, _) = self { return key }
        return nil
    }
}

/// One record format (Materialize's names).
public enum RecordFormat: Hashable, Sendable, Codable {
    /// `TEXT`: one `text` column; the bytes must be UTF-8.
    case text
    /// `BYTES`: one `bytea` column.
    case bytes
    /// `JSON`: one `jsonb` column.
    case json
    /// `CSV WITH n COLUMNS [DELIMITED BY 'c']` or `CSV WITH HEADER [(names)] [DELIMITED BY 'c']`.
    case csv(CSVFormat)
    /// `AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr`: Confluent-framed Avro, read with the schema pinned
    /// at creation.
    case avro(AvroFormat)
    /// `PROTOBUF USING CONFLUENT SCHEMA REGISTRY CONNECTION csr` or `PROTOBUF MESSAGE 'pkg.Msg' USING SCHEMA '\x…'`.
    case protobuf(ProtobufFormat)

    /// How the format is written in SQL (`TEXT`, `CSV WITH 3 COLUMNS`), for SHOW CREATE and messages.
    public var sqlName: String {
        switch self {
        case .text: return "TEXT"
        case .bytes: return "BYTES"
        case .json: return "JSON"
        case .csv(let csv): return csv.sqlName
        case .avro(let avro): return avro.sqlName
        case .protobuf(let protobuf): return protobuf.sqlName
        }
    }

    /// The name `mz_sources.key_format` / `value_format` shows.
    public var catalogName: String {
        switch self {
        case .text: return "text"
        case .bytes: return "bytes"
        case .json: return "json"
        case .csv: return "csv"
        case .avro: return "avro"
        case .protobuf: return "protobuf"
        }
    }
}

/// `CSV WITH n COLUMNS` or `CSV WITH HEADER (names)`, with an optional one-byte delimiter (default `,`).
public struct CSVFormat: Hashable, Sendable, Codable {
    public enum Columns: Hashable, Sendable, Codable {
        case count(Int)
        /// The header's column names; a record equal to the header line is skipped.
        case header([String])
    }

    public var columns: Columns
    /// The delimiter byte (ASCII), `,` unless `DELIMITED BY` says otherwise.
    public var delimiter: UInt8

    public init(columns: Columns, delimiter: UInt8 = UInt8(ascii: ",")) {
        self.columns = columns
        self.delimiter = delimiter
    }

    public var columnCount: Int {
        switch columns {
        case .count(let count): return count
        case .header(let names): return names.count
        }
    }

    public var sqlName: String {
        var text: String
        switch columns {
        case .count(let count): text = "CSV WITH \(count) COLUMNS"
        case .header(let names) where names.isEmpty:
            text = "CSV WITH HEADER"
        case .header(let names):
            text = "CSV WITH HEADER (" + names.map(SQLText.identifier).joined(separator: ", ") + ")"
        }
        if delimiter != UInt8(ascii: ",") {
            text += " DELIMITED BY " + SQLText.literal(String(UnicodeScalar(delimiter)))
        }
        return text
    }
}

/// One `INCLUDE` item: `KEY [AS k]`, `PARTITION [AS p]`, `OFFSET [AS o]`, `TIMESTAMP [AS t]`, `HEADERS [AS h]`,
/// `HEADER 'name' AS col [BYTES]`.
public struct IncludeColumn: Hashable, Sendable, Codable {
    public enum Kind: Hashable, Sendable, Codable {
        case key, partition, offset, timestamp, headers
        /// One header's value by name, as `text` (UTF-8 required) or, with `BYTES`, as `bytea`.
        case header(name: String, bytes: Bool)
    }

    public var kind: Kind
    /// `AS name`; nil means the default name (`key`, `partition`, `offset`, `timestamp`, `headers`).
    public var alias: String?

    public init(_ kind: Kind, alias: String? = nil) {
        self.kind = kind
        self.alias = alias
    }

    /// The column's name in the relation.
    public var columnName: String {
        if let alias { return alias }
        switch kind {
        case .key: return "key"
        case .partition: return "partition"
        case .offset: return "offset"
        case .timestamp: return "timestamp"
        case .headers: return "headers"
        case .header(let name, _): return name
        }
    }
}

/// `ENVELOPE NONE` (a row per record), `ENVELOPE UPSERT [(VALUE DECODING ERRORS = INLINE [AS name])]` or
/// `ENVELOPE DEBEZIUM`.
public enum SourceEnvelope: Hashable, Sendable, Codable {
    case none
    /// The latest value per key; a null value deletes the key. `inlineErrors` is the name of the error column
    /// (`error` unless `AS` says otherwise) when `VALUE DECODING ERRORS = INLINE`.
    case upsert(inlineErrors: String?)
    /// Debezium's change events, keyed by the record's key (Avro: the relation has the `after` row's fields; JSON:
    /// `data`, the `after` row as jsonb); `c`, `r` and `u` upsert the `after` row, `d` and a null value delete the key.
    case debezium

    public var catalogName: String {
        switch self {
        case .none: return "none"
        case .upsert: return "upsert"
        case .debezium: return "debezium"
        }
    }
}
