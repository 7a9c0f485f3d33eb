import Crypto
import Foundation
import NIOSSH

/// An Ed25519 key pair with which an SSH tunnel authenticates to its bastion.
///
/// The public half is shown to users (OpenSSH `authorized_keys` format) so they can install it on the
/// bastion; the private half stays inside Inlet and is read and written in OpenSSH's own private key format,
/// so keys made by `ssh-keygen -t ed25519 -N ''` and by `inlet ssh keygen` are interchangeable.
public struct SSHKeyPair: Sendable, Equatable {
    /// The Ed25519 seed (32 bytes), kept as bytes because swift-crypto's key type is not `Sendable`.
    private let seed: [UInt8]
    /// The comment written after the public key and inside the private key file.
    public var comment: String

    public init(privateKey: Curve25519.Signing.PrivateKey, comment: String = "inlet") {
        self.seed = Array(privateKey.rawRepresentation)
        self.comment = comment
    }

    /// The Ed25519 signing key.
    public var privateKey: Curve25519.Signing.PrivateKey {
        // The seed came from a valid key, so this cannot fail.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    }

    /// A key pair from its 32-byte Ed25519 seed, as the catalog stores it (sealed) next to the public key.
    public init(ed25519Seed seed: [UInt8], comment: String = "inlet") throws {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw SSHKeyError("an Ed25519 private key seed is 32 bytes, not \(seed.count)")
        }
        self.init(privateKey: key, comment: comment)
    }

    /// The 32-byte Ed25519 seed: the whole private key, for sealed storage. Never log it.
    public var ed25519Seed: [UInt8] { seed }

    /// A fresh key pair from the system's secure random source.
    public static func generate(comment: String = "inlet") -> SSHKeyPair {
        SSHKeyPair(privateKey: Curve25519.Signing.PrivateKey(), comment: comment)
    }

    /// The public half.
    public var publicKey: SSHPublicKey { SSHPublicKey(ed25519: privateKey.publicKey) }

    /// `ssh-ed25519 AAAA… comment`: one line to append to the bastion's `authorized_keys`.
    public var authorizedKeysLine: String {
        comment.isEmpty ? publicKey.openSSHLine : "\(publicKey.openSSHLine) \(comment)"
    }

    /// The public key's SHA256 fingerprint, as `ssh-keygen -l` prints it.
    public var fingerprint: String { publicKey.fingerprint }

    /// The key as swift-nio-ssh signs with it.
    var nioPrivateKey: NIOSSHPrivateKey { NIOSSHPrivateKey(ed25519Key: privateKey) }

    public static func == (lhs: SSHKeyPair, rhs: SSHKeyPair) -> Bool {
        lhs.seed == rhs.seed && lhs.comment == rhs.comment
    }
}

extension SSHKeyPair: CustomStringConvertible {
    /// The public key and fingerprint only; the private key never appears in descriptions or logs.
    public var description: String { "SSHKeyPair(\(publicKey.fingerprint) \(comment))" }
}
