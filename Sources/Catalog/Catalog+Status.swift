import GRDB
import SQL

extension Catalog {
    /// Records the state of an AWS PRIVATELINK connection's endpoint (`available`, `pending-service-discovery`,
    /// `failed`, …) in `mz_aws_privatelink_connection_status_history`, when it differs from the last one.
    /// For the endpoint provider: the EC2 API or the static table.
    public func recordPrivateLinkStatus(connectionName name: String, status: String) async throws(SQLError) {
        try await write(changesRelations: false) { [self] db in
            let item = try requireItem(db, name: name, kind: .connection)
            guard item.connectionType == .awsPrivateLink else {
                throw SQLError.wrongObjectType("\(item.described) is not an AWS PRIVATELINK connection")
            }
            let last = try String.fetchOne(
                db,
                sql:
                    "SELECT status FROM inlet_privatelink_status_history WHERE connection_id = ? ORDER BY rowid DESC LIMIT 1",
                arguments: [item.id])
            guard last != status else { return }
            try db.execute(
                sql:
                    "INSERT INTO inlet_privatelink_status_history (connection_id, status, occurred_at) VALUES (?, ?, ?)",
                arguments: [item.id, status, Self.now()])
        }
    }
}
