extension Parser {
    mutating func parseShow() throws(SQLError) -> Statement {
        try expect("show")
        if accept("secrets") {
            try skipSchemaFilter()
            return .showSecrets(like: try parseLikeFilter())
        }
        if accept("connections") {
            try skipSchemaFilter()
            return .showConnections(like: try parseLikeFilter())
        }
        if accept(["create", "connection"]) {
            return .showCreateConnection(name: try parseObjectName("a connection name"))
        }
        if accept("sources") {
            try skipSchemaFilter()
            return .showSources(like: try parseLikeFilter())
        }
        if accept("tables") {
            try skipSchemaFilter()
            return .showTables(like: try parseLikeFilter())
        }
        if accept("views") {
            try skipSchemaFilter()
            return .view(.show(like: try parseLikeFilter()))
        }
        if accept(["create", "view"]) {
            return .view(.showCreate(name: try parseObjectName("a view name")))
        }
        if accept(["create", "source"]) {
            return .showCreateSource(name: try parseObjectName("a source name"))
        }
        if accept("columns") {
            guard accept("from") || accept("in") else { throw unexpected("FROM relation after SHOW COLUMNS") }
            let relation = try parseObjectName("a source or table name")
            return .showColumns(relation: relation, like: try parseLikeFilter())
        }
        if accept("all") { return .showVariable(name: nil) }
        return .showVariable(name: try parseVariableName())
    }

    /// `FROM schema` after SHOW SECRETS / CONNECTIONS / SOURCES / TABLES: every object lives in one schema.
    private mutating func skipSchemaFilter() throws(SQLError) {
        if accept("from") || accept("in") { _ = try parseObjectName("a schema name") }
    }

    /// `[LIKE 'pattern']` after the SHOW statements that list objects.
    private mutating func parseLikeFilter() throws(SQLError) -> String? {
        guard accept("like") else { return nil }
        return try parseString("a LIKE pattern as a string, e.g. 'kafka%'")
    }

    /// A variable name; the multi-word forms PostgreSQL allows map to their one-word names.
    private mutating func parseVariableName() throws(SQLError) -> String {
        if accept(["time", "zone"]) { return "timezone" }
        if accept(["transaction", "isolation", "level"]) { return "transaction_isolation" }
        var name = try parseIdentifier("a variable name")
        while acceptSymbol(".") { name += "." + (try parseIdentifier("a variable name")) }
        return name
    }

    mutating func parseSet() throws(SQLError) -> Statement {
        try expect("set")
        var isLocal = false
        if accept("local") {
            isLocal = true
        } else {
            _ = accept("session")
        }
        if current.isKeyword("transaction") || current.isKeyword("characteristics") {
            _ = try skipToEndOfStatement()
            return .setVariable(SetVariable(name: "transaction", value: nil, isLocal: true))
        }
        if accept(["time", "zone"]) {
            return .setVariable(SetVariable(name: "timezone", value: try parseSetValues(), isLocal: isLocal))
        }
        if accept("names") {
            return .setVariable(SetVariable(name: "client_encoding", value: try parseSetValues(), isLocal: isLocal))
        }
        let name = try parseVariableName()
        guard accept("to") || acceptSymbol("=") else { throw unexpected("TO or \"=\" after the variable name") }
        return .setVariable(SetVariable(name: name, value: try parseSetValues(), isLocal: isLocal))
    }

    /// `value[, value…]` or DEFAULT (nil).
    private mutating func parseSetValues() throws(SQLError) -> String? {
        if current.isKeyword("default"),
            peek().isSymbol(";") || { if case .endOfInput = peek().kind { true } else { false } }()
        {
            index += 1
            return nil
        }
        var values: [String] = []
        repeat {
            switch current.kind {
            case .string(let text), .number(let text):
                values.append(text)
            case .identifier(let word, _):
                values.append(word)
            case .symbol("-") where { if case .number = peek().kind { true } else { false } }():
                index += 1
                guard case .number(let text) = current.kind else { throw unexpected("a number") }
                values.append("-" + text)
            default:
                throw unexpected("a value (a string, a number or a word) or DEFAULT")
            }
            index += 1
        } while acceptSymbol(",")
        return values.joined(separator: ", ")
    }

    mutating func parseReset() throws(SQLError) -> Statement {
        try expect("reset")
        if accept("all") { return .resetVariable(name: nil) }
        return .resetVariable(name: try parseVariableName())
    }
}
