/// `COPY (query) TO STDOUT …` or `COPY relation [(column, …)] TO STDOUT …`: a query's rows in one of COPY's
/// formats, as psql's `\copy … to 'file'` and drivers' copy APIs ask for them.
///
/// Options follow PostgreSQL 15 (both the parenthesized list and the older bare words such as `CSV HEADER`), with
/// its defaults: text is tab-delimited with `\N` for NULL, CSV comma-delimited with NULL as nothing and `"` to
/// quote and escape.
public struct CopyTo: Hashable, Sendable {
    public enum Format: String, Hashable, Sendable {
        case text, csv, binary
    }

    /// The rows to copy: the query as written, or `SELECT columns FROM relation`.
    public var query: Query
    /// `COPY (SUBSCRIBE …) TO STDOUT`: the subscription whose updates are copied until the client cancels (its
    /// query is `query`).
    public var subscribe: Subscribe?
    public var format: Format
    /// Whether the first line names the columns (text and CSV).
    public var header: Bool
    /// One character between columns.
    public var delimiter: Character
    /// How NULL is written.
    public var null: String
    /// CSV only: the quote character, and the character that escapes a quote inside a quoted field.
    public var quote: Character
    public var escape: Character
    /// CSV only: columns (by name) quoted even when nothing in them needs it; `forceQuoteAll` for `*`.
    public var forceQuote: Set<String>
    public var forceQuoteAll: Bool

    public init(
        query: Query, format: Format = .text, header: Bool = false, delimiter: Character? = nil, null: String? = nil,
        quote: Character = "\"", escape: Character? = nil, forceQuote: Set<String> = [], forceQuoteAll: Bool = false
    ) {
        self.query = query
        self.format = format
        self.header = header
        self.delimiter = delimiter ?? (format == .csv ? "," : "\t")
        self.null = null ?? (format == .csv ? "" : "\\N")
        self.quote = quote
        self.escape = escape ?? quote
        self.forceQuote = forceQuote
        self.forceQuoteAll = forceQuoteAll
    }
}
