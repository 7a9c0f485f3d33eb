import Catalog
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
}
