extension Parser {
    /// `DECLARE name [BINARY] [ASENSITIVE | INSENSITIVE] [NO SCROLL] CURSOR [WITH | WITHOUT HOLD] FOR query`.
    mutating func parseDeclare() throws(SQLError) -> Statement {
        index += 1
        let name = try parseIdentifier("a cursor name")
        if current.isKeyword("binary") {
            throw SQLError.featureNotSupported(
                "DECLARE … BINARY CURSOR is not supported", hint: "declare a text cursor; drivers convert the values")
        }
        if !accept("asensitive") { _ = accept("insensitive") }
        if accept(["no", "scroll"]) {
        } else if current.isKeyword("scroll") {
            throw SQLError.featureNotSupported(
                "scrollable cursors are not supported: a cursor reads forward only", hint: "declare it NO SCROLL")
        }
        try expect("cursor")
        var withHold = false
        if accept(["with", "hold"]) {
            withHold = true
        } else {
            _ = accept(["without", "hold"])
        }
        try expect("for")
        if current.isKeyword("subscribe") {
            guard !withHold else {
                throw SQLError.featureNotSupported(
                    "DECLARE … WITH HOLD CURSOR FOR SUBSCRIBE is not supported",
                    hint: "declare it inside BEGIN … COMMIT without WITH HOLD, as Materialize requires")
            }
            return .cursor(.declareSubscribe(name: name, subscribe: try parseSubscribe()))
        }
        guard current.isSymbol("(") || ["select", "with", "values", "table"].contains(current.keyword ?? "") else {
            throw unexpected("a query after FOR")
        }
        guard case .query(let query) = try parseQuery() else { throw unexpected("a query after FOR") }
        return .cursor(.declare(name: name, query: query, withHold: withHold))
    }

    /// `FETCH [FORWARD | NEXT] [count | ALL] [FROM | IN] name [WITH (timeout = …)]`.
    mutating func parseFetch() throws(SQLError) -> Statement {
        index += 1
        var count: Int? = 1
        if accept("next") {
            count = 1
        } else {
            _ = accept("forward")
            if accept("all") {
                count = nil
            } else if case .number = current.kind {
                count = try parseInteger("a row count")
            }
        }
        if current.isKeyword("prior") || current.isKeyword("backward") || current.isKeyword("absolute")
            || current.isKeyword("relative") || current.isKeyword("first") || current.isKeyword("last")
        {
            throw SQLError.featureNotSupported(
                "FETCH \(current.keyword?.uppercased() ?? "") is not supported: a cursor reads forward only",
                hint: "use FETCH [FORWARD] count FROM name")
        }
        if !accept("from") { _ = accept("in") }
        let name = try parseIdentifier("a cursor name")
        // Materialize's FETCH … WITH (timeout = '1s'): how long a subscription's FETCH waits; a query's rows are
        // already there.
        let timeout = accept("with") ? try parseFetchOptions() : nil
        return .cursor(.fetch(name: name, count: count, timeout: timeout))
    }

    /// `CLOSE name | ALL`.
    mutating func parseCloseCursor() throws(SQLError) -> Statement {
        index += 1
        if accept("all") { return .cursor(.close(name: nil)) }
        return .cursor(.close(name: try parseIdentifier("a cursor name or ALL")))
    }
}
