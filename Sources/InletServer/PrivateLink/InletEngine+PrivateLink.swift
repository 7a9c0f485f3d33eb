import Catalog
import Logging
import SQL

extension InletEngine {
    /// Attaches the PrivateLink endpoint lifecycle: from now on CREATE and DROP CONNECTION of AWS PRIVATELINK
    /// connections make and delete endpoints, and every connection already in the catalog is taken up. Add the
    /// manager to the server's `ServiceGroup`.
    public func attach(privateLinks manager: AWSPrivateLinkManager) async {
        privateLinks.withLockedValue { $0 = manager }
        await syncPrivateLinks()
    }

    /// Tells the lifecycle which AWS PRIVATELINK connections exist.
    func syncPrivateLinks() async {
        guard let manager = privateLinks.withLockedValue({ $0 }) else { return }
        do {
            let connections = try catalog.connections().compactMap { connection -> AWSPrivateLinkManager.Connection? in
                guard case .awsPrivateLink(let definition) = connection.definition else { return nil }
                return (catalog.principal(forConnectionID: connection.id), connection.name, definition)
            }
            await manager.sync(connections)
        } catch {
            Logger(label: "inlet.privatelink").error("cannot read the PrivateLink connections: \(error)")
        }
    }
}
