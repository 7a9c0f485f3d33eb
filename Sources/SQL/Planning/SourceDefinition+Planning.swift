extension KafkaSourceDefinition {
    /// Checks a `CREATE SOURCE`'s Kafka and `WITH` options and builds what the source reads.
    ///
    /// The relation's columns are planned separately, by `SourceOutputDefinition.plan`, because a source without
    /// a format has none of its own and feeds tables instead.
    public static func plan(_ create: CreateSource) throws(SQLError) -> KafkaSourceDefinition {
        let reader = OptionReader(options: create.kafkaOptions, context: "KAFKA source")
        try reader.checkNames(OptionNames.kafkaSource)
        let topic = try reader.requiredText("TOPIC", example: "(TOPIC 'name') after the connection's name")
        guard !topic.isEmpty else { throw reader.invalid("TOPIC must name a topic, not ''", option: "TOPIC") }
        if reader.has("START OFFSET"), let timestamp = reader.option("START TIMESTAMP") {
            throw SQLError.syntax(
                "give either START OFFSET or START TIMESTAMP, not both; START TIMESTAMP picks each partition's "
                    + "start offset itself", position: timestamp.position)
        }
        var definition = KafkaSourceDefinition(connection: create.connection, topic: topic)
        definition.startOffsets = try startOffsets(reader)
        definition.startTimestamp = try startTimestamp(reader)
        definition.groupIDPrefix = try reader.text("GROUP ID PREFIX", example: "GROUP ID PREFIX 'inlet-'")
        if let interval = try metadataRefreshMilliseconds(reader) {
            definition.metadataRefreshMilliseconds = interval
        }

        let with = OptionReader(options: create.withOptions, context: "CREATE SOURCE … WITH")
        try with.checkNames(OptionNames.sourceWith)
        definition.size = try with.text("SIZE", example: "SIZE = 'xsmall'")
        if definition.size != nil, let cluster = create.cluster {
            throw with.invalid(
                "give either IN CLUSTER \(SQLText.identifier(cluster)) or WITH (SIZE …), not both", option: "SIZE")
        }
        return definition
    }

    private static func startOffsets(_ reader: OptionReader) throws(SQLError) -> [Int64] {
        guard let option = reader.option("START OFFSET") else { return [] }
        let example = "START OFFSET (0, 10, 100) for partitions 0, 1 and 2"
        let values: [OptionValue]
        switch option.value {
        case .list(let list): values = list
        case .number: values = [option.value]
        default: throw reader.wrongType("START OFFSET", expected: "a list of offsets", example: example)
        }
        var offsets: [Int64] = []
        for value in values {
            guard case .number(let text) = value, let offset = Int64(text) else {
                throw reader.invalid("START OFFSET takes integer offsets; write \(example)", option: "START OFFSET")
            }
            guard offset >= 0 else {
                throw reader.invalid(
                    "START OFFSET values must be zero or positive, not \(offset); write \(example)",
                    option: "START OFFSET")
            }
            offsets.append(offset)
        }
        return offsets
    }

    private static func startTimestamp(_ reader: OptionReader) throws(SQLError) -> Int64? {
        guard let option = reader.option("START TIMESTAMP") else { return nil }
        guard case .number(let text) = option.value, let milliseconds = Int64(text) else {
            throw reader.wrongType(
                "START TIMESTAMP", expected: "an integer number of milliseconds since the epoch (negative: before now)",
                example: "START TIMESTAMP -3600000 for an hour ago")
        }
        return milliseconds
    }

    private static func metadataRefreshMilliseconds(_ reader: OptionReader) throws(SQLError) -> Int64? {
        let name = "TOPIC METADATA REFRESH INTERVAL"
        guard reader.has(name) else { return nil }
        let example = "\(name) '30s'"
        guard let text = try reader.text(name, example: example) else { return nil }
        guard let microseconds = IntervalText.microseconds(text) else {
            throw reader.invalid(
                "\(name) takes an interval such as '30s', '500ms', '1m' or '1 hour', not '\(text)'", option: name)
        }
        let limit = maximumMetadataRefreshMilliseconds
        guard microseconds >= 1_000, microseconds / 1_000 <= limit else {
            throw reader.invalid(
                "\(name) must be at least 1ms and at most 1 hour ('1h'), not '\(text)'", option: name)
        }
        return microseconds / 1_000
    }
}

