import Catalog
import NIOConcurrencyHelpers
import Routing
import SQL

/// Makes SSH TUNNEL key pairs with the routing module's `SSHKeyPair`, so the catalog's keys are the ones the
/// tunnels authenticate with. The catalog stores the 32-byte Ed25519 seed (sealed) and the OpenSSH public key.
public struct RoutingSSHKeyGenerator: SSHKeyGenerating {
    public init() {}

    public func generateKeyPair() throws -> SSHKeyPairMaterial {
        let pair = SSHKeyPair.generate()
        return SSHKeyPairMaterial(
            publicKey: pair.publicKey.openSSHLine, privateKey: Array(pair.privateKey.rawRepresentation))
    }
}

extension ResolvedSSHTunnel {
    /// The tunnel's key pairs as the routing module uses them (pair 1 primary, pair 2 secondary).
    public func tunnelKeys() throws -> SSHTunnelKeys {
        let pairs = try keyPairs.map { material in
            SSHKeyPair(privateKey: try .init(rawRepresentation: material.privateKey), comment: "inlet-\(name)")
        }
        guard pairs.count == 2 else {
            throw SQLError.internal("SSH TUNNEL connection \(name) has \(pairs.count) key pairs instead of 2")
        }
        return SSHTunnelKeys(primary: pairs[0], secondary: pairs[1])
    }

    /// The host key to trust, parsed; a stored key that does not parse is an error that names the fix.
    public func pinnedHostKey() throws -> SSHKnownHostKey? {
        guard let hostKey else { return nil }
        do {
            return try SSHKnownHostKey(parsing: hostKey)
        } catch {
            throw SQLError.invalidParameter(
                "the host key of SSH TUNNEL connection \(name) does not parse: \(error)",
                hint: "ALTER CONNECTION \(name) SET (HOST KEY 'ssh-ed25519 AAAA…')")
        }
    }
}

/// Pins bastion host keys in the catalog once a tunnel has connected: set late, because the validator is built
/// before the catalog it writes to.
final class HostKeyPinner: Sendable {
    private let catalog = NIOLockedValueBox<Catalog?>(nil)

    func attach(_ catalog: Catalog) { self.catalog.withLockedValue { $0 = catalog } }

    /// Records the key `tunnel` trusts now for connection `name`, unless one is pinned already.
    func pin(_ key: SSHKnownHostKey?, connection name: String) async {
        guard let line = key?.publicKey?.openSSHLine, let catalog = catalog.withLockedValue({ $0 }) else { return }
        _ = try? await catalog.pinHostKey(connectionName: name, hostKey: line)
    }
}
