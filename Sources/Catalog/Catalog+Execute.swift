import SQL

extension Catalog {
    /// Runs a catalog statement (DDL, SHOW SECRETS/CONNECTIONS/SOURCES/TABLES/COLUMNS, SHOW CREATE …, VALIDATE
    /// CONNECTION).
    /// Session statements (SET, SHOW variable, transactions) and queries are the session's business.
    public func execute(_ statement: Statement) async throws(SQLError) -> StatementResult {
        switch statement {
        case .createSecret(let create):
            return try await createSecret(create)
        case .alterSecret(let name, let value, let ifExists):
            if ifExists, let skipped = try await skipMissing(name, kind: .secret, tag: "ALTER SECRET") {
                return skipped
            }
            return try await alterSecret(name: name, value: value)
        case .dropSecret(let drop):
            return try await dropItems(drop, kind: .secret)
        case .dropConnection(let drop):
            return try await dropItems(drop, kind: .connection)
        case .createConnection(let create):
            return try await createConnection(create)
        case .alterConnection(let name, let action, let ifExists):
            if ifExists, let skipped = try await skipMissing(name, kind: .connection, tag: "ALTER CONNECTION") {
                return skipped
            }
            return try await alterConnection(name: name, action: action)
        case .validateConnection(let name):
            return try await validateConnection(name: name)
        case .showSecrets(let like):
            return try await showSecrets(like: like)
        case .showConnections(let like):
            return try await showConnections(like: like)
        case .showCreateConnection(let name):
            return try await showCreateConnection(name: name)
        case .createSource(let create):
            return try await createSource(create)
        case .createTableFromSource(let create):
            return try await createTable(create)
        case .dropSource(let drop):
            return try await dropItems(drop, kind: .source)
        case .dropTable(let drop):
            return try await dropItems(drop, kind: .table)
        case .showSources(let like):
            return try await showSources(like: like)
        case .showTables(let like):
            return try await showTables(like: like)
        case .showCreateSource(let name):
            return try await showCreateSource(name: name)
        case .showColumns(let relation, let like):
            return try await showColumns(relation: relation, like: like)
        case .view(let view):
            return try await executeView(view)
        default:
            throw SQLError.internal("the catalog does not execute \(statement.commandTag) statements")
        }
    }

    /// For `IF EXISTS`: a notice result when nothing is named `name`, nil when the statement should go on.
    func skipMissing(_ name: String, kind: ItemKind, tag: String) async throws(SQLError) -> StatementResult? {
        let exists = try await read { db in try CatalogItem.fetch(db, name: name) != nil }
        return exists ? nil : .command(tag, notices: ["\(kind.rawValue) \"\(name)\" does not exist, skipping"])
    }

    /// The error for a name that is taken.
    func alreadyExists(_ item: CatalogItem) -> SQLError {
        SQLError.duplicateObject(
            "catalog item '\(item.name)' already exists (it is \(item.kind.article)); choose another name or drop it first"
        )
    }

    func notFound(_ name: String, kind: ItemKind, showCommand: String) -> SQLError {
        SQLError.undefinedObject("unknown \(kind.rawValue) '\(name)'; \(showCommand) lists the existing ones")
    }
}
