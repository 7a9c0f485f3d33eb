import NIOConcurrencyHelpers
import NIOCore

/// Wakes a stalled source's backoff early.
final class RetrySignal: Sendable {
    private let waiter = NIOLockedValueBox<CheckedContinuation<Void, Never>?>(nil)
    private let fired = NIOLockedValueBox(false)

    func fire() {
        let continuation = waiter.withLockedValue { waiter -> CheckedContinuation<Void, Never>? in
            defer { waiter = nil }
            return waiter
        }
        if let continuation { continuation.resume() } else { fired.withLockedValue { $0 = true } }
    }

    /// Returns after `delay`, when fired, or when the task is cancelled.
    func wait(upTo delay: TimeAmount) async {
        if fired.withLockedValue({ value in
            defer { value = false }; return value
        }) {
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(nanoseconds: UInt64(max(0, delay.nanoseconds))) }
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let resumeNow = self.waiter.withLockedValue { waiter -> Bool in
                            if Task.isCancelled { return true }
                            waiter?.resume()
                            waiter = continuation
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                } onCancel: {
                    self.waiter.withLockedValue { waiter in
                        waiter?.resume()
                        waiter = nil
                    }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }
}
