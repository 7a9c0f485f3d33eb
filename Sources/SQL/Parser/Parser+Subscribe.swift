extension Parser {
    /// What SUBSCRIBE supports, for the refusals of everything else.
    static let subscribeSupported = "SUBSCRIBE [TO] relation | (query) [WITH (SNAPSHOT = bool, PROGRESS = bool)]"

    /// `SUBSCRIBE [TO] relation | (query) [WITH (SNAPSHOT [= bool], PROGRESS [= bool])]`.
    ///
    /// Materialize's other clauses (`ENVELOPE UPSERT | DEBEZIUM`, `WITHIN TIMESTAMP ORDER BY`, `AS OF`, `UP TO`) are
    /// refused with 0A000 and what is supported; an option Materialize does not have either is 42601.
    mutating func parseSubscribe() throws(SQLError) -> Subscribe {
        index += 1
        _ = accept("to")
        var subscribe: Subscribe
        if current.isSymbol("(") {
            subscribe = Subscribe(query: try parseParenthesizedQuery(for: "SUBSCRIBE"))
        } else {
            let name = try parseObjectName("a relation name or a (query) to subscribe to")
            subscribe = Subscribe(query: Query(text: "SELECT * FROM \(QueryPlanner.quoted(name))", parameterCount: 0))
        }
        var seen: Set<String> = []
        while let word = current.keyword {
            let position = current.position
            switch word {
            case "with":
                index += 1
                try expectSymbol("(")
                repeat {
                    try parseSubscribeOption(&subscribe, seen: &seen)
                } while acceptSymbol(",")
                try expectSymbol(")")
            case "envelope", "within", "as", "up":
                let clause =
                    switch word {
                    case "envelope": "ENVELOPE"
                    case "within": "WITHIN TIMESTAMP ORDER BY"
                    case "as": "AS OF"
                    default: "UP TO"
                    }
                throw SQLError(
                    sqlState: "0A000", message: "SUBSCRIBE … \(clause) is not supported", position: position,
                    hint: "leave it out; Inlet supports \(Self.subscribeSupported)")
            default:
                return subscribe
            }
        }
        return subscribe
    }

    private mutating func parseSubscribeOption(_ subscribe: inout Subscribe, seen: inout Set<String>)
        throws(SQLError)
    {
        let position = current.position
        guard case .identifier(let name, _) = current.kind else {
            throw unexpected("a SUBSCRIBE option (SNAPSHOT or PROGRESS)")
        }
        index += 1
        guard name == "snapshot" || name == "progress" else {
            throw SQLError(
                sqlState: "42601", message: "SUBSCRIBE option \"\(name)\" is not supported", position: position,
                hint: "SUBSCRIBE takes WITH (SNAPSHOT = bool, PROGRESS = bool)")
        }
        guard seen.insert(name).inserted else {
            throw SQLError(
                sqlState: "42601", message: "SUBSCRIBE option \(name.uppercased()) is given twice", position: position)
        }
        _ = acceptSymbol("=")
        let value = try parseOptionalBoolean()
        if name == "snapshot" { subscribe.snapshot = value } else { subscribe.progress = value }
    }

    /// `WITH (timeout = 'interval')` after FETCH's cursor name: Materialize's bound on how long it waits for rows.
    mutating func parseFetchOptions() throws(SQLError) -> Duration? {
        try expectSymbol("(")
        var timeout: Duration?
        repeat {
            let position = current.position
            guard case .identifier(let name, _) = current.kind, name == "timeout" else {
                throw SQLError(
                    sqlState: "42601", message: "FETCH option \(current.summary) is not supported",
                    position: position, hint: "FETCH takes WITH (timeout = 'interval'), e.g. timeout = '1s'")
            }
            index += 1
            guard timeout == nil else {
                throw SQLError(sqlState: "42601", message: "FETCH option TIMEOUT is given twice", position: position)
            }
            _ = acceptSymbol("=")
            let valuePosition = current.position
            let text: String
            switch current.kind {
            case .string(let value): text = value
            case .number(let value): text = value
            default: throw unexpected("an interval such as '1s'")
            }
            index += 1
            guard let microseconds = IntervalText.microseconds(text), microseconds >= 0 else {
                throw SQLError(
                    sqlState: "22023", message: "FETCH timeout \"\(text)\" is not a non-negative interval",
                    position: valuePosition, hint: "write an interval such as '0s', '500ms' or '1s'")
            }
            timeout = .microseconds(microseconds)
        } while acceptSymbol(",")
        try expectSymbol(")")
        return timeout
    }
}
