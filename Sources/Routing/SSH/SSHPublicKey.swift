import Crypto
import Foundation

/// An SSH public key as OpenSSH writes it: an algorithm name and the key's wire-format blob.
///
/// Used for Inlet's own tunnel keys (shown to users for the bastion's `authorized_keys`) and for the
/// bastion's host key (pinned by its SHA256 fingerprint), so both print exactly like `ssh-keygen -l` does.
public struct SSHPublicKey: Hashable, Sendable, CustomStringConvertible {
    /// The algorithm name, e.g. `ssh-ed25519`.
    public let algorithm: String
    /// The key in SSH wire format (`string algorithm, …`), the bytes the fingerprint is taken over.
    public let blob: [UInt8]

    /// Wraps a wire-format blob; the algorithm is read from the blob itself.
    public init(blob: [UInt8]) throws {
        var buffer = SSHWireBuffer(blob)
        guard let name = buffer.readString(), let algorithm = String(bytes: name, encoding: .utf8),
            !algorithm.isEmpty
        else {
            throw SSHKeyError("the public key blob does not start with an algorithm name")
        }
        self.algorithm = algorithm
        self.blob = blob
    }

    /// Parses an `authorized_keys`-style line: `ssh-ed25519 AAAA… [comment]` (the comment is ignored).
    public init(openSSHLine line: String) throws {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 2 else {
            throw SSHKeyError("expected an OpenSSH public key like `ssh-ed25519 AAAA… comment`, got `\(line)`")
        }
        guard let data = Data(base64Encoded: String(fields[1])) else {
            throw SSHKeyError("the public key `\(fields[0]) \(fields[1].prefix(12))…` is not valid base64")
        }
        try self.init(blob: Array(data))
        guard algorithm == fields[0] else {
            throw SSHKeyError("the public key says `\(fields[0])` but its blob holds a `\(algorithm)` key")
        }
    }

    /// An Ed25519 public key.
    public init(ed25519 key: Curve25519.Signing.PublicKey) {
        var buffer = SSHWireBuffer()
        buffer.writeString(Array(Self.ed25519Algorithm.utf8))
        buffer.writeString(Array(key.rawRepresentation))
        self.algorithm = Self.ed25519Algorithm
        self.blob = buffer.bytes
    }

    static let ed25519Algorithm = "ssh-ed25519"

    /// `ssh-ed25519 AAAA…`, without a comment.
    public var openSSHLine: String { "\(algorithm) \(Data(blob).base64EncodedString())" }

    /// The SHA256 fingerprint as OpenSSH prints it: `SHA256:` and unpadded base64.
    public var fingerprint: String { Self.fingerprint(of: blob) }

    /// `SHA256:` and the unpadded base64 SHA-256 digest of `blob`.
    static func fingerprint(of blob: [UInt8]) -> String {
        let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }

    public var description: String { "\(algorithm) \(fingerprint)" }
}

/// A malformed or unsupported SSH key, with what to do about it.
public struct SSHKeyError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and how to fix it; never contains key material.
    public var message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}
