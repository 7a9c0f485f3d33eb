import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One long-running real peer (a broker, a proxy, a server) started for a test and stopped by its pid.
///
/// The peer runs under `testpeers/peer_wrapper.py` in a process group of its own, with stdout and
/// stderr in a log file. Three safety nets keep a test run from leaving orphans: `stop()` (SIGTERM to
/// the group, then SIGKILL), the actor's deinit and an exit hook (SIGKILL to the group), and the
/// wrapper itself, which kills the group when the test process dies without cleaning up.
public actor PeerProcess {
    /// A short name used in errors and log file names.
    public nonisolated let name: String
    /// The wrapper's pid, which is also the process group id of the peer.
    public nonisolated let pid: Int32
    /// Where the peer's stdout and stderr go.
    public nonisolated let logURL: URL
    private let process: Process
    private var stopped = false

    private init(name: String, process: Process, logURL: URL) {
        self.name = name
        self.process = process
        self.pid = process.processIdentifier
        self.logURL = logURL
    }

    /// Starts `executable` with `arguments`; output goes to a fresh log file.
    ///
    /// - Parameters:
    ///   - executable: an absolute path or a name looked up in PATH; missing means "run scripts/bootstrap --test".
    ///   - namespace: runs the peer inside this network namespace (`ip netns exec`), where its names resolve.
    ///   - directory: the working directory and the home of the log file (a new temporary one when nil).
    public static func launch(
        name: String,
        executable: String,
        arguments: [String],
        in namespace: NetworkNamespace? = nil,
        environment: [String: String] = [:],
        directory: URL? = nil
    ) async throws -> PeerProcess {
        var path = try await PeerEnvironment.executable(executable, peer: name)
        var arguments = arguments
        if let namespace {
            arguments = ["netns", "exec", namespace.name, path] + arguments
            path = NetworkNamespace.ip
        }
        let python = try await PeerEnvironment.python()
        let directory = try directory ?? PeerPaths.makeTemporaryDirectory(prefix: name)
        let logURL = directory.appendingPathComponent("\(name).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [PeerPaths.script("peer_wrapper.py"), "--", path] + arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            .merging(["INLET_PEER_PARENT": String(getpid())]) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        do {
            try process.run()
        } catch {
            throw PeerError(peer: name, message: "could not start \(path): \(error)")
        }
        PeerRegistry.shared.add(process.processIdentifier)
        return PeerProcess(name: name, process: process, logURL: logURL)
    }

    /// Whether the peer is still running.
    public var isRunning: Bool { process.isRunning }

    /// The peer's exit status once it has exited.
    public var exitStatus: Int32? { process.isRunning ? nil : process.terminationStatus }

    /// Everything the peer wrote so far.
    public nonisolated func log() -> String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    /// The last `lines` lines the peer wrote.
    public nonisolated func logTail(lines: Int = 30) -> String {
        log().split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// Waits until host:port accepts TCP connections; throws with the log tail when the peer exits
    /// first or the timeout passes.
    public func waitForPort(_ port: Int, host: String = "127.0.0.1", timeout: Duration = .seconds(30)) async throws {
        try await waitUntil("\(host):\(port) to accept connections", timeout: timeout) {
            LoopbackAddress.accepts(host: host, port: port)
        }
    }

    /// Waits until the peer's log contains `text`.
    public func waitForLog(containing text: String, timeout: Duration = .seconds(30)) async throws {
        try await waitUntil("its output to contain \"\(text)\"", timeout: timeout) { [logURL] in
            ((try? String(contentsOf: logURL, encoding: .utf8)) ?? "").contains(text)
        }
    }

    private func waitUntil(
        _ what: String,
        timeout: Duration,
        _ condition: @Sendable () -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            if condition() { return }
            if !process.isRunning {
                throw PeerError(
                    peer: name,
                    message: "exited with status \(process.terminationStatus) while waiting for \(what)",
                    logTail: logTail())
            }
            if ContinuousClock.now >= deadline {
                throw PeerError(
                    peer: name, message: "timed out after \(timeout) waiting for \(what)", logTail: logTail())
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Sends `signal` to the peer's whole process group while it runs (SIGKILL plays a crash).
    public func signal(_ signal: Int32) {
        if process.isRunning { signalGroup(signal) }
    }

    /// Stops the peer: SIGTERM to its process group, then SIGKILL after `grace`. Safe to call twice.
    public func stop(grace: Duration = .seconds(5)) async {
        guard !stopped else { return }
        stopped = true
        if process.isRunning {
            signalGroup(SIGTERM)
            let deadline = ContinuousClock.now + grace
            while process.isRunning && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        // The group may still hold children even after the wrapper left; SIGKILL is harmless when empty.
        signalGroup(SIGKILL)
        while process.isRunning {
            try? await Task.sleep(for: .milliseconds(10))
        }
        PeerRegistry.shared.remove(pid)
    }

    /// Signals the process group, and the wrapper itself in case it has not made its group yet.
    private func signalGroup(_ signal: Int32) {
        kill(-pid, signal)
        if process.isRunning { kill(pid, signal) }
    }

    deinit {
        if !stopped {
            kill(-pid, SIGKILL)
            PeerRegistry.shared.remove(pid)
        }
    }
}

/// Process groups of running peers, killed by an exit hook in case a test forgot `stop()`.
final class PeerRegistry: Sendable {
    static let shared = PeerRegistry()
    private let groups = Mutex<Set<Int32>>([])

    private init() {
        atexit {
            PeerRegistry.shared.killAll()
        }
    }

    func add(_ pid: Int32) { groups.withLock { _ = $0.insert(pid) } }
    func remove(_ pid: Int32) { groups.withLock { _ = $0.remove(pid) } }

    func killAll() {
        for pid in groups.withLock({ $0 }) {
            kill(-pid, SIGKILL)
        }
    }
}
