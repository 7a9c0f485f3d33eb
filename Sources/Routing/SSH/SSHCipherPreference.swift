import NIOSSH

/// The order in which Inlet offers the ciphers swift-nio-ssh implements: AES-128-GCM before AES-256-GCM.
///
/// Both are authenticated ciphers without a separate MAC; AES-128 runs 10 rounds per block instead of 14, so
/// a bulk channel decrypts faster. The client's order decides which cipher a session uses, and OpenSSH's
/// default `Ciphers` list puts AES-128-GCM before AES-256-GCM too.
enum SSHCipherPreference {
    /// The names in the order they are offered.
    static let names = ["aes128-gcm@openssh.com", "aes256-gcm@openssh.com"]

    /// `schemes` reordered by `names`; schemes not named keep their order after the named ones.
    static func ordered<Scheme>(_ schemes: [Scheme], name: (Scheme) -> String) -> [Scheme] {
        let ranked = schemes.enumerated().map { offset, scheme in
            (rank: names.firstIndex(of: name(scheme)) ?? names.count, offset: offset, scheme: scheme)
        }
        return ranked.sorted { ($0.rank, $0.offset) < ($1.rank, $1.offset) }.map(\.scheme)
    }

    /// swift-nio-ssh's ciphers in the order Inlet offers them.
    static var offered: [any NIOSSHTransportProtection.Type] {
        ordered(Constants.bundledTransportProtectionSchemes.map { $0 }, name: { $0.cipherName })
    }

    /// The names of `offered`, in order, for messages and tests.
    static var offeredNames: [String] { offered.map { $0.cipherName } }

    /// The names of every cipher swift-nio-ssh implements, in its own order.
    static var bundledNames: [String] { Constants.bundledTransportProtectionSchemes.map { $0.cipherName } }
}
