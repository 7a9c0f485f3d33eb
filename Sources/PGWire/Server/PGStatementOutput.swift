/// A result column as the wire layer sees it: name, type OID and type size.
public struct PGColumn: Sendable, Equatable {
    public var name: String
    public var typeOID: Int32
    public var typeSize: Int16

    public init(name: String, typeOID: Int32, typeSize: Int16) {
        self.name = name
        self.typeOID = typeOID
        self.typeSize = typeSize
    }
}

/// What one statement produced, in text format, as the SQL layer hands it to the wire layer.
public struct PGStatementOutput: Sendable, Equatable {
    /// nil for statements that return no rows (no RowDescription is sent).
    public var columns: [PGColumn]?
    public var rows: [[String?]]
    public var commandTag: String
    /// NoticeResponses sent before the rows (severity NOTICE or WARNING).
    public var notices: [PGErrorFields]
    /// Set for `COPY … TO STDOUT`: the rows, encoded, go out as CopyData instead of DataRows.
    public var copy: PGCopyData?
    /// A ROLLBACK that stays in the transaction block (`ROLLBACK TO SAVEPOINT`): the status returns to `T`.
    public var keepsTransaction = false
    /// The rows after `rows`, read on demand; `rows` are then only the first ones and `commandTag` is recomputed
    /// from what is sent.
    public var stream: PGRowStream?
    /// With `stream`, for `COPY … TO STDOUT`: how the rows are encoded (`copy` is then nil).
    public var copyOut: PGCopyOut?

    public init(
        columns: [PGColumn]?, rows: [[String?]] = [], commandTag: String, notices: [PGErrorFields] = [],
        copy: PGCopyData? = nil
    ) {
        self.columns = columns
        self.rows = rows
        self.commandTag = commandTag
        self.notices = notices
        self.copy = copy
    }
}

/// What a prepared statement takes and returns, for ParameterDescription and RowDescription.
public struct PGStatementShape: Sendable, Equatable {
    public var parameterTypes: [Int32]
    public var columns: [PGColumn]?

    public init(parameterTypes: [Int32], columns: [PGColumn]?) {
        self.parameterTypes = parameterTypes
        self.columns = columns
    }
}
