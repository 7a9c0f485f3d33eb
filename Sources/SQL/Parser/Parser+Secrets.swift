extension Parser {
    mutating func parseCreate() throws(SQLError) -> Statement {
        try expect("create")
        if accept("secret") {
            let ifNotExists = accept(["if", "not", "exists"])
            let name = try parseObjectName("a secret name")
            try expect("as")
            return .createSecret(CreateSecret(name: name, ifNotExists: ifNotExists, value: try parseSecretValue()))
        }
        if accept("connection") {
            return .createConnection(try parseCreateConnection())
        }
        if accept("source") {
            return .createSource(try parseCreateSource())
        }
        if accept("table") {
            return try parseCreateTable()
        }
        if startsCreateView { return try parseCreateView() }
        if let word = current.keyword, Self.unsupportedObjects.contains(word) {
            throw SQLError.featureNotSupported(
                "CREATE \(word.uppercased()) is not supported; Inlet keeps secrets, connections, sources and the "
                    + "tables sources feed")
        }
        throw unexpected("SECRET, CONNECTION, SOURCE, TABLE or VIEW after CREATE")
    }

    /// Materialize objects Inlet does not have: refused as unsupported rather than as a syntax error.
    static let unsupportedObjects: Set<String> = [
        "cluster", "sink", "materialized", "index", "database", "schema", "role", "type", "temporary",
        "temp", "or", "default", "user", "function",
    ]

    mutating func parseAlter() throws(SQLError) -> Statement {
        try expect("alter")
        if accept("secret") {
            let ifExists = accept(["if", "exists"])
            let name = try parseObjectName("a secret name")
            try expect("as")
            return .alterSecret(name: name, value: try parseSecretValue(), ifExists: ifExists)
        }
        if accept("connection") {
            let ifExists = accept(["if", "exists"])
            let name = try parseObjectName("a connection name")
            return .alterConnection(name: name, action: try parseAlterConnectionAction(), ifExists: ifExists)
        }
        throw unexpected("SECRET or CONNECTION after ALTER")
    }

    mutating func parseDrop() throws(SQLError) -> Statement {
        try expect("drop")
        let makeStatement: (DropObjects) -> Statement
        if accept("secret") {
            makeStatement = Statement.dropSecret
        } else if accept("connection") {
            makeStatement = Statement.dropConnection
        } else if accept("source") {
            makeStatement = Statement.dropSource
        } else if accept("table") {
            makeStatement = Statement.dropTable
        } else if accept("view") {
            makeStatement = { .view(.drop($0)) }
        } else {
            throw unexpected("SECRET, CONNECTION, SOURCE, TABLE or VIEW after DROP")
        }
        let ifExists = accept(["if", "exists"])
        var names = [try parseObjectName()]
        while acceptSymbol(",") { names.append(try parseObjectName()) }
        var cascade = false
        if accept("cascade") {
            cascade = true
        } else {
            _ = accept("restrict")
        }
        return makeStatement(DropObjects(names: names, ifExists: ifExists, cascade: cascade))
    }

    /// `'value'`, `decode('…', 'base64' | 'hex' | 'escape')`, optionally followed by `::bytea` / `::text`.
    mutating func parseSecretValue() throws(SQLError) -> SecretValue {
        let value: SecretValue
        if case .string(let text) = current.kind {
            index += 1
            value = SecretValue(bytes: Array(text.utf8))
        } else if current.isKeyword("decode"), peek().isSymbol("(") {
            index += 2
            let encodedPosition = current.position
            let encoded = try parseString("the encoded value as a string literal")
            try expectSymbol(",")
            let formatPosition = current.position
            let format = try parseString("the encoding ('base64' or 'hex')").lowercased()
            try expectSymbol(")")
            let decoded: [UInt8]?
            switch format {
            case "base64": decoded = Base64.decode(encoded)
            case "hex": decoded = Hex.decode(encoded)
            case "escape": decoded = Array(encoded.utf8)
            default:
                throw SQLError.syntax(
                    "unknown encoding '\(format)' in decode; use 'base64', 'hex' or 'escape'", position: formatPosition)
            }
            guard let decoded else {
                throw SQLError(
                    sqlState: "22023", message: "the value given to decode is not valid \(format); check its encoding",
                    position: encodedPosition)
            }
            value = SecretValue(bytes: decoded)
        } else {
            throw unexpected("the secret's value: a string literal or decode('…', 'base64')")
        }
        if acceptSymbol("::") {
            let type = try parseIdentifier("a type name")
            guard type == "bytea" || type == "text" else {
                throw SQLError.syntax(
                    "a secret's value is bytea or text, not \(type)", position: tokens[index - 1].position)
            }
        }
        return value
    }
}
