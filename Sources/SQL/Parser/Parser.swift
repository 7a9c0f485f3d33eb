/// A statement with the part of the input it came from.
public struct ParsedStatement: Hashable, Sendable {
    public var statement: Statement
    /// The statement's own text, without the separating `;`.
    public var text: String
    /// The 1-based character position where the statement starts in the whole input.
    public var position: Int

    public init(statement: Statement, text: String, position: Int) {
        self.statement = statement
        self.text = text
        self.position = position
    }
}

/// A hand-written recursive-descent parser for Inlet's statements (Materialize's syntax for secrets, connections,
/// sources and tables from sources, PostgreSQL's for session commands).
///
/// Errors are `SQLError.syntax` with the 1-based character position of the offending token and a message that
/// says what was expected there. `parse` keeps queries as text for the storage engine; `parseSelectStatement`
/// reads one into a tree (Sources/SQL/Query) for a planner.
public struct Parser: Sendable {
    let lexer: Lexer
    let tokens: [Token]
    var index = 0
    /// How deeply the query parser is nested, bounded by `maximumDepth`.
    var depth = 0

    public init(_ sql: String) throws(SQLError) {
        self.lexer = Lexer(sql)
        self.tokens = try lexer.tokenize()
    }

    /// Parses every `;`-separated statement of `sql`. Empty statements between separators are dropped, but a
    /// text with no statement at all yields one `.empty`.
    public static func parse(_ sql: String) throws(SQLError) -> [ParsedStatement] {
        var parser = try Parser(sql)
        return try parser.parseStatements()
    }

    /// Parses exactly one statement (a trailing `;` is allowed), as the extended protocol requires.
    public static func parseOne(_ sql: String) throws(SQLError) -> ParsedStatement {
        let statements = try parse(sql)
        guard statements.count == 1, let statement = statements.first else {
            throw SQLError.syntax(
                "cannot insert multiple commands into a prepared statement; send them one at a time", position: nil)
        }
        return statement
    }

    mutating func parseStatements() throws(SQLError) -> [ParsedStatement] {
        var result: [ParsedStatement] = []
        while true {
            while current.isSymbol(";") { index += 1 }
            if case .endOfInput = current.kind { break }
            let start = current.start
            let statement = try parseStatement()
            let end = tokens[index - 1].end
            result.append(
                ParsedStatement(statement: statement, text: lexer.text(from: start, to: end), position: start + 1))
            if current.isSymbol(";") {
                index += 1
            } else if case .endOfInput = current.kind {
                break
            } else {
                throw unexpected("\";\" or the end of the statement")
            }
        }
        if result.isEmpty {
            result.append(ParsedStatement(statement: .empty, text: "", position: 1))
        }
        return result
    }

    // MARK: - Token helpers

    var current: Token { tokens[index] }

    func peek(_ offset: Int = 1) -> Token {
        tokens[min(index + offset, tokens.count - 1)]
    }

    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    /// Consumes the keyword when it is next.
    mutating func accept(_ keyword: String) -> Bool {
        guard current.isKeyword(keyword) else { return false }
        index += 1
        return true
    }

    /// Consumes the keywords when all of them are next, in order.
    mutating func accept(_ keywords: [String]) -> Bool {
        for (offset, keyword) in keywords.enumerated() where !peek(offset).isKeyword(keyword) {
            return false
        }
        index += keywords.count
        return true
    }

    mutating func acceptSymbol(_ symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        index += 1
        return true
    }

    mutating func expect(_ keyword: String) throws(SQLError) {
        guard accept(keyword) else { throw unexpected(keyword.uppercased()) }
    }

    mutating func expectSymbol(_ symbol: String) throws(SQLError) {
        guard acceptSymbol(symbol) else { throw unexpected("\"\(symbol)\"") }
    }

    /// A syntax error at the current token: "expected X, found Y".
    func unexpected(_ expected: String, hint: String? = nil) -> SQLError {
        SQLError.syntax("expected \(expected), found \(current.summary)", position: current.position, hint: hint)
    }

    /// An object name: an identifier, optionally qualified (`materialize.public.name`); the last part is the name.
    mutating func parseObjectName(_ what: String = "a name") throws(SQLError) -> String {
        var name = try parseIdentifier(what)
        while current.isSymbol("."), case .identifier = peek().kind {
            index += 1
            name = try parseIdentifier(what)
        }
        return name
    }

    /// Words that cannot be bare names (quote them to use them: `"select"`).
    static let reservedWords: Set<String> = [
        "all", "alter", "and", "as", "cascade", "create", "default", "drop", "false", "from", "not", "null", "or",
        "restrict", "select", "set", "to", "true", "using", "where", "with",
    ]

