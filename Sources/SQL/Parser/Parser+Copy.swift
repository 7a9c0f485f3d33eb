extension Parser {
    /// `COPY (query) | relation [(columns)] TO STDOUT [[WITH] (option, …) | bare options]`.
    ///
    /// Everything else COPY can do is refused with what to write instead: relations are read-only (no COPY FROM),
    /// and the server writes no files (`psql`'s `\copy` writes them on the client).
    mutating func parseCopy() throws(SQLError) -> Statement {
        let copyToken = advance()
        let query: Query
        var relation: String?
        var subscribe: Subscribe?
        if current.isSymbol("("), peek().isKeyword("subscribe") {
            index += 1
            let parsed = try parseSubscribe()
            try expectSymbol(")")
            subscribe = parsed
            query = parsed.query
        } else if current.isSymbol("(") {
            query = try parseParenthesizedQuery()
        } else {
            let name = try parseObjectName("a relation name or a (query)")
            relation = name
            var columns: [String] = []
            if acceptSymbol("(") {
                repeat { columns.append(try parseIdentifier("a column name")) } while acceptSymbol(",")
                try expectSymbol(")")
            }
            let list = columns.isEmpty ? "*" : columns.map(QueryPlanner.quoted).joined(separator: ", ")
            query = Query(text: "SELECT \(list) FROM \(QueryPlanner.quoted(name))", parameterCount: 0)
        }
        if current.isKeyword("from") {
            throw SQLError.featureNotSupported(
                "COPY \(relation ?? "…") FROM is not supported: relations in Inlet are read-only; data arrives from Kafka through sources"
            )
        }
        guard accept("to") else { throw unexpected("TO STDOUT") }
        guard accept("stdout") else {
            throw SQLError.featureNotSupported(
                "COPY TO a file or a program is not supported: the server writes no files",
                hint: "use COPY … TO STDOUT, or psql's \\copy … to 'file', which writes the file on the client")
        }
        _ = accept("with")
        var options = CopyOptions()
        if acceptSymbol("(") {
            repeat { try parseCopyOption(&options) } while acceptSymbol(",")
            try expectSymbol(")")
        } else {
            try parseLegacyCopyOptions(&options)
        }
        var copy = try options.copy(query, at: copyToken.position)
        copy.subscribe = subscribe
        return .copyTo(copy)
    }

    /// The query between the parentheses, as text for the planner; `statement` names who refuses parameters.
    mutating func parseParenthesizedQuery(for statement: String = "COPY") throws(SQLError) -> Query {
        try expectSymbol("(")
        let start = current.start
        var depth = 0
        var parameters = 0
        while true {
            switch current.kind {
            case .endOfInput:
                throw unexpected("\")\" after the query")
            case .symbol("("):
                depth += 1
            case .symbol(")") where depth == 0:
                let end = tokens[index - 1].end
                guard end > start else { throw unexpected("a query") }
                index += 1
                guard parameters == 0 else {
                    throw SQLError(
                        sqlState: "42P02",
                        message: "\(statement) does not take parameters; write the values into the query")
                }
                return Query(text: lexer.text(from: start, to: end), parameterCount: 0)
            case .symbol(")"):
                depth -= 1
            case .parameter(let number):
                parameters = max(parameters, number)
            default:
                break
            }
            index += 1
        }
    }

    /// One option of the parenthesized list: `FORMAT csv`, `HEADER [bool]`, `DELIMITER 'c'`, `NULL 'x'`,
    /// `QUOTE 'q'`, `ESCAPE 'e'`, `FORCE_QUOTE (columns) | *`, `ENCODING 'UTF8'`.
    private mutating func parseCopyOption(_ options: inout CopyOptions) throws(SQLError) {
        let position = current.position
        // Option names may be reserved words (NULL).
        guard case .identifier(let name, _) = current.kind else {
            throw unexpected("a COPY option (FORMAT, HEADER, DELIMITER, NULL, QUOTE, ESCAPE, FORCE_QUOTE)")
        }
        index += 1
        switch name {
        case "format":
            let format = try parseIdentifier("text, csv or binary")
            guard let value = CopyTo.Format(rawValue: format) else {
                throw SQLError(
                    sqlState: "22023", message: "COPY format \"\(format)\" not recognized", position: position,
                    hint: "write FORMAT text, FORMAT csv or FORMAT binary")
            }
            try options.set(\.format, value, name: "format", at: position)
        case "header":
            try options.set(\.header, try parseOptionalBoolean(), name: "header", at: position)
        case "delimiter":
            try options.set(\.delimiter, try parseString("a one-character string"), name: "delimiter", at: position)
        case "null":
            try options.set(\.null, try parseString(), name: "null", at: position)
        case "quote":
            try options.set(\.quote, try parseString("a one-character string"), name: "quote", at: position)
        case "escape":
            try options.set(\.escape, try parseString("a one-character string"), name: "escape", at: position)
        case "force_quote":
            try options.set(\.forceQuote, try parseForceQuoteColumns(), name: "force_quote", at: position)
        case "encoding":
            let encoding = try parseString("an encoding name")
            guard ["utf8", "utf-8", "unicode"].contains(encoding.lowercased()) else {
                throw SQLError.featureNotSupported(
                    "COPY encoding \(encoding) is not supported; Inlet's text is UTF-8", hint: "leave ENCODING out")
            }
        default:
            throw SQLError(
                sqlState: "42601", message: "option \"\(name)\" not recognized", position: position,
                hint: "COPY … TO STDOUT takes FORMAT, HEADER, DELIMITER, NULL, QUOTE, ESCAPE, FORCE_QUOTE, ENCODING")
        }
    }

    /// PostgreSQL's older spelling: `BINARY`, `CSV`, `HEADER`, `DELIMITER [AS] 'c'`, `NULL [AS] 'x'`,
    /// `QUOTE [AS] 'q'`, `ESCAPE [AS] 'e'`, `FORCE QUOTE columns | *`, in any order.
    private mutating func parseLegacyCopyOptions(_ options: inout CopyOptions) throws(SQLError) {
        while let word = current.keyword {
            let position = current.position
            index += 1
            switch word {
            case "binary": try options.set(\.format, .binary, name: "format", at: position)
            case "csv": try options.set(\.format, .csv, name: "format", at: position)
            case "header": try options.set(\.header, true, name: "header", at: position)
            case "delimiter", "null", "quote", "escape":
                _ = accept("as")
                let value = try parseString()
                switch word {
                case "delimiter": try options.set(\.delimiter, value, name: word, at: position)
                case "null": try options.set(\.null, value, name: word, at: position)
                case "quote": try options.set(\.quote, value, name: word, at: position)
                default: try options.set(\.escape, value, name: word, at: position)
                }
            case "force":
                try expect("quote")
                try options.set(\.forceQuote, try parseForceQuoteColumns(), name: "force_quote", at: position)
            default:
                index -= 1
                throw unexpected("a COPY option or the end of the statement")
            }
        }
    }

    /// `*`, `(a, b)` or, in the older spelling, `a, b`; nil means every column.
    private mutating func parseForceQuoteColumns() throws(SQLError) -> Set<String>? {
        if acceptSymbol("*") { return nil }
        let parenthesized = acceptSymbol("(")
        var columns: Set<String> = []
        repeat { columns.insert(try parseIdentifier("a column name")) } while acceptSymbol(",")
        if parenthesized { try expectSymbol(")") }
        return columns
    }

    /// `HEADER` alone is true; `HEADER true|false|on|off|1|0` as written.
    mutating func parseOptionalBoolean() throws(SQLError) -> Bool {
        if current.isSymbol(",") || current.isSymbol(")") { return true }
        let token = advance()
        switch token.kind {
        case .identifier(let word, false) where ["true", "on"].contains(word): return true
        case .identifier(let word, false) where ["false", "off"].contains(word): return false
        case .number("1"): return true
        case .number("0"): return false
        case .string(let word) where ["true", "on", "1"].contains(word.lowercased()): return true
        case .string(let word) where ["false", "off", "0"].contains(word.lowercased()): return false
        default:
            index -= 1
            throw unexpected("a Boolean (true or false)")
        }
    }
}

