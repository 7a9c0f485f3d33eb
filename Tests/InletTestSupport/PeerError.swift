import Foundation

/// An error from starting, waiting for, or talking to a real test peer.
///
/// Peers are never optional: a missing binary or Python module is an error that names the fix
/// (`scripts/bootstrap --test`), and a peer that fails to come up carries the tail of its log.
public struct PeerError: Error, CustomStringConvertible, Sendable {
    /// The peer this is about, e.g. `tansu` or `rdk_produce`.
    public var peer: String
    /// What went wrong and what to do about it.
    public var message: String
    /// The last lines of the peer's output, when there is any.
    public var logTail: String?

    public init(peer: String, message: String, logTail: String? = nil) {
        self.peer = peer
        self.message = message
        self.logTail = logTail
    }

    public var description: String {
        var text = "\(peer): \(message)"
        if let logTail, !logTail.isEmpty {
            text += "\n--- last lines of \(peer)'s output ---\n\(logTail)"
        }
        return text
    }

    public static func missing(_ what: String, peer: String) -> PeerError {
        PeerError(peer: peer, message: "\(what) is missing; run scripts/bootstrap --test to install the test peers")
    }
}
