/// Why an SSH tunnel could not carry a connection, naming the hop that failed and what to change.
///
/// The hops, from Inlet outwards: the bastion's TCP port, the bastion's host key, authentication, the
/// bastion's permission to forward, the broker name as the bastion resolves it, and the broker itself.
/// Messages never contain private key material.
public struct SSHTunnelError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; an open set so cases can be added later.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case bastionUnreachable = "bastion unreachable"
            case handshakeFailed = "SSH handshake failed"
            case hostKeyMismatch = "host key mismatch"
            case authenticationRefused = "authentication refused"
            case forwardingRefused = "forwarding refused by bastion"
            case targetUnresolvable = "target unresolvable from bastion"
            case brokerRefused = "broker refused"
            case channelOpenFailed = "channel open failed"
            case sessionLost = "SSH session lost"
            case shutDown = "tunnel shut down"
        }
        private let base: Base

        /// The bastion's TCP port could not be reached (refused, timed out, name not resolvable here).
        public static let bastionUnreachable = Code(base: .bastionUnreachable)
        /// TCP worked but the SSH handshake did not complete (no common algorithms, not an SSH server, timeout).
        public static let handshakeFailed = Code(base: .handshakeFailed)
        /// The bastion presented a host key other than the pinned one.
        public static let hostKeyMismatch = Code(base: .hostKeyMismatch)
        /// The bastion accepted none of the offered public keys.
        public static let authenticationRefused = Code(base: .authenticationRefused)
        /// The bastion does not allow TCP forwarding for this user (`AllowTcpForwarding`, `PermitOpen`).
        public static let forwardingRefused = Code(base: .forwardingRefused)
        /// The bastion could not resolve the broker's advertised name.
        public static let targetUnresolvable = Code(base: .targetUnresolvable)
        /// The bastion resolved the broker but could not connect to it.
        public static let brokerRefused = Code(base: .brokerRefused)
        /// The bastion refused the channel for another reason.
        public static let channelOpenFailed = Code(base: .channelOpenFailed)
        /// The SSH session died (bastion closed it, stopped answering keepalives, network gone).
        public static let sessionLost = Code(base: .sessionLost)
        /// The tunnel was shut down by Inlet.
        public static let shutDown = Code(base: .shutDown)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What failed and what to change.
    public var message: String
    /// The bastion, as `user@host:port`.
    public var bastion: String
    /// The error underneath, from NIO or NIOSSH, when there is one.
    public var underlying: (any Error)?

    public init(_ code: Code, _ message: String, bastion: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.bastion = bastion
        self.underlying = underlying
    }

    public var description: String { "SSH tunnel via \(bastion): \(code): \(message)" }
}
