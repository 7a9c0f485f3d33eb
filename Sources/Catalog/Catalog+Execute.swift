import SQL

extension Catalog {
    /// Runs a catalog statement (DDL, SHOW SECRETS/CONNECTIONS, SHOW CREATE CONNECTION, VALIDATE CONNECTION).
    /// Session statements (SET, SHOW variable, transactions) and queries are the session's business.
    public func execute(_ statement: Statement) async throws(SQLError) -> StatementResult {
        switch statement {
        case .createSecret(let create):
            return try await createSecret(create)
        case .alterSecret(let name, let value):
            return try await alterSecret(name: name, value: value)
        case .dropSecret(let drop):
            return try await dropItems(drop, kind: .secret)
        case .dropConnection(let drop):
            return try await dropItems(drop, kind: .connection)
        case .createConnection(let create):
            return try await createConnection(create)
        case .alterConnection(let name, let action):
            return try await alterConnection(name: name, action: action)
        case .validateConnection(let name):
            return try await validateConnection(name: name)
        case .showSecrets(let like):
            return try await showSecrets(like: like)
        case .showConnections(let like):
            return try await showConnections(like: like)
        case .showCreateConnection(let name):
            return try await showCreateConnection(name: name)
        default:
            throw SQLError.internal("the catalog does not execute \(statement.commandTag) statements")
        }
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