extension SourceOutputDefinition {
    /// The relation's columns for `spec`, in Materialize's order, each with where it comes from.
    ///
    /// The order is the key (when included: `INCLUDE KEY`, or always with `ENVELOPE UPSERT`), then the inline
    /// error column (`ENVELOPE UPSERT (VALUE DECODING ERRORS = INLINE)`), then the value's columns, then the other
    /// `INCLUDE` items in the order written. `columnNames` then renames columns from the first, as Materialize's
    /// `(col, …)` after the name does.
    ///
    /// Types follow Materialize with two exceptions: `INCLUDE OFFSET` is `int8` (Materialize: `uint8`) and
    /// `INCLUDE HEADERS` is `jsonb`, an array of `{"key": text, "value": "\\x…" | null}` (Materialize: a list of
    /// `(key text, value bytea)` records, which PostgreSQL clients cannot read). Value columns are NOT NULL (a record
    /// without a value is no row) except beside an inline error column; the key is NOT NULL only with UPSERT.
    public static func plan(name: String, spec: SourceOutputSpec, columnNames: [String]) throws(SQLError)
        -> SourceOutputDefinition
    {
        let keyItems = spec.includes.filter { $0.kind == .key }
        guard keyItems.count <= 1 else {
            throw SQLError.syntax("INCLUDE KEY is given twice; give it once", position: nil)
        }
        let value = spec.format.value
        var upsert = false
        var errorColumn: String?
        if case .upsert(let inline) = spec.envelope {
            upsert = true
            errorColumn = inline
            if case .csv = value {
                throw SQLError.featureNotSupported(
                    "ENVELOPE UPSERT with VALUE FORMAT CSV is not supported (Materialize reads CSV append-only); "
                        + "use ENVELOPE NONE, or VALUE FORMAT TEXT, BYTES or JSON")
            }
        }

        let debeziumKey = try debeziumKey(spec, keyItems: keyItems)
        // FORMAT JSON ENVELOPE DEBEZIUM is planned as UPSERT is: the key (its own column), then `data`, the `after`
        // row as jsonb.
        if spec.isDebeziumJSON { upsert = true }

        var columns: [PlannedColumn] = []
        if let key = spec.keyFormatRead, debeziumKey == nil {
            let keyColumns = try keyColumns(key, alias: keyItems.first?.alias, upsert: upsert)
            if upsert || !keyItems.isEmpty {
                for (index, column) in keyColumns.enumerated() {
                    columns.append(PlannedColumn(column, from: .key(index: index)))
                }
            }
        } else if upsert {
            throw SQLError.invalidParameter(
                "ENVELOPE UPSERT needs the records' key format; write KEY FORMAT TEXT VALUE FORMAT \(value.sqlName) "
                    + "ENVELOPE UPSERT")
        } else if !keyItems.isEmpty {
            throw SQLError.invalidParameter(
                "INCLUDE KEY needs the key's format, not a bare FORMAT; write KEY FORMAT TEXT VALUE FORMAT "
                    + "\(value.sqlName) INCLUDE KEY")
        }
        let keyCount = columns.count
        if let errorColumn {
            columns.append(PlannedColumn(RelationColumn(name: errorColumn, type: .text), from: .valueError))
        }
        for (index, (columnName, type, nullable)) in try valueColumns(value).enumerated() {
            let column = RelationColumn(name: columnName, type: type, nullable: nullable || errorColumn != nil)
            columns.append(PlannedColumn(column, from: .value(index: index)))
        }
        let debeziumKeyIndexes = try debeziumKey.map { key throws(SQLError) in
            try debeziumKeyColumns(key, in: &columns, relation: name)
        }
        for item in spec.includes {
            guard let planned = metadataColumn(item) else { continue }
            columns.append(planned)
        }

        try rename(&columns, to: columnNames, relation: name)
        var seen: Set<String> = []
        for column in columns where !seen.insert(column.column.name).inserted {
            throw SQLError(
                sqlState: "42701",
                message: "column \"\(column.column.name)\" of \(name) is specified more than once; give one of them "
                    + "another name with INCLUDE … AS other_name or in the column list after \(name)")
        }
        var keyColumns = upsert ? columns.prefix(keyCount).map(\.column.name) : []
        if let debeziumKeyIndexes { keyColumns = debeziumKeyIndexes.map { columns[$0].column.name } }
        return SourceOutputDefinition(name: name, spec: spec, columns: columns, keyColumns: keyColumns)
    }

