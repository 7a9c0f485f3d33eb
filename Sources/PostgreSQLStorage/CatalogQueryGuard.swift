/// Keeps clients' queries that run in PostgreSQL away from the catalog tables (`inlet_catalog`), which hold sealed
/// secrets and SSH private keys: a query that names them, or a function that would read them from a string or from
/// the planner's statistics, is refused before it reaches PostgreSQL.
///
/// The text is checked as a whole, lowercased, strings and quoted names included, so no spelling of the schema gets
/// through (`U&"…"` escapes are refused for that reason). What is sealed stays sealed with the key file regardless.
enum CatalogQueryGuard {
    /// Words that reach the catalog tables: the schema, the functions that run a query given as text
    /// (`query_to_xml` and its kin), the planner's statistics views, and escapes that could spell them.
    static let refusedWords = ["inlet_catalog", "to_xml", "pg_stats", "pg_statistic", "dblink", "u&\""]

    /// The refusal of `text`, nil when it may run.
    static func refusal(of text: String) -> PostgreSQLQueryError? {
        let lower = text.lowercased()
        guard let word = refusedWords.first(where: { lower.contains($0) }) else { return nil }
        return PostgreSQLQueryError(
            sqlState: "42501",
            message:
                "queries through Inlet cannot read Inlet's own catalog tables in PostgreSQL (the query contains \(word))",
            hint:
                "query the catalog through Inlet's relations (mz_sources, mz_connections, SHOW …); the sealed tables are for Inlet alone"
        )
    }
}
