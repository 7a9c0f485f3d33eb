import Foundation
import GRDB
import SQL

extension Catalog {
    /// The principal AWS sees for the PrivateLink connection `id`.
    public func principal(forConnectionID id: String) -> String {
        "arn:aws:iam::\(configuration.awsAccountID):role/\(configuration.rolePrefix)_\(id)"
    }

    /// Looks up everything `definition` refers to, checking kinds and availability zones; returns the resolved
    /// connection and the ids of the items it depends on.
    func resolve(
        _ db: Database, id: String?, name: String, definition: ConnectionDefinition
    ) throws -> (ResolvedConnection, [String]) {
        switch definition {
        case .awsPrivateLink(let privateLink):
            return (
                .awsPrivateLink(
                    ResolvedPrivateLink(
                        id: id ?? "", name: name, definition: privateLink,
                        principal: id.map { principal(forConnectionID: $0) } ?? "")), []
            )
        case .sshTunnel(let ssh):
            let keys = try id.map { try keyPairs(db, connectionID: $0) } ?? []
            let pin = try id.flatMap { try pinnedHostKey(db, connectionID: $0) }
            return (
                .sshTunnel(
                    ResolvedSSHTunnel(
                        id: id ?? "", name: name, definition: ssh, keyPairs: keys, hostKey: ssh.hostKey ?? pin)), []
            )
        case .aws(let aws):
            var dependencies: [String] = []
            var resolved = ResolvedAWSConnection(id: id, name: name, definition: aws)
            for secretName in aws.referencedSecrets {
                let item = try requireReference(db, name: secretName, kind: .secret, usedAs: "SECRET \(secretName)")
                resolved.secrets[secretName] = try secretValue(db, id: item.id)
                dependencies.append(item.id)
            }
            return (.aws(resolved), dependencies)
        case .confluentSchemaRegistry(let registry):
            var dependencies: [String] = []
            var resolved = ResolvedSchemaRegistryConnection(id: id, name: name, definition: registry)
            for secretName in registry.referencedSecrets {
                let item = try requireReference(db, name: secretName, kind: .secret, usedAs: "SECRET \(secretName)")
                resolved.secrets[secretName] = try secretValue(db, id: item.id)
                dependencies.append(item.id)
            }
            for (connectionName, type) in registry.referencedConnections {
                let (item, stored) = try requireConnection(db, name: connectionName, type: type)
                dependencies.append(item.id)
                switch stored {
                case .awsPrivateLink(let privateLink):
                    resolved.privateLink = ResolvedPrivateLink(
                        id: item.id, name: connectionName, definition: privateLink,
                        principal: principal(forConnectionID: item.id))
                case .sshTunnel(let ssh):
                    resolved.sshTunnel = ResolvedSSHTunnel(
                        id: item.id, name: connectionName, definition: ssh,
                        keyPairs: try keyPairs(db, connectionID: item.id),
                        hostKey: try ssh.hostKey ?? pinnedHostKey(db, connectionID: item.id))
                default:
                    break
                }
            }
            return (.confluentSchemaRegistry(resolved), dependencies)
        case .kafka(let kafka):
            var dependencies: [String] = []
            var resolved = ResolvedKafkaConnection(
                id: id, name: name, definition: kafka, privateLinks: [:], sshTunnels: [:], secrets: [:])
            for secretName in kafka.referencedSecrets {
                let item = try requireReference(db, name: secretName, kind: .secret, usedAs: "SECRET \(secretName)")
                resolved.secrets[secretName] = try secretValue(db, id: item.id)
                dependencies.append(item.id)
            }
            for (connectionName, type) in kafka.referencedConnections {
                let (item, stored) = try requireConnection(db, name: connectionName, type: type)
                dependencies.append(item.id)
                switch stored {
                case .awsPrivateLink(let privateLink):
                    resolved.privateLinks[connectionName] = ResolvedPrivateLink(
                        id: item.id, name: connectionName, definition: privateLink,
                        principal: principal(forConnectionID: item.id))
                case .sshTunnel(let ssh):
                    resolved.sshTunnels[connectionName] = ResolvedSSHTunnel(
                        id: item.id, name: connectionName, definition: ssh,
                        keyPairs: try keyPairs(db, connectionID: item.id),
                        hostKey: try ssh.hostKey ?? pinnedHostKey(db, connectionID: item.id))
                case .aws:
                    if case .aws(let aws) = try resolve(db, id: item.id, name: connectionName, definition: stored).0 {
                        resolved.aws = aws
                    }
                case .kafka, .confluentSchemaRegistry:
                    break
                }
            }
            try checkAvailabilityZones(kafka, privateLinks: resolved.privateLinks)
            return (.kafka(resolved), dependencies)
        }
    }

