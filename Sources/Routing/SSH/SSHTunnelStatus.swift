/// The state of an SSH tunnel's session, as shown in source and connection status.
public struct SSHTunnelStatus: Hashable, Sendable, CustomStringConvertible {
    private enum Base: Hashable, Sendable {
        case idle
        case connecting
        case running
        case errored(String)
        case shutDown
    }
    private let base: Base

    /// No session has been asked for yet.
    public static let idle = SSHTunnelStatus(base: .idle)
    /// A session is being established (first connect or reconnect).
    public static let connecting = SSHTunnelStatus(base: .connecting)
    /// The session is up and carrying channels.
    public static let running = SSHTunnelStatus(base: .running)
    /// The tunnel was shut down.
    public static let shutDown = SSHTunnelStatus(base: .shutDown)
    /// The last attempt failed with `message`; the tunnel retries with backoff.
    public static func errored(_ message: String) -> SSHTunnelStatus { SSHTunnelStatus(base: .errored(message)) }

    /// `idle`, `connecting`, `running`, `errored` or `shut down`.
    public var name: String {
        switch base {
        case .idle: "idle"
        case .connecting: "connecting"
        case .running: "running"
        case .errored: "errored"
        case .shutDown: "shut down"
        }
    }

    /// The error message when errored.
    public var error: String? {
        if case .errored(let message) = base { return message }
        return nil
    }

    public var isRunning: Bool { base == .running }

    public var description: String { error.map { "errored: \($0)" } ?? name }
}
