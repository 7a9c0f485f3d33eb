/// The clauses after a source's connection, or a table's `FROM SOURCE`, in the order Materialize accepts them.
enum SourceClause: Int, CaseIterable {
    case format, include, envelope, exposeProgress, with

    var sqlName: String {
        switch self {
        case .format: return "FORMAT"
        case .include: return "INCLUDE"
        case .envelope: return "ENVELOPE"
        case .exposeProgress: return "EXPOSE PROGRESS"
        case .with: return "WITH"
        }
    }

    static let forSource = allCases
    static let forTable: [SourceClause] = [.format, .include, .envelope]
}

/// What the clauses of one statement said, before they become a `SourceOutputSpec`.
struct SourceClauses {
    var format: SourceFormat?
    var includes: [IncludeColumn] = []
    var envelope: SourceEnvelope = .none
    /// Where the first INCLUDE or ENVELOPE was, for the error when a source has them without a format.
    var decodingPosition: Int?
    var progressName: String?
    var withOptions: [ConnectionOption] = []

    var output: SourceOutputSpec? {
        format.map { SourceOutputSpec(format: $0, includes: includes, envelope: envelope) }
    }
}

extension Parser {
    /// The clauses in `allowed`, each at most once and in Materialize's order; then the statement must end.
    mutating func parseSourceClauses(_ allowed: [SourceClause]) throws(SQLError) -> SourceClauses {
        var clauses = SourceClauses()
        var last: SourceClause?
        while let clause = clauseAhead() {
            guard allowed.contains(clause) else {
                throw unexpected(Self.clausesExpected(allowed.filter { $0.rawValue > (last?.rawValue ?? -1) }))
            }
            if let last, clause.rawValue <= last.rawValue {
                throw SQLError.syntax(
                    clause == last
                        ? "\(clause.sqlName) is given twice; give it once"
                        : "\(clause.sqlName) must come before \(last.sqlName); write the clauses in this order: "
                            + allowed.map(\.sqlName).joined(separator: ", "),
                    position: current.position)
            }
            last = clause
            try parseClause(clause, into: &clauses)
        }
        switch current.kind {
        case .endOfInput, .symbol(";"): return clauses
        default:
            throw unexpected(Self.clausesExpected(allowed.filter { $0.rawValue > (last?.rawValue ?? -1) }))
        }
    }

    private static func clausesExpected(_ remaining: [SourceClause]) -> String {
        (remaining.map { $0 == .format ? "FORMAT, KEY FORMAT" : $0.sqlName } + ["the end of the statement"])
            .joined(separator: ", ")
    }

    func clauseAhead() -> SourceClause? {
        switch current.keyword {
        case "format": return .format
        case "key" where peek().isKeyword("format"): return .format
        case "include": return .include
        case "envelope": return .envelope
        case "expose": return .exposeProgress
        case "with": return .with
        default: return nil
        }
    }

    private mutating func parseClause(_ clause: SourceClause, into clauses: inout SourceClauses) throws(SQLError) {
        switch clause {
        case .format:
            if accept(["key", "format"]) {
                let key = try parseRecordFormat()
                guard accept(["value", "format"]) else {
                    throw unexpected("VALUE FORMAT after the key's format: KEY FORMAT k VALUE FORMAT v")
                }
                let value = try parseRecordFormat()
                try Self.checkStrategies(key: key, value: value)
                clauses.format = .keyValue(key: key, value: value)
            } else {
                try expect("format")
                clauses.format = .value(try parseRecordFormat())
            }
        case .include:
            clauses.decodingPosition = clauses.decodingPosition ?? current.position
            try expect("include")
            clauses.includes = try parseIncludeItems()
        case .envelope:
            clauses.decodingPosition = clauses.decodingPosition ?? current.position
            try expect("envelope")
            clauses.envelope = try parseEnvelope()
        case .exposeProgress:
            guard accept(["expose", "progress", "as"]) else {
                throw unexpected("EXPOSE PROGRESS AS name", hint: nil)
            }
            clauses.progressName = try parseObjectName("the progress relation's name")
        case .with:
            try expect("with")
            try expectSymbol("(")
            clauses.withOptions = try parseOptionList(names: OptionNames.sourceWith, context: "source WITH")
        }
    }

