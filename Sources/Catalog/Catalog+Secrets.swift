import Foundation
import GRDB
import SQL

extension Catalog {
    func createSecret(_ create: CreateSecret) async throws(SQLError) -> StatementResult {
        try await write { [self] db in
            if let existing = try CatalogItem.fetch(db, name: create.name) {
                if create.ifNotExists, existing.kind == .secret {
                    return .command("CREATE SECRET", notices: ["secret \"\(create.name)\" already exists, skipping"])
                }
                throw alreadyExists(existing)
            }
            let (id, oid) = try allocateID(db)
            try db.execute(
                sql: """
                    INSERT INTO inlet_items (id, oid, name, kind, create_sql, created_at)
                    VALUES (?, ?, ?, 'secret', ?, ?)
                    """,
                arguments: [
                    id, oid, create.name, "CREATE SECRET \(SQLText.identifier(create.name)) AS '********'", Self.now(),
                ])
            try db.execute(
                sql: "INSERT INTO inlet_secret_values (id, sealed) VALUES (?, ?)",
                arguments: [id, try vault.seal(create.value.bytes, for: id)])
            return .command("CREATE SECRET")
        }
    }

    func alterSecret(name: String, value: SecretValue) async throws(SQLError) -> StatementResult {
        try await write { [self] db in
            let item = try requireItem(db, name: name, kind: .secret)
            try db.execute(
                sql: "UPDATE inlet_secret_values SET sealed = ? WHERE id = ?",
                arguments: [try vault.seal(value.bytes, for: item.id), item.id])
            return .command("ALTER SECRET")
        }
    }

    /// The item named `name`, which must be of `kind`.
    func requireItem(_ db: Database, name: String, kind: ItemKind) throws -> CatalogItem {
        guard let item = try CatalogItem.fetch(db, name: name) else {
            throw notFound(name, kind: kind, showCommand: kind.showCommand)
        }
        guard item.kind == kind else {
            throw SQLError.wrongObjectType(
                "'\(name)' is \(item.kind.article), not \(kind.article); name \(kind.article) here")
        }
        return item
    }

    /// The decrypted value of the secret with `id`.
    func secretValue(_ db: Database, id: String) throws -> [UInt8] {
        guard
            let sealed = try Data.fetchOne(
                db, sql: "SELECT sealed FROM inlet_secret_values WHERE id = ?", arguments: [id])
        else {
            throw SQLError.internal("secret \(id) has no stored value")
        }
        return try vault.unseal(sealed, for: id)
    }

    func showSecrets(like pattern: String?) async throws(SQLError) -> StatementResult {
        let names = try await read { db in
            try String.fetchAll(db, sql: "SELECT name FROM inlet_items WHERE kind = 'secret' ORDER BY name")
        }.filter { pattern.map(LikePattern.init)?.matches($0) ?? true }
        return StatementResult(
            columns: [ResultColumn(name: "name", type: .text)], rows: names.map { [$0] },
            commandTag: "SELECT \(names.count)")
    }
}
