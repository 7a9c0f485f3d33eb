import NIOConcurrencyHelpers

/// The server's table of connections by BackendKeyData, so a CancelRequest on a new connection can reach the
/// statement running on another.
final class PGCancelRegistry: Sendable {
    private struct Entry {
        var secretKey: Int32
        var cancel: @Sendable () -> Void
    }

    private let state = NIOLockedValueBox((nextProcessID: Int32(1), entries: [Int32: Entry]()))

    /// Allocates a process id and a random secret key for a new connection.
    func register(cancel: @escaping @Sendable () -> Void) -> (processID: Int32, secretKey: Int32) {
        let secretKey = Int32.random(in: .min ... .max)
        let processID = state.withLockedValue { state in
            let processID = state.nextProcessID
            state.nextProcessID = state.nextProcessID == .max ? 1 : state.nextProcessID + 1
            state.entries[processID] = Entry(secretKey: secretKey, cancel: cancel)
            return processID
        }
        return (processID, secretKey)
    }

    func unregister(processID: Int32) {
        state.withLockedValue { _ = $0.entries.removeValue(forKey: processID) }
    }

    /// Cancels the connection's running statement when the key matches; a wrong key is ignored silently.
    @discardableResult
    func cancel(processID: Int32, secretKey: Int32) -> Bool {
        let entry = state.withLockedValue { $0.entries[processID] }
        guard let entry, entry.secretKey == secretKey else { return false }
        entry.cancel()
        return true
    }
}
