import GRDB
import SQL

extension Catalog {
    /// The host key pinned for SSH TUNNEL connection `connectionID`, if any.
    func pinnedHostKey(_ db: Database, connectionID: String) throws -> String? {
        try String.fetchOne(
            db, sql: "SELECT host_key FROM inlet_ssh_host_keys WHERE connection_id = ?", arguments: [connectionID])
    }

    /// Pins `hostKey` (an OpenSSH public key line) for the SSH TUNNEL connection `name` when nothing is pinned yet:
    /// called after the first successful connect, so later restarts refuse a different key. Returns whether it
    /// pinned.
    @discardableResult
    public func pinHostKey(connectionName name: String, hostKey: String) async throws(SQLError) -> Bool {
        // Every replica trusts the key the first of them pinned.
        try await write(changesRelations: false, sharedByReplicas: true) { [self] db in
            guard let item = try CatalogItem.fetch(db, name: name), item.kind == .connection,
                item.connectionType == .sshTunnel
            else { return false }
            if case .sshTunnel(let ssh)? = item.definition, ssh.hostKey != nil { return false }
            guard try pinnedHostKey(db, connectionID: item.id) == nil else { return false }
            try db.execute(
                sql: "INSERT INTO inlet_ssh_host_keys (connection_id, host_key, pinned_at) VALUES (?, ?, ?)",
                arguments: [item.id, hostKey, Self.now()])
            return true
        }
    }

    /// `HOST KEY` set or dropped by ALTER CONNECTION replaces the pin: the new key, or a fresh pin at the next
    /// connect.
    func replacePin(_ db: Database, connectionID: String, definition: ConnectionDefinition) throws {
        guard case .sshTunnel(let ssh) = definition else { return }
        try db.execute(sql: "DELETE FROM inlet_ssh_host_keys WHERE connection_id = ?", arguments: [connectionID])
        if let hostKey = ssh.hostKey {
            try db.execute(
                sql: "INSERT INTO inlet_ssh_host_keys (connection_id, host_key, pinned_at) VALUES (?, ?, ?)",
                arguments: [connectionID, hostKey, Self.now()])
        }
    }
}
