import SQL
import Storage

/// Names and DDL text of the PostgreSQL store: each source's relations live in schema `inlet_<source id>`, so
/// DROP SOURCE is one DROP SCHEMA … CASCADE and the relations keep their own names.
enum PostgreSQLIdentifier {
    /// The schema of source `sourceID`.
    static func schema(forSource sourceID: String) -> String { "inlet_" + sourceID }

    /// A double-quoted PostgreSQL identifier.
    static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `schema.table`, both quoted.
    static func qualified(_ schema: String, _ table: String) -> String { quote(schema) + "." + quote(table) }

    /// The column type in PostgreSQL's DDL: Inlet's types are named as PostgreSQL names them.
    static func typeName(_ type: ColumnType) -> String { type.rawValue }

    static func columnDefinitions(_ columns: [RelationColumn], nullable: Bool = false) -> String {
        columns.map { "\(quote($0.name)) \(typeName($0.type))" + ($0.nullable || nullable ? "" : " NOT NULL") }
            .joined(separator: ", ")
    }

    /// postgres-nio's COPY quotes the table name itself without escaping it, so names with a double quote are
    /// refused instead of being written into the statement.
    static func checkCopyable(_ name: String) throws(StorageError) {
        guard !name.contains("\"") else {
            throw StorageError(
                "relation name \(name) contains a double quote, which the PostgreSQL store cannot COPY into; rename the relation"
            )
        }
    }
}