/// The options of one COPY as written, checked as PostgreSQL checks them when they become a `CopyTo`.
struct CopyOptions {
    var format: CopyTo.Format?
    var header: Bool?
    var delimiter: String?
    var null: String?
    var quote: String?
    var escape: String?
    /// nil inside: every column (`*`).
    var forceQuote: Set<String>??

    /// Sets an option once; a second mention is PostgreSQL's 42601 "conflicting or redundant options".
    mutating func set<T>(_ path: WritableKeyPath<CopyOptions, T?>, _ value: T, name: String, at position: Int)
        throws(SQLError)
    {
        guard self[keyPath: path] == nil else {
            throw SQLError(
                sqlState: "42601", message: "conflicting or redundant options: \(name) is given twice",
                position: position)
        }
        self[keyPath: path] = value
    }

    func copy(_ query: Query, at position: Int) throws(SQLError) -> CopyTo {
        let format = self.format ?? .text
        func character(_ value: String?, _ what: String) throws(SQLError) -> Character? {
            guard let value else { return nil }
            guard value.utf8.count == 1, let character = value.first else {
                throw SQLError.featureNotSupported("COPY \(what) must be a single one-byte character")
            }
            return character
        }
        if format == .binary {
            for (given, name) in [(delimiter != nil, "DELIMITER"), (null != nil, "NULL"), (header == true, "HEADER")]
            where given {
                throw SQLError(sqlState: "42601", message: "cannot specify \(name) in BINARY mode", position: position)
            }
        }
        if format != .csv {
            for (given, name) in [
                (quote != nil, "quote"), (escape != nil, "escape"), (forceQuote != nil, "force quote"),
            ]
            where given {
                throw SQLError.featureNotSupported("COPY \(name) available only in CSV mode")
            }
        }
        let delimiter = try character(self.delimiter, "delimiter")
        if let delimiter, delimiter == "\r" || delimiter == "\n" {
            throw SQLError(sqlState: "22023", message: "COPY delimiter cannot be newline or carriage return")
        }
        if format == .text, let delimiter, delimiter == "\\" || delimiter.isLetter || delimiter.isNumber {
            throw SQLError(sqlState: "22023", message: "COPY delimiter cannot be \"\(delimiter)\"")
        }
        if let null, null.contains("\r") || null.contains("\n") {
            throw SQLError(
                sqlState: "22023", message: "COPY null representation cannot use newline or carriage return")
        }
        let quote = try character(self.quote, "quote")
        if let quote, quote == (delimiter ?? ",") {
            throw SQLError(sqlState: "22023", message: "COPY delimiter and quote must be different")
        }
        var copy = CopyTo(
            query: query, format: format, header: header ?? false, delimiter: delimiter, null: null,
            quote: quote ?? "\"", escape: try character(escape, "escape"))
        if let forceQuote {
            copy.forceQuote = forceQuote ?? []
            copy.forceQuoteAll = forceQuote == nil
        }
        return copy
    }
}