    /// In `KEY FORMAT k VALUE FORMAT v` each format reads one side: a `VALUE STRATEGY` in the key's format (or a
    /// `KEY STRATEGY` in the value's) would choose nothing.
    private static func checkStrategies(key: RecordFormat, value: RecordFormat) throws(SQLError) {
        if case .avro(let avro) = key, let strategy = avro.valueStrategy {
            throw SQLError.syntax(
                "VALUE STRATEGY \(strategy.sqlName.prefix(40)) is in KEY FORMAT, which reads only the key; write it "
                    + "after VALUE FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION …", position: nil)
        }
        if case .avro(let avro) = value, let strategy = avro.keyStrategy {
            throw SQLError.syntax(
                "KEY STRATEGY \(strategy.sqlName.prefix(40)) is in VALUE FORMAT, which reads only the value; write it "
                    + "after KEY FORMAT AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION …", position: nil)
        }
    }

    /// `TEXT`, `BYTES`, `JSON`, `CSV WITH …`, `AVRO USING CONFLUENT SCHEMA REGISTRY CONNECTION c`, `PROTOBUF …`
    /// (`Parser+Protobuf.swift`).
    private mutating func parseRecordFormat() throws(SQLError) -> RecordFormat {
        let position = current.position
        switch current.keyword {
        case "text":
            index += 1
            return .text
        case "bytes":
            index += 1
            return .bytes
        case "json":
            index += 1
            if current.isKeyword("array") {
                throw SQLError(
                    sqlState: "0A000", message: "FORMAT JSON ARRAY is not supported; use FORMAT JSON",
                    position: current.position)
            }
            return .json
        case "csv":
            index += 1
            return .csv(try parseCSVFormat())
        case "avro":
            index += 1
            guard accept(["using", "confluent", "schema", "registry", "connection"]) else {
                throw unexpected("USING CONFLUENT SCHEMA REGISTRY CONNECTION name after AVRO")
            }
            let connection = try parseObjectName("the name of a CONFLUENT SCHEMA REGISTRY connection")
            var format = AvroFormat(connection: connection)
            try parseReaderStrategies(into: &format)
            return .avro(format)
        case "protobuf":
            index += 1
            return .protobuf(try parseProtobufFormat())
        case "regex":
            throw SQLError(
                sqlState: "0A000", message: "FORMAT REGEX is not supported; use TEXT, BYTES, JSON or CSV",
                position: position)
        default:
            throw unexpected(
                "a format: TEXT, BYTES, JSON, CSV WITH n COLUMNS, CSV WITH HEADER (a, b), AVRO USING CONFLUENT "
                    + "SCHEMA REGISTRY CONNECTION c or PROTOBUF USING CONFLUENT SCHEMA REGISTRY CONNECTION c")
        }
    }

    /// After `CSV`: `WITH n COLUMNS` or `WITH HEADER [(names)]`, then `[DELIMITED BY 'c']`.
    private mutating func parseCSVFormat() throws(SQLError) -> CSVFormat {
        guard accept("with") else { throw unexpected("WITH after CSV: CSV WITH n COLUMNS or CSV WITH HEADER (a, b)") }
        let columns: CSVFormat.Columns
        if accept("header") {
            columns = .header(acceptSymbol("(") ? try parseHeaderNames() : [])
        } else {
            let count = try parseInteger("the number of columns or HEADER after CSV WITH, e.g. CSV WITH 3 COLUMNS")
            guard accept("columns") || accept("column") else { throw unexpected("COLUMNS after CSV WITH \(count)") }
            columns = .count(count)
        }
        guard accept(["delimited", "by"]) else { return CSVFormat(columns: columns) }
        let position = current.position
        let text = try parseString("the delimiter as a string, e.g. DELIMITED BY ';'")
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 1, scalars[0].isASCII, !["\n", "\r", "\""].contains(scalars[0]) else {
            throw SQLError(
                sqlState: "22023",
                message: "the CSV delimiter must be one ASCII character other than a quote or a line break, "
                    + "e.g. DELIMITED BY ';'",
                position: position)
        }
        return CSVFormat(columns: columns, delimiter: UInt8(scalars[0].value))
    }

    private mutating func parseHeaderNames() throws(SQLError) -> [String] {
        var names: [String] = []
        repeat {
            names.append(try parseIdentifier("a column name"))
        } while acceptSymbol(",")
        try expectSymbol(")")
        return names
    }

    /// `item [, item …]`; a trailing comma before the next clause is allowed (Materialize's docs write one).
    private mutating func parseIncludeItems() throws(SQLError) -> [IncludeColumn] {
        var items: [IncludeColumn] = []
        repeat {
            if !items.isEmpty, clauseAhead() != nil || current.isSymbol(";") || current.kind == .endOfInput {
                break
            }
            items.append(try parseIncludeItem())
        } while acceptSymbol(",")
        return items
    }

