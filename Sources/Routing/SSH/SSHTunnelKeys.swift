/// The two key pairs every SSH tunnel owns; both are offered to the bastion, first then second.
///
/// Two keys make rotation safe: install the second key on the bastion, rotate (the first is dropped, the
/// second promoted and a new second generated), then remove the old first key from the bastion. At no point
/// is the tunnel left without a key the bastion accepts.
public struct SSHTunnelKeys: Sendable, Equatable {
    /// Offered first; shown as `public_key_1`.
    public private(set) var primary: SSHKeyPair
    /// Offered second; shown as `public_key_2`; becomes the primary on rotation.
    public private(set) var secondary: SSHKeyPair

    public init(primary: SSHKeyPair, secondary: SSHKeyPair) {
        self.primary = primary
        self.secondary = secondary
    }

    /// Two fresh Ed25519 pairs.
    public static func generate(comment: String = "inlet") -> SSHTunnelKeys {
        SSHTunnelKeys(primary: .generate(comment: comment), secondary: .generate(comment: comment))
    }

    /// Drops the primary pair, promotes the secondary, and generates a new secondary.
    public func rotated() -> SSHTunnelKeys {
        SSHTunnelKeys(primary: secondary, secondary: .generate(comment: secondary.comment))
    }

    /// The pairs in the order they are offered.
    public var all: [SSHKeyPair] { [primary, secondary] }
}

/// The key pairs a tunnel offers: the two pairs of a catalog tunnel, or one key file from the command line.
public struct SSHClientKeys: Sendable, Equatable {
    /// The pairs in the order they are offered to the bastion.
    public let pairs: [SSHKeyPair]

    /// Offers `pairs` in order; at least one is needed.
    public init(_ pairs: [SSHKeyPair]) {
        precondition(!pairs.isEmpty, "an SSH tunnel needs at least one key pair")
        self.pairs = pairs
    }

    /// Offers the primary, then the secondary pair.
    public init(_ keys: SSHTunnelKeys) { self.pairs = keys.all }
}
