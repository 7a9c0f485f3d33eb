import SQL

/// The relations one source writes: where its data lives and the shape of each relation.
public struct SourceLayout: Sendable, Hashable {
    /// The source's catalog id (`u7`); names its storage.
    public var sourceID: String
    /// The relations fed by the source (one for `CREATE SOURCE … FORMAT`, one per `CREATE TABLE … FROM SOURCE`).
    public var outputs: [OutputLayout]
    /// The name of the progress relation (`<source>_progress` or `EXPOSE PROGRESS AS`).
    public var progressName: String

    public init(sourceID: String, outputs: [OutputLayout], progressName: String) {
        self.sourceID = sourceID
        self.outputs = outputs
        self.progressName = progressName
    }
}

/// One relation: its columns, its key (UPSERT), and the name of its errors relation.
public struct OutputLayout: Sendable, Hashable {
    /// The relation's catalog id; offsets are kept per output so a table added later starts on its own.
    public var id: String
    public var name: String
    public var columns: [RelationColumn]
    /// Non-empty for ENVELOPE UPSERT: rows are replaced and deleted by these columns.
    public var keyColumns: [String]
    /// `<name>_errors`: records that did not decode (partition, offset, key, value, reason).
    public var errorsName: String

    public init(id: String, name: String, columns: [RelationColumn], keyColumns: [String], errorsName: String) {
        self.id = id
        self.name = name
        self.columns = columns
        self.keyColumns = keyColumns
        self.errorsName = errorsName
    }

    public var isUpsert: Bool { !keyColumns.isEmpty }

    /// The columns of every errors relation.
    public static let errorColumns: [RelationColumn] = [
        RelationColumn(name: "partition", type: .int4, nullable: false),
        RelationColumn(name: "offset", type: .int8, nullable: false),
        RelationColumn(name: "key", type: .bytea),
        RelationColumn(name: "value", type: .bytea),
        RelationColumn(name: "reason", type: .text, nullable: false),
    ]

    /// The columns of every progress relation, in Materialize's shape.
    public static let progressColumns: [RelationColumn] = [
        RelationColumn(name: "partition", type: .numrange, nullable: false),
        RelationColumn(name: "offset", type: .int8),
    ]
}
