/// One column of a statement's result.
public struct ResultColumn: Hashable, Sendable {
    public var name: String
    public var type: SQLType

    public init(name: String, type: SQLType) {
        self.name = name
        self.type = type
    }
}

/// What one executed statement produced: rows in PostgreSQL text format, a command tag and notices.
///
/// Values are text because that is what the simple query protocol sends and what every client reads;
/// `nil` is SQL NULL.
public struct StatementResult: Sendable {
    /// The result columns, or nil when the statement returns no rows at all (DDL, SET).
    public var columns: [ResultColumn]?
    public var rows: [[String?]]
    /// The CommandComplete tag, e.g. `SELECT 3`, `CREATE CONNECTION`, `SET`.
    public var commandTag: String
    /// Notices and warnings to send before CommandComplete (NoticeResponse), e.g. "secret already exists,
    /// skipping".
    public var notices: [StatementNotice]
    /// For `COPY … TO STDOUT`: the format the rows go out in (as CopyData, not DataRow).
    public var copy: CopyTo?
    /// A ROLLBACK that stays in the transaction (`ROLLBACK TO SAVEPOINT`), so ReadyForQuery reports `T`.
    public var keepsTransaction = false
    /// The rows after `rows`, still in the storage engine; nil when `rows` is the whole result. With a cursor,
    /// `commandTag` counts only `rows`: the wire layer counts what it sends.
    public var cursor: (any ResultCursor)?

    public init(
        columns: [ResultColumn]?, rows: [[String?]] = [], commandTag: String, notices: [StatementNotice] = [],
        copy: CopyTo? = nil
    ) {
        self.columns = columns
        self.rows = rows
        self.commandTag = commandTag
        self.notices = notices
        self.copy = copy
    }

    /// A result for a statement that returns no rows.
    public static func command(_ tag: String, notices: [StatementNotice] = []) -> StatementResult {
        StatementResult(columns: nil, commandTag: tag, notices: notices)
    }
}

/// What a prepared statement will take and return, for the extended protocol's Describe.
public struct StatementDescription: Sendable {
    public var parameterTypes: [SQLType]
    /// nil when the statement returns no rows (NoData).
    public var columns: [ResultColumn]?

    public init(parameterTypes: [SQLType], columns: [ResultColumn]?) {
        self.parameterTypes = parameterTypes
        self.columns = columns
    }
}
