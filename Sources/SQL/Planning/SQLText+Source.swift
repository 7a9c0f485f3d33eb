extension SQLText {
    /// The name as Materialize shows it in `create_sql`: `materialize.public.name` (one database, one schema).
    public static func qualified(_ name: String) -> String {
        "materialize.public." + identifier(name)
    }

    /// `CREATE SOURCE materialize.public.name … FROM KAFKA CONNECTION materialize.public.conn (…) …`, for
    /// `SHOW CREATE SOURCE` and `mz_sources.create_sql`.
    ///
    /// Like Materialize's, the text leaves out `IF NOT EXISTS`: it describes the object, not the request. It parses
    /// back to the same statement otherwise.
    public static func createSource(_ create: CreateSource) -> String {
        var parts = ["CREATE SOURCE", qualified(create.name)]
        if !create.columnNames.isEmpty { parts.append(columnList(create.columnNames)) }
        if let cluster = create.cluster { parts.append("IN CLUSTER " + identifier(cluster)) }
        parts.append(
            "FROM KAFKA CONNECTION " + qualified(create.connection) + " (" + options(create.kafkaOptions) + ")")
        if let output = create.output { parts.append(outputSpec(output)) }
        if let progress = create.progressName { parts.append("EXPOSE PROGRESS AS " + qualified(progress)) }
        if !create.withOptions.isEmpty { parts.append("WITH (" + options(create.withOptions) + ")") }
        return parts.joined(separator: " ")
    }

    /// `CREATE TABLE materialize.public.name FROM SOURCE materialize.public.src … FORMAT …`, for
    /// `mz_tables.create_sql`; without `IF NOT EXISTS`, as `createSource`.
    public static func createTable(_ create: CreateTableFromSource) -> String {
        var parts = ["CREATE TABLE", qualified(create.name)]
        if !create.columnNames.isEmpty { parts.append(columnList(create.columnNames)) }
        parts.append("FROM SOURCE " + qualified(create.source))
        if let reference = create.reference { parts.append("(REFERENCE " + identifier(reference) + ")") }
        parts.append(outputSpec(create.output))
        return parts.joined(separator: " ")
    }

    /// `FORMAT … [INCLUDE …] ENVELOPE …`.
    public static func outputSpec(_ spec: SourceOutputSpec) -> String {
        var parts: [String] = []
        switch spec.format {
        case .value(let format): parts.append("FORMAT " + format.sqlName)
        case .keyValue(let key, let value): parts.append("KEY FORMAT \(key.sqlName) VALUE FORMAT \(value.sqlName)")
        }
        if !spec.includes.isEmpty { parts.append("INCLUDE " + spec.includes.map(include).joined(separator: ", ")) }
        switch spec.envelope {
        case .none: parts.append("ENVELOPE NONE")
        case .debezium: parts.append("ENVELOPE DEBEZIUM")
        case .upsert(nil): parts.append("ENVELOPE UPSERT")
        case .upsert(let name?):
            parts.append("ENVELOPE UPSERT (VALUE DECODING ERRORS = (INLINE AS \(identifier(name))))")
        }
        return parts.joined(separator: " ")
    }

    /// One `INCLUDE` item: `KEY`, `PARTITION AS p`, `HEADER 'name' AS col BYTES`, ….
    public static func include(_ item: IncludeColumn) -> String {
        let word: String
        switch item.kind {
        case .key: word = "KEY"
        case .partition: word = "PARTITION"
        case .offset: word = "OFFSET"
        case .timestamp: word = "TIMESTAMP"
        case .headers: word = "HEADERS"
        case .header(let name, let bytes):
            return "HEADER \(literal(name)) AS \(identifier(item.columnName))" + (bytes ? " BYTES" : "")
        }
        return item.alias.map { "\(word) AS \(identifier($0))" } ?? word
    }

    private static func columnList(_ names: [String]) -> String {
        "(" + names.map(identifier).joined(separator: ", ") + ")"
    }
}
