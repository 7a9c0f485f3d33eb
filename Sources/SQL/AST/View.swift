/// The statements about views: `CREATE [OR REPLACE] VIEW`, `DROP VIEW`, `SHOW VIEWS`, `SHOW CREATE VIEW`.
public enum ViewStatement: Hashable, Sendable {
    case create(CreateView)
    /// `DROP VIEW [IF EXISTS] name [, …] [CASCADE|RESTRICT]`.
    case drop(DropObjects)
    /// `SHOW VIEWS [FROM schema] [LIKE 'pattern']`.
    case show(like: String?)
    /// `SHOW CREATE VIEW name`.
    case showCreate(name: String)

    var commandTag: String {
        switch self {
        case .create: return "CREATE VIEW"
        case .drop: return "DROP VIEW"
        case .show, .showCreate: return "SHOW"
        }
    }

    var isDDL: Bool {
        switch self {
        case .create, .drop: return true
        case .show, .showCreate: return false
        }
    }
}

/// `CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name [(column, …)] AS query`: a named query, planned when it is
/// created (its columns and their types are fixed then) and planned again, inline, wherever it is read.
public struct CreateView: Hashable, Sendable {
    public var name: String
    /// The names the view gives its columns, in order; empty to keep the query's own.
    public var columns: [String]
    /// The query as written, from its first keyword to its end.
    public var query: String
    public var ifNotExists: Bool
    public var orReplace: Bool

    public init(name: String, columns: [String] = [], query: String, ifNotExists: Bool = false, orReplace: Bool = false)
    {
        self.name = name
        self.columns = columns
        self.query = query
        self.ifNotExists = ifNotExists
        self.orReplace = orReplace
    }
}
