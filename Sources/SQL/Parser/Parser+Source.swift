extension OptionNames {
    /// Inside `FROM KAFKA CONNECTION c (…)` of `CREATE SOURCE`.
    static let kafkaSource = [
        "TOPIC", "START OFFSET", "START TIMESTAMP", "GROUP ID PREFIX", "TOPIC METADATA REFRESH INTERVAL",
    ]
    /// `CREATE SOURCE … WITH (…)`.
    static let sourceWith = ["SIZE"]
}

extension Parser {
    /// After `CREATE SOURCE`.
    mutating func parseCreateSource() throws(SQLError) -> CreateSource {
        let ifNotExists = accept(["if", "not", "exists"])
        let name = try parseObjectName("a source name")
        let columnNames = try parseColumnNames()
        var cluster: String?
        if accept(["in", "cluster"]) { cluster = try parseIdentifier("a cluster name") }
        try parseSourceConnector()
        let connection = try parseObjectName("the name of a KAFKA connection")
        guard acceptSymbol("(") else {
            throw unexpected("the source's options in parentheses after the connection name, e.g. (TOPIC 'name')")
        }
        let kafkaOptions = try parseOptionList(names: OptionNames.kafkaSource, context: "KAFKA source")
        let clauses = try parseSourceClauses(SourceClause.forSource)
        if clauses.format == nil, let position = clauses.decodingPosition {
            throw SQLError.syntax(
                "INCLUDE and ENVELOPE need a FORMAT before them, e.g. FORMAT TEXT; or leave them out here and "
                    + "give them to CREATE TABLE … FROM SOURCE", position: position)
        }
        return CreateSource(
            name: name, ifNotExists: ifNotExists, columnNames: columnNames, cluster: cluster, connection: connection,
            kafkaOptions: kafkaOptions, output: clauses.output, progressName: clauses.progressName,
            withOptions: clauses.withOptions)
    }

    /// `FROM KAFKA CONNECTION`; other connectors are refused as unsupported.
    private mutating func parseSourceConnector() throws(SQLError) {
        guard accept("from") else { throw unexpected("FROM KAFKA CONNECTION after the source's name") }
        let position = current.position
        if accept("kafka") {
            guard accept("connection") else {
                throw unexpected(
                    "CONNECTION after FROM KAFKA: brokers come from a connection, e.g. FROM KAFKA CONNECTION kafka_conn"
                )
            }
            return
        }
        let connectors: [(words: [String], name: String)] = [
            (["postgres"], "POSTGRES"), (["mysql"], "MYSQL"), (["sql", "server"], "SQL SERVER"),
            (["load", "generator"], "LOAD GENERATOR"), (["webhook"], "WEBHOOK"),
        ]
        for connector in connectors where accept(connector.words) {
            throw SQLError(
                sqlState: "0A000",
                message: "sources FROM \(connector.name) are not supported; Inlet reads Kafka: "
                    + "FROM KAFKA CONNECTION kafka_conn (TOPIC 'name')",
                position: position)
        }
        throw unexpected("KAFKA CONNECTION after FROM")
    }

    /// After `CREATE TABLE`: only `CREATE TABLE … FROM SOURCE` is accepted.
    mutating func parseCreateTable() throws(SQLError) -> Statement {
        guard isTableFromSource() else {
            throw SQLError.featureNotSupported(
                "CREATE TABLE is supported only as CREATE TABLE name FROM SOURCE src FORMAT …: tables in Inlet come "
                    + "from sources and are read-only")
        }
        let ifNotExists = accept(["if", "not", "exists"])
        let name = try parseObjectName("a table name")
        let columnNames = try parseColumnNames()
        try expect("from")
        try expect("source")
        let source = try parseObjectName("a source name")
        var reference: String?
        if acceptSymbol("(") {
            guard accept("reference") else { throw unexpected("REFERENCE topic after \"(\"") }
            _ = acceptSymbol("=")
            reference = try parseReference()
            try expectSymbol(")")
        }
        guard clauseAhead() == .format else {
            throw unexpected("FORMAT or KEY FORMAT … VALUE FORMAT …: a table from a Kafka source needs a format")
        }
        let clauses = try parseSourceClauses(SourceClause.forTable)
        guard let output = clauses.output else {
            throw SQLError.internal("CREATE TABLE … FROM SOURCE parsed without its format")
        }
        return .createTableFromSource(
            CreateTableFromSource(
                name: name, ifNotExists: ifNotExists, columnNames: columnNames, source: source, reference: reference,
                output: output))
    }

    /// Whether the tokens ahead read `[IF NOT EXISTS] name [(…)] FROM SOURCE`, the one CREATE TABLE Inlet has.
    /// A missing name counts (`CREATE TABLE FROM SOURCE s`), so that it gets a syntax error rather than a refusal.
    private func isTableFromSource() -> Bool {
        var offset = 0
        if current.isKeyword("if"), peek().isKeyword("not"), peek(2).isKeyword("exists") { offset = 3 }
        func isFromSource(_ at: Int) -> Bool { peek(at).isKeyword("from") && peek(at + 1).isKeyword("source") }
        if isFromSource(offset) { return true }
        guard case .identifier = peek(offset).kind else { return false }
        offset += 1
        while peek(offset).isSymbol("."), case .identifier = peek(offset + 1).kind { offset += 2 }
        if peek(offset).isSymbol("(") {
            var depth = 0
            repeat {
                let token = peek(offset)
                if token.isSymbol("(") { depth += 1 }
                if token.isSymbol(")") { depth -= 1 }
                if case .endOfInput = token.kind { return false }
                offset += 1
            } while depth > 0
        }
        return isFromSource(offset)
    }

    /// The topic after `REFERENCE`: `"t"` or `t`; a dotted `a.b` reads as the topic `a.b`.
    private mutating func parseReference() throws(SQLError) -> String {
        var parts = [try parseIdentifier("the topic's name, e.g. REFERENCE \"events\"")]
        while current.isSymbol("."), case .identifier = peek().kind {
            index += 1
            parts.append(try parseIdentifier("the topic's name"))
        }
        return parts.joined(separator: ".")
    }

    /// `[(col, …)]` after a source's or table's name.
    private mutating func parseColumnNames() throws(SQLError) -> [String] {
        guard acceptSymbol("(") else { return [] }
        var names: [String] = []
        repeat {
            names.append(try parseIdentifier("a column name"))
        } while acceptSymbol(",")
        guard acceptSymbol(")") else {
            throw unexpected("\",\" or \")\" after the column name (column types come from the format)")
        }
        return names
    }
}
