import Crypto
import Foundation

/// The default SSH key generator: Ed25519 from swift-crypto; the private key is the 32-byte seed.
public struct Curve25519SSHKeyGenerator: SSHKeyGenerating {
    public init() {}

    public func generateKeyPair() throws -> SSHKeyPairMaterial {
        let key = Curve25519.Signing.PrivateKey()
        return SSHKeyPairMaterial(
            publicKey: Self.openSSHPublicKey(key.publicKey.rawRepresentation),
            privateKey: Array(key.rawRepresentation))
    }

    /// `ssh-ed25519 <base64(string "ssh-ed25519" || string key)>`, as in `authorized_keys`.
    public static func openSSHPublicKey<Bytes: DataProtocol>(_ rawPublicKey: Bytes) -> String {
        var blob = Data()
        func appendString<S: DataProtocol>(_ bytes: S) {
            var length = UInt32(bytes.count).bigEndian
            withUnsafeBytes(of: &length) { blob.append(contentsOf: $0) }
            blob.append(contentsOf: bytes)
        }
        appendString(Array("ssh-ed25519".utf8))
        appendString(rawPublicKey)
        return "ssh-ed25519 " + blob.base64EncodedString()
    }
}