    mutating func parseIdentifier(_ what: String = "a name") throws(SQLError) -> String {
        guard case .identifier(let value, let quoted) = current.kind, quoted || !Self.reservedWords.contains(value)
        else {
            throw unexpected(what)
        }
        index += 1
        return value
    }

    mutating func parseString(_ what: String = "a string literal") throws(SQLError) -> String {
        guard case .string(let value) = current.kind else { throw unexpected(what) }
        index += 1
        return value
    }

    mutating func parseInteger(_ what: String = "an integer") throws(SQLError) -> Int {
        guard case .number(let text) = current.kind, let value = Int(text) else { throw unexpected(what) }
        index += 1
        return value
    }

    /// Skips to the end of the statement (the next top-level `;`), returning the highest `$n` seen.
    mutating func skipToEndOfStatement() throws(SQLError) -> Int {
        var depth = 0
        var highestParameter = 0
        while true {
            switch current.kind {
            case .endOfInput:
                return highestParameter
            case .symbol(";") where depth == 0:
                return highestParameter
            case .symbol("("), .symbol("["):
                depth += 1
            case .symbol(")"), .symbol("]"):
                depth -= 1
                if depth < 0 {
                    throw SQLError.syntax("unbalanced \")\"; remove it or add \"(\"", position: current.position)
                }
            case .parameter(let number):
                highestParameter = max(highestParameter, number)
            default:
                break
            }
            index += 1
        }
    }

    // MARK: - Statements

    mutating func parseStatement() throws(SQLError) -> Statement {
        let first = current
        switch first.keyword {
        case "select", "with", "values", "table":
            return try parseQuery()
        case "create": return try parseCreate()
        case "alter": return try parseAlter()
        case "drop": return try parseDrop()
        case "show": return try parseShow()
        case "set": return try parseSet()
        case "reset": return try parseReset()
        case "validate":
            index += 1
            try expect("connection")
            return .validateConnection(name: try parseObjectName("a connection name"))
        case "begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release":
            return try parseTransaction()
        case "copy":
            return try parseCopy()
        case "declare": return try parseDeclare()
        case "fetch": return try parseFetch()
        case "close": return try parseCloseCursor()
        case "subscribe": return .subscribe(try parseSubscribe())
        case "insert", "update", "delete", "truncate", "merge":
            throw SQLError.featureNotSupported(
                "\(first.keyword?.uppercased() ?? "") is not supported: relations in Inlet are read-only; "
                    + "data arrives from Kafka through sources")
        default:
            if first.isSymbol("(") { return try parseQuery() }
            throw unexpected(
                "a statement (SELECT, CREATE SECRET, CREATE CONNECTION, CREATE SOURCE, CREATE TABLE … FROM SOURCE, "
                    + "ALTER, DROP, SHOW, SET, RESET, "
                    + "VALIDATE CONNECTION, COPY … TO STDOUT, SUBSCRIBE, BEGIN, COMMIT, ROLLBACK)")
        }
    }

    mutating func parseQuery() throws(SQLError) -> Statement {
        let start = current.start
        let parameters = try skipToEndOfStatement()
        let end = tokens[index - 1].end
        return .query(Query(text: lexer.text(from: start, to: end), parameterCount: parameters))
    }

    private mutating func savepointName() throws(SQLError) -> String {
        let name = try parseObjectName("a savepoint name")
        _ = try skipToEndOfStatement()
        return name
    }

    mutating func parseTransaction() throws(SQLError) -> Statement {
        let keyword = advance().keyword ?? ""
        let command: TransactionCommand
        switch keyword {
        case "begin":
            command = .begin
        case "start":
            try expect("transaction")
            command = .begin
        case "commit", "end":
            command = .commit
        case "savepoint":
            return .transaction(.savepoint(try savepointName()))
        case "release":
            if current.keyword == "savepoint" { index += 1 }
            return .transaction(.release(try savepointName()))
        default:
            if keyword == "rollback", current.keyword == "work" || current.keyword == "transaction" { index += 1 }
            if keyword == "rollback", current.keyword == "to" {
                index += 1
                if current.keyword == "savepoint" { index += 1 }
                return .transaction(.rollbackTo(try savepointName()))
            }
            command = .rollback
        }
        // Modes (ISOLATION LEVEL …, READ ONLY, WORK, TRANSACTION, AND CHAIN) are accepted and have no effect.
        _ = try skipToEndOfStatement()
        return .transaction(command)
    }
}
