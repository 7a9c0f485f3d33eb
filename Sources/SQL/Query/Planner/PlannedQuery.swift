/// A relation a query can read: the name the storage engine knows it by and its columns with PostgreSQL types.
public struct RelationShape: Hashable, Sendable {
    /// The relation's name as SQL text of the storage engine, quoted as it needs (`"src_u5"."events"`).
    public var storageName: String
    public var columns: [ResultColumn]

    public init(storageName: String, columns: [ResultColumn]) {
        self.storageName = storageName
        self.columns = columns
    }
}

/// Where the planner finds the relations a query names: sources' relations, views and system relations.
public protocol RelationResolver {
    /// The relation `name` denotes (schema-qualified or not), or nil when there is none.
    func relation(_ name: QualifiedName) -> RelationShape?
}

/// What a query needs from the session that runs it: values of `current_user` and the like.
public struct PlanningContext: Hashable, Sendable {
    public var user: String
    public var database: String
    /// The session's variables by name, for `current_setting`.
    public var settings: [String: String]

    public init(user: String = "materialize", database: String = "materialize", settings: [String: String] = [:]) {
        self.user = user
        self.database = database
        self.settings = settings
    }
}

/// A query planned for the storage engine (SQLite): its SQL text and the PostgreSQL types of its parameters
/// and result columns, known before it runs.
public struct PlannedQuery: Hashable, Sendable {
    /// SQLite's SQL; parameters are `?1`, `?2`, … bound as text.
    public var sql: String
    public var columns: [ResultColumn]
    public var parameterTypes: [SQLType]

    public init(sql: String, columns: [ResultColumn], parameterTypes: [SQLType]) {
        self.sql = sql
        self.columns = columns
        self.parameterTypes = parameterTypes
    }
}

/// Why the planner did not plan a query: a construct it does not translate yet, or a query that is wrong
/// (an unknown column, an ambiguous name). Carries a SQLSTATE as PostgreSQL would report it.
public struct QueryPlanningError: Error, Hashable, Sendable, CustomStringConvertible {
    public var sqlState: String
    public var message: String
    public var position: SourcePosition
    public var hint: String?
    /// True when the query may be fine and only the planner lacks the construct, so an older path may run it;
    /// false for refusals the storage engine would answer wrongly (numeric division) and for errors of the query.
    public var isUnsupported: Bool

    public init(
        sqlState: String, message: String, position: SourcePosition = .synthesized, hint: String? = nil,
        isUnsupported: Bool = false
    ) {
        self.sqlState = sqlState
        self.message = message
        self.position = position
        self.hint = hint
        self.isUnsupported = isUnsupported
    }

    static func unsupported(_ what: String, at position: SourcePosition = .synthesized) -> Self {
        Self(sqlState: "0A000", message: "\(what) is not supported yet", position: position, isUnsupported: true)
    }

    /// A construct whose PostgreSQL answer the storage engine cannot give: refused, never answered differently.
    static func refused(_ what: String, hint: String, at position: SourcePosition) -> Self {
        Self(sqlState: "0A000", message: "\(what) is not supported", position: position, hint: hint)
    }

    public var description: String { "\(sqlState): \(message)" }
}
