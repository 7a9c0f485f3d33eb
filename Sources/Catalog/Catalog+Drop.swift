import GRDB
import SQL

extension Catalog {
    /// DROP SECRET / DROP CONNECTION: refuses while other items depend on the object (naming them), unless
    /// CASCADE, which drops the dependents too. All names in one statement go in one transaction.
    func dropItems(_ drop: DropObjects, kind: ItemKind) async throws(SQLError) -> StatementResult {
        let tag = kind == .secret ? "DROP SECRET" : "DROP CONNECTION"
        return try await write { [self] db in
            var notices: [String] = []
            for name in drop.names {
                guard let item = try CatalogItem.fetch(db, name: name) else {
                    if drop.ifExists {
                        notices.append("\(kind.rawValue) \"\(name)\" does not exist, skipping")
                        continue
                    }
                    throw notFound(name, kind: kind, showCommand: kind == .secret ? "SHOW SECRETS" : "SHOW CONNECTIONS")
                }
                guard item.kind == kind else {
                    throw SQLError.wrongObjectType(
                        "'\(name)' is \(item.kind.article), not \(kind.article); use DROP \(item.kind.rawValue.uppercased()) \(name)"
                    )
                }
                let dependents = try dependents(db, of: item.id)
                if !dependents.isEmpty, !drop.cascade {
                    let names = try dependents.compactMap { try CatalogItem.fetch(db, id: $0)?.described }
                    throw SQLError.dependentObjects(
                        "cannot drop \(item.kind.rawValue) \(name): still used by \(names.joined(separator: ", "))",
                        hint: "drop those first, or use \(tag) \(name) CASCADE to drop them too")
                }
                try dropRecursively(db, id: item.id)
            }
            return .command(tag, notices: notices)
        }
    }

    /// The ids of the items that refer to `id` directly.
    func dependents(_ db: Database, of id: String) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT item_id FROM inlet_dependencies WHERE referenced_id = ? ORDER BY item_id", arguments: [id])
    }

    private func dropRecursively(_ db: Database, id: String) throws {
        for dependent in try dependents(db, of: id) {
            try dropRecursively(db, id: dependent)
        }
        try db.execute(sql: "DELETE FROM inlet_dependencies WHERE referenced_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM inlet_items WHERE id = ?", arguments: [id])
    }
}