    /// The stored connection `name`, which must be of `type` (a route names an AWS PRIVATELINK or SSH TUNNEL one).
    private func requireConnection(_ db: Database, name: String, type: ConnectionType) throws -> (
        CatalogItem, ConnectionDefinition
    ) {
        let item = try requireReference(db, name: name, kind: .connection, usedAs: "\(type.sqlName) \(name)")
        guard item.connectionType == type, let stored = item.definition else {
            throw SQLError.wrongObjectType(
                "'\(name)' is \(item.connectionType.map { "an \($0.sqlName) connection" } ?? "not a connection"), "
                    + "not an \(type.sqlName) connection; name an \(type.sqlName) connection after \(type.sqlName)")
        }
        return (item, stored)
    }

    private func requireReference(_ db: Database, name: String, kind: ItemKind, usedAs: String) throws -> CatalogItem {
        guard let item = try CatalogItem.fetch(db, name: name) else {
            let create = kind == .secret ? "CREATE SECRET \(name) AS '…'" : "CREATE CONNECTION \(name) …"
            throw SQLError.undefinedObject(
                "unknown \(kind.rawValue) '\(name)' in \(usedAs); create it first with \(create)")
        }
        guard item.kind == kind else {
            throw SQLError.wrongObjectType("'\(name)' in \(usedAs) is \(item.kind.article), not \(kind.article)")
        }
        return item
    }

    /// An AZ named by a broker rule must be one the PrivateLink connection lists.
    func checkAvailabilityZones(_ kafka: KafkaConnectionDefinition, privateLinks: [String: ResolvedPrivateLink]) throws
    {
        for route in kafka.routes {
            guard case .privateLink(let connection, _, let zone?) = route, let privateLink = privateLinks[connection]
            else {
                continue
            }
            let zones = privateLink.definition.availabilityZones
            if !zones.contains(zone) {
                throw SQLError.invalidParameter(
                    "availability zone '\(zone)' is not one of the zones of AWS PRIVATELINK connection \(connection) "
                        + "(\(zones.isEmpty ? "it lists none" : zones.map { "'\($0)'" }.joined(separator: ", "))); "
                        + "use one of those or add it with ALTER CONNECTION \(connection) SET (AVAILABILITY ZONES (…))")
            }
        }
    }

    func keyPairs(_ db: Database, connectionID: String) throws -> [SSHKeyPairMaterial] {
        let rows = try Row.fetchAll(
            db,
            sql:
                "SELECT slot, public_key, sealed_private_key FROM inlet_ssh_keys WHERE connection_id = ? ORDER BY slot",
            arguments: [connectionID])
        return try rows.map { row in
            SSHKeyPairMaterial(
                publicKey: row["public_key"],
                privateKey: try vault.unseal(
                    row["sealed_private_key"], for: "\(connectionID)/ssh/\(row["slot"] as Int64)"))
        }
    }

    func storeKeyPair(_ db: Database, connectionID: String, slot: Int, pair: SSHKeyPairMaterial) throws {
        try db.execute(
            sql: "INSERT INTO inlet_ssh_keys (connection_id, slot, public_key, sealed_private_key) VALUES (?, ?, ?, ?)",
            arguments: [
                connectionID, slot, pair.publicKey, try vault.seal(pair.privateKey, for: "\(connectionID)/ssh/\(slot)"),
            ])
    }

    /// Looks up a stored connection by name with everything it refers to (decrypted secrets and keys), for the
    /// route table, the Kafka client and the ingest runtime.
    public func resolvedConnection(named name: String) throws(SQLError) -> ResolvedConnection {
        try read { db in
            let item = try requireItem(db, name: name, kind: .connection)
            guard let definition = item.definition else {
                throw SQLError.internal("connection \(name) has no definition")
            }
            return try resolve(db, id: item.id, name: name, definition: definition).0
        }
    }

    /// Every stored connection's name and definition (no secrets), e.g. to build route tables at startup.
    public func connections() throws(SQLError) -> [(id: String, name: String, definition: ConnectionDefinition)] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM inlet_items WHERE kind = 'connection' ORDER BY name")
            return try rows.compactMap { row in
                let item = try CatalogItem(row: row)
                return item.definition.map { (item.id, item.name, $0) }
            }
        }
    }

    /// Validates `connection`; returns the validator's notices (VALIDATE CONNECTION shows them).
    @discardableResult
    func runValidation(_ connection: ResolvedConnection) async throws(SQLError) -> [StatementNotice] {
        guard let validator = configuration.connectionValidator else {
            throw SQLError.featureNotSupported(
                "cannot validate connection \(connection.name): this server has no connection validator",
                hint: "add WITH (VALIDATE = false) to the statement to store the connection without validating it")
        }
        do {
            return try await validator.validateReportingNotices(connection)
        } catch let error as SQLError {
            throw error
        } catch {
            throw SQLError.connectionFailure("validation of connection \(connection.name) failed: \(error)")
        }
    }
}
