import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A long-running server (sshd, a broker inside a namespace) started by a test and stopped by its pid.
///
/// Output goes to a log file so failures can show it. A thread of its own reaps the process, so
/// `isRunning` is exact. `stop()` sends SIGTERM, then SIGKILL; an exit hook kills whatever a test forgot.
public final class HarnessProcess: Sendable {
    /// A short name for messages.
    public let name: String
    /// The process id.
    public let pid: Int32
    /// Where stdout and stderr go.
    public let logPath: String
    private let exitStatus: Mutex<Int32?>
    private let stopped = Mutex(false)

    private init(name: String, pid: Int32, logPath: String) {
        self.name = name
        self.pid = pid
        self.logPath = logPath
        self.exitStatus = Mutex(nil)
    }

    /// Starts `arguments[0]` (absolute path) with the rest as arguments; inside `namespace` when given.
    public static func launch(
        name: String, _ arguments: [String], in namespace: NetworkNamespace? = nil, logDirectory: String
    ) throws -> HarnessProcess {
        let command = namespace.map { [NetworkNamespace.ip, "netns", "exec", $0.name] + arguments } ?? arguments
        let logPath = "\(logDirectory)/\(name).log"
        let log = open(logPath, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o644)
        guard log >= 0 else {
            throw TestCommand.Failure(command: command, status: -1, output: "cannot create \(logPath)")
        }
        defer { close(log) }
        let pid = try TestCommand.spawn(command, stdout: log)
        HarnessRegistry.shared.add(pid)
        let process = HarnessProcess(name: name, pid: pid, logPath: logPath)
        let thread = Thread {
            let status = TestCommand.waitForExit(pid)
            process.exitStatus.withLock { $0 = status }
        }
        thread.start()
        return process
    }

    /// Whether the process still runs.
    public var isRunning: Bool { exitStatus.withLock { $0 == nil } }

    /// What the process wrote so far.
    public func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits until the log contains `text`; throws with the log when the process exits or time runs out.
    public func waitForLog(containing text: String, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !log().contains(text) {
            guard isRunning, ContinuousClock.now < deadline else {
                throw TestCommand.Failure(
                    command: [name], status: exitStatus.withLock { $0 } ?? -1,
                    output: "never logged \"\(text)\":\n\(log())")
            }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    /// Sends `signal` to the process while it runs.
    public func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// SIGTERM, then SIGKILL after `grace`; waits for the exit. Safe to call twice.
    public func stop(grace: Duration = .seconds(3)) async {
        let already = stopped.withLock { value in
            defer { value = true }
            return value
        }
        guard !already else { return }
        signal(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        signal(SIGKILL)
        while isRunning {
            try? await Task.sleep(for: .milliseconds(10))
        }
        HarnessRegistry.shared.remove(pid)
    }
}

/// Pids of running harness processes, killed by an exit hook in case a test forgot `stop()`.
final class HarnessRegistry: Sendable {
    static let shared = HarnessRegistry()
    private let pids = Mutex<Set<Int32>>([])

    private init() {
        atexit {
            HarnessRegistry.shared.killAll()
        }
    }

    func add(_ pid: Int32) { pids.withLock { _ = $0.insert(pid) } }
    func remove(_ pid: Int32) { pids.withLock { _ = $0.remove(pid) } }

    func killAll() {
        for pid in pids.withLock({ $0 }) {
            kill(pid, SIGKILL)
        }
    }
}
