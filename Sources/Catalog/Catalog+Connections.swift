import Foundation
import GRDB
import SQL

extension Catalog {
    func createConnection(_ create: CreateConnection) async throws(SQLError) -> StatementResult {
        let definition = try ConnectionDefinition.plan(type: create.type, options: create.options)
        let validate = create.validate ?? create.type.validatesByDefault
        if validate, create.type == .sshTunnel {
            throw SQLError.featureNotSupported(
                "SSH TUNNEL connections cannot be validated when they are created: the bastion does not know their new keys yet",
                hint:
                    "create it without WITH (VALIDATE = true), add its public keys (mz_ssh_tunnel_connections) to the bastion's authorized_keys, then run VALIDATE CONNECTION \(create.name)"
            )
        }
        // Check names and references first, so a validation round trip is not wasted on a statement that fails.
        let precheck: Precheck = try await read { [self] db in
            if let existing = try CatalogItem.fetch(db, name: create.name) {
                if create.ifNotExists, existing.kind == .connection {
                    return .skip(
                        .command(
                            "CREATE CONNECTION", notices: ["connection \"\(create.name)\" already exists, skipping"]))
                }
                throw alreadyExists(existing)
            }
            return .proceed(try resolve(db, id: nil, name: create.name, definition: definition).0)
        }
        switch precheck {
        case .skip(let result):
            return result
        case .proceed(let resolved):
            if validate { try await runValidation(resolved) }
        }
        let keys: [SSHKeyPairMaterial]
        if create.type == .sshTunnel {
            do {
                keys = [
                    try configuration.sshKeyGenerator.generateKeyPair(),
                    try configuration.sshKeyGenerator.generateKeyPair(),
                ]
            } catch {
                throw SQLError.internal("cannot generate SSH keys for \(create.name): \(error)")
            }
        } else {
            keys = []
        }
        return try await write { [self] db in
            if let existing = try CatalogItem.fetch(db, name: create.name) {
                if create.ifNotExists, existing.kind == .connection {
                    return .command(
                        "CREATE CONNECTION", notices: ["connection \"\(create.name)\" already exists, skipping"])
                }
                throw alreadyExists(existing)
            }
            let (id, oid) = try allocateID(db)
            let (_, dependencies) = try resolve(db, id: id, name: create.name, definition: definition)
            let createSQL = SQLText.createConnection(name: create.name, type: create.type, options: create.options)
            try db.execute(
                sql: """
                    INSERT INTO inlet_items (id, oid, name, kind, type, options, definition, create_sql, created_at)
                    VALUES (?, ?, ?, 'connection', ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, oid, create.name, create.type.rawValue, try Self.json(create.options),
                    try Self.json(definition),
                    createSQL, Self.now(),
                ])
            try storeDetails(db, id: id, definition: definition, dependencies: dependencies)
            try replacePin(db, connectionID: id, definition: definition)
            for (offset, pair) in keys.enumerated() {
                try storeKeyPair(db, connectionID: id, slot: offset + 1, pair: pair)
            }
            if case .awsPrivateLink(let privateLink) = definition {
                try db.execute(
                    sql:
                        "INSERT INTO inlet_privatelink_status_history (connection_id, status, occurred_at) VALUES (?, ?, ?)",
                    arguments: [id, configuration.privateLinkStatus(privateLink), Self.now()])
            }
            return .command("CREATE CONNECTION")
        }
    }

    /// Dependencies and the type-specific rows behind `mz_kafka_connections`.
    func storeDetails(_ db: Database, id: String, definition: ConnectionDefinition, dependencies: [String]) throws {
        try db.execute(sql: "DELETE FROM inlet_dependencies WHERE item_id = ?", arguments: [id])
        for dependency in dependencies {
            try db.execute(
                sql: "INSERT OR IGNORE INTO inlet_dependencies (item_id, referenced_id) VALUES (?, ?)",
                arguments: [id, dependency])
        }
        if case .kafka(let kafka) = definition {
            let brokers = kafka.brokers.map(\.address)
            try db.execute(
                sql:
                    "INSERT OR REPLACE INTO inlet_kafka_connections (id, brokers, sink_progress_topic) VALUES (?, ?, ?)",
                arguments: [id, PostgresArray.text(brokers), kafka.progressTopic ?? "_inlet-progress-\(id)"])
        }
    }

    func alterConnection(name: String, action: AlterConnectionAction) async throws(SQLError) -> StatementResult {
        let changes: (options: [ConnectionOption], validate: Bool?)
        switch action {
        case .rotateKeys:
            return try await rotateKeys(name: name)
        case .set(let options, let validate):
            let current = try await read { [self] db in try requireItem(db, name: name, kind: .connection).options }
            changes = (CreateConnection.options(current, setting: options), validate)
        case .drop(let names, let validate):
            let current = try await read { [self] db in try requireItem(db, name: name, kind: .connection).options }
            changes = (try CreateConnection.options(current, dropping: names), validate)
        }
        let item = try await read { [self] db in try requireItem(db, name: name, kind: .connection) }
        guard let type = item.connectionType else { throw SQLError.internal("connection \(name) has no type") }
        let definition = try ConnectionDefinition.plan(type: type, options: changes.options)
        if changes.validate ?? type.validatesByDefault, type != .sshTunnel {
            let resolved = try await read { [self] db in
                try resolve(db, id: item.id, name: name, definition: definition).0
            }
            try await runValidation(resolved)
        }
        return try await write { [self] db in
            let current = try requireItem(db, name: name, kind: .connection)
            guard current.id == item.id else {
                throw SQLError.undefinedObject("connection \(name) was replaced meanwhile; try again")
            }
            let (_, dependencies) = try resolve(db, id: item.id, name: name, definition: definition)
            if case .awsPrivateLink(let privateLink) = definition {
                try checkDependentsStillValid(db, privateLinkID: item.id, name: name, definition: privateLink)
            }
            try db.execute(
                sql: "UPDATE inlet_items SET options = ?, definition = ?, create_sql = ? WHERE id = ?",
                arguments: [
                    try Self.json(changes.options), try Self.json(definition),
                    SQLText.createConnection(name: name, type: type, options: changes.options), item.id,
                ])
            try storeDetails(db, id: item.id, definition: definition, dependencies: dependencies)
            let hostKeyChanged: Bool
            switch action {
            case .set(let options, _): hostKeyChanged = options.contains { $0.name == "HOST KEY" }
            case .drop(let names, _): hostKeyChanged = names.contains("HOST KEY")
            case .rotateKeys: hostKeyChanged = false
            }
            if hostKeyChanged { try replacePin(db, connectionID: item.id, definition: definition) }
            return .command("ALTER CONNECTION")
        }
    }

    /// Kafka connections whose broker rules name an AZ of this PrivateLink connection must keep working.
    private func checkDependentsStillValid(
        _ db: Database, privateLinkID: String, name: String, definition: PrivateLinkConnectionDefinition
    ) throws {
        let resolvedSelf = ResolvedPrivateLink(id: privateLinkID, name: name, definition: definition, principal: "")
        for dependent in try dependents(db, of: privateLinkID) {
            guard let item = try CatalogItem.fetch(db, id: dependent), case .kafka(let kafka)? = item.definition else {
                continue
            }
            do {
                try checkAvailabilityZones(kafka, privateLinks: [name: resolvedSelf])
            } catch let error as SQLError {
                throw SQLError.invalidParameter("KAFKA connection \(item.name) still uses it: \(error.message)")
            }
        }
    }

    func rotateKeys(name: String) async throws(SQLError) -> StatementResult {
        try await write { [self] db in
            let item = try requireItem(db, name: name, kind: .connection)
            guard item.connectionType == .sshTunnel else {
                throw SQLError.wrongObjectType(
                    "ROTATE KEYS applies to SSH TUNNEL connections; \(item.described) has no keys")
            }
            let pair: SSHKeyPairMaterial
            do {
                pair = try configuration.sshKeyGenerator.generateKeyPair()
            } catch {
                throw SQLError.internal("cannot generate an SSH key pair for \(name): \(error)")
            }
            let promoted = try keyPairs(db, connectionID: item.id).last
            try db.execute(sql: "DELETE FROM inlet_ssh_keys WHERE connection_id = ?", arguments: [item.id])
            if let promoted { try storeKeyPair(db, connectionID: item.id, slot: 1, pair: promoted) }
            try storeKeyPair(db, connectionID: item.id, slot: promoted == nil ? 1 : 2, pair: pair)
            return .command("ALTER CONNECTION")
        }
    }

    func validateConnection(name: String) async throws(SQLError) -> StatementResult {
        let resolved = try resolvedConnection(named: name)
        let notices = try await runValidation(resolved)
        return .command("VALIDATE CONNECTION", notices: notices)
    }

    func showConnections(like pattern: String?) async throws(SQLError) -> StatementResult {
        let rows = try await read { db in
            try Row.fetchAll(db, sql: "SELECT name, type FROM inlet_items WHERE kind = 'connection' ORDER BY name")
                .map { [$0["name"] as String?, $0["type"] as String?] }
        }.filter { pattern.map(LikePattern.init)?.matches($0[0] ?? "") ?? true }
        return StatementResult(
            columns: [ResultColumn(name: "name", type: .text), ResultColumn(name: "type", type: .text)], rows: rows,
            commandTag: "SELECT \(rows.count)")
    }

    func showCreateConnection(name: String) async throws(SQLError) -> StatementResult {
        let row = try await read { [self] db in
            let item = try requireItem(db, name: name, kind: .connection)
            return try String.fetchOne(db, sql: "SELECT create_sql FROM inlet_items WHERE id = ?", arguments: [item.id])
        }
        return StatementResult(
            columns: [ResultColumn(name: "name", type: .text), ResultColumn(name: "create_sql", type: .text)],
            rows: [[name, row]], commandTag: "SELECT 1")
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// The outcome of the checks before a connection is validated and stored.
private enum Precheck {
    case skip(StatementResult)
    case proceed(ResolvedConnection)
}

/// PostgreSQL's text form of arrays, e.g. `{b-1:9096,"a b"}`.
enum PostgresArray {
    static func text(_ values: [String]) -> String {
        "{"
            + values.map { value in
                let plain =
                    !value.isEmpty && value.allSatisfy { !"{},\"\\ ".contains($0) } && value.lowercased() != "null"
                if plain { return value }
                var escaped = "\""
                for character in value {
                    if character == "\"" || character == "\\" { escaped.append("\\") }
                    escaped.append(character)
                }
                return escaped + "\""
            }.joined(separator: ",") + "}"
    }
}
