extension Parser {
    /// True when the tokens after CREATE start a view: `VIEW …` or `OR REPLACE VIEW …`.
    var startsCreateView: Bool {
        current.isKeyword("view")
            || (current.isKeyword("or") && peek().isKeyword("replace") && peek(2).isKeyword("view"))
    }

    /// `[OR REPLACE] VIEW [IF NOT EXISTS] name [(column, …)] AS query`, after CREATE.
    mutating func parseCreateView() throws(SQLError) -> Statement {
        let orReplace = accept(["or", "replace"])
        try expect("view")
        let position = current.position
        let ifNotExists = accept(["if", "not", "exists"])
        if orReplace, ifNotExists {
            throw SQLError.syntax(
                "cannot combine OR REPLACE and IF NOT EXISTS; write one of them", position: position)
        }
        let name = try parseObjectName("a view name")
        var columns: [String] = []
        if acceptSymbol("(") {
            repeat {
                columns.append(try parseIdentifier("a column name"))
            } while acceptSymbol(",")
            try expectSymbol(")")
        }
        try expect("as")
        let isQuery = ["select", "with", "values", "table"].contains(current.keyword ?? "") || current.isSymbol("(")
        guard isQuery else { throw unexpected("a query (SELECT, WITH, VALUES or TABLE) after AS") }
        let queryPosition = current.position
        let start = current.start
        let parameters = try skipToEndOfStatement()
        if parameters > 0 {
            throw SQLError(
                sqlState: "42P02", message: "there is no parameter $1: a view's query cannot take parameters",
                position: queryPosition)
        }
        let query = lexer.text(from: start, to: tokens[index - 1].end)
        return .view(
            .create(
                CreateView(
                    name: name, columns: columns, query: query, ifNotExists: ifNotExists, orReplace: orReplace)))
    }
}
