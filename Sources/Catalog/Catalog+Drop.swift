import GRDB
import SQL

extension Catalog {
    /// DROP SECRET / CONNECTION / SOURCE / TABLE: refuses while other items depend on the object (naming them),
    /// unless CASCADE, which drops the dependents too. A source's own progress and errors relations go with it and
    /// never block it. All names in one statement go in one transaction.
    func dropItems(_ drop: DropObjects, kind: ItemKind) async throws(SQLError) -> StatementResult {
        let tag = "DROP \(kind.rawValue.uppercased())"
        return try await write { [self] db in
            var notices: [StatementNotice] = []
            for name in drop.names {
                guard let item = try CatalogItem.fetch(db, name: name) else {
                    if drop.ifExists {
                        notices.append("\(kind.rawValue) \"\(name)\" does not exist, skipping")
                        continue
                    }
                    throw notFound(name, kind: kind, showCommand: kind.showCommand)
                }
                guard item.kind == kind else {
                    throw SQLError.wrongObjectType(
                        "'\(name)' is \(item.kind.article), not \(kind.article); use DROP \(item.kind.rawValue.uppercased()) \(name)"
                    )
                }
                if item.isSubsource {
                    let owner = try String.fetchOne(
                        db,
                        sql:
                            "SELECT i.name FROM inlet_relations r JOIN inlet_items i ON i.id = r.source_id WHERE r.id = ?",
                        arguments: [item.id])
                    throw SQLError.dependentObjects(
                        "\(name) belongs to source \(owner ?? "?") and goes with it",
                        hint: "DROP SOURCE \(owner ?? name)")
                }
                let blocking = try blockingDependents(db, of: item.id)
                if !blocking.isEmpty, !drop.cascade {
                    throw SQLError.dependentObjects(
                        "cannot drop \(kind.rawValue) \(name): still used by "
                            + blocking.map(\.described).joined(separator: ", "),
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

    /// What dropping `id` would take along besides its own relations: every item reading it, directly or through
    /// its relations (a view of a source's `_errors` relation blocks DROP SOURCE as a view of its output does).
    func blockingDependents(_ db: Database, of id: String) throws -> [CatalogItem] {
        var blocking: [CatalogItem] = []
        var pending = [id]
        var seen: Set<String> = [id]
        while let next = pending.popLast() {
            for dependent in try dependents(db, of: next) where seen.insert(dependent).inserted {
                guard let item = try CatalogItem.fetch(db, id: dependent) else { continue }
                if item.isSubsource {
                    pending.append(dependent)
                } else {
                    blocking.append(item)
                }
            }
        }
        return blocking.sorted { $0.id < $1.id }
    }

    /// Deletes an item and everything that depends on it (a source's relations, their errors relations, …).
    private func dropRecursively(_ db: Database, id: String) throws {
        for dependent in try dependents(db, of: id) {
            try dropRecursively(db, id: dependent)
        }
        // A source's status history outlives it and ends in `dropped`, as in Materialize.
        if try CatalogItem.fetch(db, id: id)?.kind == .source {
            try recordStatus(db, id: id, status: "dropped", error: nil, details: nil)
        }
        try db.execute(
            sql: "DELETE FROM inlet_dependencies WHERE referenced_id = ? OR item_id = ?", arguments: [id, id])
        try db.execute(sql: "DELETE FROM inlet_items WHERE id = ?", arguments: [id])
    }
}