    /// For `ENVELOPE DEBEZIUM`: the pinned Avro key, whose record fields name the `after` row's key columns.
    ///
    /// Debezium writes Avro values through a registry, keyed by an Avro record of the table's primary key, so both
    /// must be Avro; the key's fields are already the row's columns, so `INCLUDE KEY` would repeat them.
    private static func debeziumKey(_ spec: SourceOutputSpec, keyItems: [IncludeColumn]) throws(SQLError)
        -> PinnedAvroSchema?
    {
        guard case .debezium = spec.envelope else { return nil }
        if spec.isDebeziumJSON { return nil }
        guard case .avro = spec.format.value else {
            throw SQLError.featureNotSupported(
                "ENVELOPE DEBEZIUM with VALUE FORMAT \(spec.format.value.sqlName) is not supported; Debezium's "
                    + "envelope is read from Avro or JSON: write FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY "
                    + "CONNECTION csr ENVELOPE DEBEZIUM, or FORMAT JSON ENVELOPE DEBEZIUM for its JSON converter")
        }
        guard keyItems.isEmpty else {
            throw SQLError.featureNotSupported(
                "INCLUDE KEY with ENVELOPE DEBEZIUM is not supported: the key's fields are already columns of the "
                    + "after row; leave INCLUDE KEY out")
        }
        guard case .avro(let key)? = spec.format.key else {
            throw SQLError.invalidParameter(
                "ENVELOPE DEBEZIUM needs the records' Avro key (Debezium keys each record by the row's primary key); "
                    + "write FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION csr ENVELOPE DEBEZIUM, which reads "
                    + "the key's schema from <topic>-key, or KEY FORMAT AVRO USING … VALUE FORMAT AVRO USING …")
        }
        guard let pinned = key.pinned, !pinned.columns.isEmpty else {
            throw SQLError.internal(
                "the Avro key schema of connection \(key.connection) was not fetched before the relation was planned")
        }
        return pinned
    }

    /// The positions of the key's fields among the `after` row's columns, which become NOT NULL: the key's fields
    /// must be columns of the row, of the same types.
    private static func debeziumKeyColumns(
        _ key: PinnedAvroSchema, in columns: inout [PlannedColumn], relation: String
    ) throws(SQLError) -> [Int] {
        var indexes: [Int] = []
        for field in key.columns {
            guard let index = columns.firstIndex(where: { $0.column.name == field.name }) else {
                throw SQLError(
                    sqlState: "42703",
                    message: "the key of \(relation) (subject \(key.subject)) has the field \(field.name), which the "
                        + "Debezium after row does not have; ENVELOPE DEBEZIUM needs the key's fields among the row's "
                        + "columns (" + columns.map(\.column.name).joined(separator: ", ") + ")")
            }
            guard columns[index].column.type == field.type else {
                throw SQLError(
                    sqlState: "42804",
                    message: "the key field \(field.name) of \(relation) is \(field.type.sqlType.name) in subject "
                        + "\(key.subject) but \(columns[index].column.type.sqlType.name) in the Debezium after row; "
                        + "the key's fields must have the row's types")
            }
            columns[index].column.nullable = false
            indexes.append(index)
        }
        return indexes
    }

    /// The key's columns: one `key` column (or `INCLUDE KEY AS name`) for TEXT, BYTES and JSON, NOT NULL under
    /// UPSERT; for Avro the key schema's columns (a record's fields), each as nullable as its schema says.
    private static func keyColumns(_ format: RecordFormat, alias: String?, upsert: Bool) throws(SQLError)
        -> [RelationColumn]
    {
        let type: ColumnType
        switch format {
        case .text: type = .text
        case .bytes: type = .bytea
        case .json: type = .jsonb
        case .csv:
            throw SQLError.featureNotSupported("KEY FORMAT CSV is not supported; use KEY FORMAT TEXT, BYTES or JSON")
        case .avro(let avro):
            guard let pinned = avro.pinned, !pinned.columns.isEmpty else {
                throw SQLError.internal(
                    "the Avro key schema of connection \(avro.connection) was not fetched before the relation was planned"
                )
            }
            if let alias {
                guard pinned.columns.count == 1 else {
                    throw SQLError.featureNotSupported(
                        "INCLUDE KEY AS \(alias) with an Avro key of \(pinned.columns.count) fields is not supported; "
                            + "write INCLUDE KEY to add the key's fields as columns")
                }
                return [RelationColumn(name: alias, type: pinned.columns[0].type, nullable: pinned.columns[0].nullable)]
            }
            return pinned.columns
        case .protobuf(let protobuf):
            let columns = try protobufColumns(protobuf)
            if let alias {
                guard columns.count == 1 else {
                    throw SQLError.featureNotSupported(
                        "INCLUDE KEY AS \(alias) with a Protobuf key of \(columns.count) fields is not supported; "
                            + "write INCLUDE KEY to add the key's fields as columns")
                }
                return [RelationColumn(name: alias, type: columns[0].type, nullable: columns[0].nullable)]
            }
            return columns
        }
        return [RelationColumn(name: alias ?? "key", type: type, nullable: !upsert)]
    }