    private mutating func parseIncludeItem() throws(SQLError) -> IncludeColumn {
        let kind: IncludeColumn.Kind
        switch current.keyword {
        case "key": kind = .key
        case "partition": kind = .partition
        case "offset": kind = .offset
        case "timestamp": kind = .timestamp
        case "headers": kind = .headers
        case "header":
            index += 1
            let name = try parseString("the header's name as a string, e.g. HEADER 'client_id' AS client_id")
            guard accept("as") else { throw unexpected("AS column after HEADER '\(name)': the column needs a name") }
            let alias = try parseIdentifier("a column name")
            return IncludeColumn(.header(name: name, bytes: accept("bytes")), alias: alias)
        default:
            throw unexpected("KEY, PARTITION, OFFSET, TIMESTAMP, HEADERS or HEADER 'name' AS column")
        }
        index += 1
        guard accept("as") else { return IncludeColumn(kind) }
        return IncludeColumn(kind, alias: try parseIdentifier("a column name after AS"))
    }

    /// After `ENVELOPE`: `NONE`, `DEBEZIUM` or `UPSERT [(VALUE DECODING ERRORS = INLINE [AS name])]`.
    private mutating func parseEnvelope() throws(SQLError) -> SourceEnvelope {
        if accept("none") { return .none }
        if accept("debezium") { return .debezium }
        if current.keyword == "materialize" {
            throw SQLError(
                sqlState: "0A000",
                message: "ENVELOPE MATERIALIZE is not supported; use ENVELOPE NONE, UPSERT or DEBEZIUM",
                position: current.position)
        }
        guard accept("upsert") else { throw unexpected("NONE, UPSERT or DEBEZIUM after ENVELOPE") }
        guard acceptSymbol("(") else { return .upsert(inlineErrors: nil) }
        guard accept(["value", "decoding", "errors"]) else {
            throw unexpected("VALUE DECODING ERRORS = INLINE inside ENVELOPE UPSERT (…)")
        }
        _ = acceptSymbol("=")
        let nested = acceptSymbol("(")
        guard accept("inline") else { throw unexpected("INLINE after VALUE DECODING ERRORS =") }
        let name = accept("as") ? try parseIdentifier("the error column's name") : "error"
        if nested { try expectSymbol(")") }
        try expectSymbol(")")
        return .upsert(inlineErrors: name)
    }

    /// `[KEY STRATEGY strat] [VALUE STRATEGY strat]` after an Avro format's connection, each at most once, where
    /// `strat` is `LATEST`, `ID n` or `INLINE '<schema json>'` (Materialize's syntax).
    mutating func parseReaderStrategies(into format: inout AvroFormat) throws(SQLError) {
        while current.isKeyword("key") || current.isKeyword("value"), peek().isKeyword("strategy") {
            let isKey = current.isKeyword("key")
            let name = isKey ? "KEY STRATEGY" : "VALUE STRATEGY"
            let position = current.position
            guard (isKey ? format.keyStrategy : format.valueStrategy) == nil else {
                throw SQLError.syntax("\(name) is given twice; give it once", position: position)
            }
            index += 2
            let strategy = try parseReaderStrategy(name)
            if isKey { format.keyStrategy = strategy } else { format.valueStrategy = strategy }
        }
    }

    private mutating func parseReaderStrategy(_ name: String) throws(SQLError) -> AvroReaderStrategy {
        if accept("latest") { return .latest }
        if accept("id") {
            let position = current.position
            let id = try parseInteger("the registry's schema id after \(name) ID, e.g. \(name) ID 42")
            guard let schemaID = Int32(exactly: id), schemaID >= 0 else {
                throw SQLError(
                    sqlState: "22023",
                    message: "\(name) ID \(id) is not a schema id: registry ids are integers from 0 to \(Int32.max)",
                    position: position)
            }
            return .id(schemaID)
        }
        if accept("inline") {
            return .inline(
                try parseString(
                    "the reader schema's JSON as a string after \(name) INLINE, e.g. INLINE '{\"type\": …}'"))
        }
        throw unexpected("LATEST, ID n or INLINE '<schema json>' after \(name)")
    }

    /// KEY STRATEGY / VALUE STRATEGY after a Protobuf format's connection: they choose an Avro reader schema, and
    /// Protobuf has no reader to choose (the pinned descriptors read every writer's bytes).
    mutating func refuseSubjectStrategy() throws(SQLError) {
        if current.isKeyword("key") || current.isKeyword("value"), peek().isKeyword("strategy") {
            throw SQLError(
                sqlState: "0A000",
                message: "KEY STRATEGY / VALUE STRATEGY choose an Avro reader schema and are not supported for "
                    + "PROTOBUF, which reads every writer with the descriptors pinned at creation; leave them out "
                    + "(MESSAGE 'pkg.Msg' picks another message of the subject's file)", position: current.position)
        }
    }
}
