import Foundation

/// The bastion host key a tunnel trusts, pinned by SHA256 fingerprint.
///
/// Given up front (from `--ssh-known-host-key` or the catalog) or learned on the first successful connect.
/// A bastion that presents any other key is refused, because a changed host key is what an attacker in the
/// middle looks like.
public struct SSHKnownHostKey: Hashable, Sendable, CustomStringConvertible {
    /// `SHA256:…`, as `ssh-keygen -l` prints it.
    public let fingerprint: String
    /// The full key when it was given as a key line or learned from the bastion; nil for a bare fingerprint.
    public let publicKey: SSHPublicKey?

    /// Pins exactly this key.
    public init(_ key: SSHPublicKey) {
        self.init(fingerprint: key.fingerprint, publicKey: key)
    }

    private init(fingerprint: String, publicKey: SSHPublicKey?) {
        self.fingerprint = fingerprint
        self.publicKey = publicKey
    }

    /// Accepts `ssh-ed25519 AAAA… [comment]`, a `known_hosts` line (`host ssh-ed25519 AAAA…`), or `SHA256:…`.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("SHA256:") {
            let digest = trimmed.dropFirst("SHA256:".count)
            guard digest.count == 43, digest.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "/" })
            else {
                throw SSHKeyError(
                    "`\(trimmed)` is not a SHA256 host key fingerprint; expected `SHA256:` and 43 base64 "
                        + "characters as printed by `ssh-keygen -l -f /etc/ssh/ssh_host_ed25519_key.pub`")
            }
            self = SSHKnownHostKey(fingerprint: trimmed, publicKey: nil)
            return
        }
        var fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if let index = fields.firstIndex(where: { $0.hasPrefix("ssh-") || $0.hasPrefix("ecdsa-") }), index > 0 {
            fields.removeFirst(index)
        }
        guard fields.count >= 2 else {
            throw SSHKeyError(
                "`\(trimmed)` is not a host key; give the bastion's `ssh-ed25519 AAAA…` line "
                    + "(`cat /etc/ssh/ssh_host_ed25519_key.pub` on the bastion) or its `SHA256:…` fingerprint")
        }
        self.init(try SSHPublicKey(openSSHLine: fields[0] + " " + fields[1]))
    }

    /// Whether `key` is the pinned key.
    public func matches(_ key: SSHPublicKey) -> Bool { key.fingerprint == fingerprint }

    public var description: String { publicKey.map { "\($0.algorithm) \(fingerprint)" } ?? fingerprint }
}