    /// The value's columns, named as Materialize names them, and whether the format itself makes them nullable
    /// (an Avro `["null", T]` field).
    private static func valueColumns(_ format: RecordFormat) throws(SQLError) -> [(String, ColumnType, Bool)] {
        switch format {
        case .text: return [("text", .text, false)]
        case .bytes: return [("data", .bytea, false)]
        case .json: return [("data", .jsonb, false)]
        case .avro(let avro):
            guard let pinned = avro.pinned else {
                throw SQLError.internal(
                    "the Avro schema of connection \(avro.connection) was not fetched before the relation was planned")
            }
            guard !pinned.columns.isEmpty, pinned.columns.count <= maximumColumns else {
                throw SQLError.invalidParameter(
                    "the schema of subject \(pinned.subject) gives \(pinned.columns.count) columns; a relation needs "
                        + "between 1 and \(maximumColumns)")
            }
            return pinned.columns.map { ($0.name, $0.type, $0.nullable) }
        case .protobuf(let protobuf):
            return try protobufColumns(protobuf).map { ($0.name, $0.type, $0.nullable) }
        case .csv(let csv):
            switch csv.columns {
            case .count(let count):
                guard (1...maximumColumns).contains(count) else {
                    throw SQLError.invalidParameter(
                        "CSV WITH \(count) COLUMNS: give between 1 and \(maximumColumns) columns (PostgreSQL's limit "
                            + "for a table)")
                }
                return (1...count).map { ("column\($0)", .text, false) }
            case .header(let names) where names.isEmpty:
                throw SQLError.featureNotSupported(
                    "CSV WITH HEADER needs the column names here, since a Kafka topic's header is not known before "
                        + "its records arrive; write CSV WITH HEADER (a, b, c)")
            case .header(let names):
                guard names.count <= maximumColumns else {
                    throw SQLError.invalidParameter("CSV WITH HEADER lists more than \(maximumColumns) columns")
                }
                return names.map { ($0, .text, false) }
            }
        }
    }

    /// PostgreSQL's limit on the columns of a table.
    static let maximumColumns = 1_600

    private static func metadataColumn(_ item: IncludeColumn) -> PlannedColumn? {
        let type: ColumnType
        let source: ColumnSource
        var nullable = false
        switch item.kind {
        case .key: return nil
        case .partition: (type, source) = (.int4, .partition)
        case .offset: (type, source) = (.int8, .offset)
        case .timestamp: (type, source) = (.timestamp, .timestamp)
        case .headers: (type, source) = (.jsonb, .headers)
        case .header(let name, let bytes):
            (type, source) = (bytes ? .bytea : .text, .header(name: name, bytes: bytes))
            nullable = true
        }
        return PlannedColumn(RelationColumn(name: item.columnName, type: type, nullable: nullable), from: source)
    }

    private static func rename(_ columns: inout [PlannedColumn], to names: [String], relation: String)
        throws(SQLError)
    {
        guard names.count <= columns.count else {
            let existing = columns.map(\.column.name).joined(separator: ", ")
            throw SQLError.syntax(
                "the column list of \(relation) names \(names.count) column\(names.count == 1 ? "" : "s"), but "
                    + "\(relation) has \(columns.count) (\(existing)); list at most \(columns.count)",
                position: nil)
        }
        for (index, name) in names.enumerated() { columns[index].column.name = name }
    }
}

extension SourceOutputDefinition {
    /// A Protobuf format's pinned columns (the message's top-level fields), between 1 and the column limit.
    fileprivate static func protobufColumns(_ format: ProtobufFormat) throws(SQLError) -> [RelationColumn] {
        guard let pinned = format.pinned else {
            throw SQLError.internal(
                "the Protobuf schema of \(format.sqlName.prefix(80)) was not read before the relation was planned")
        }
        guard !pinned.columns.isEmpty, pinned.columns.count <= maximumColumns else {
            throw SQLError.invalidParameter(
                "the Protobuf message \(pinned.message) gives \(pinned.columns.count) columns; a relation needs between 1 "
                    + "and \(maximumColumns) (a message without fields cannot be a relation)")
        }
        return pinned.columns
    }
}

extension SourceOutputSpec {
    /// `FORMAT JSON ENVELOPE DEBEZIUM` (or `KEY FORMAT … VALUE FORMAT JSON ENVELOPE DEBEZIUM`): Debezium's JSON
    /// converter, whose `after` row is kept as one jsonb column keyed by the record's key.
    public var isDebeziumJSON: Bool {
        envelope == .debezium && format.value == .json
    }

    /// The format records' keys are read with: KEY FORMAT's, or the whole key as JSON for `FORMAT JSON ENVELOPE
    /// DEBEZIUM`, which keys each change by the row's primary key.
    public var keyFormatRead: RecordFormat? {
        format.key ?? (isDebeziumJSON ? .json : nil)
    }
}
