import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a finished peer command printed and how it exited.
public struct PeerCommandResult: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: String

    /// stdout as UTF-8 text.
    public var output: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs a short-lived peer command to completion (a confluent-kafka script, openssl, a config check).
///
/// Like `PeerProcess` it runs under the orphan-killing wrapper, with stdout and stderr in files so
/// that large outputs never block on a pipe; a timeout kills the command's process group.
public enum PeerCommand {
    /// Runs `executable` and returns its output; by default a non-zero exit throws with stderr's tail.
    public static func run(
        name: String,
        executable: String,
        arguments: [String],
        stdin: Data? = nil,
        environment: [String: String] = [:],
        timeout: Duration = .seconds(120),
        check: Bool = true
    ) async throws -> PeerCommandResult {
        let path = try await PeerEnvironment.executable(executable, peer: name)
        let python = try await PeerEnvironment.python()
        let result = try await runRaw(
            name: name, executable: python,
            arguments: [PeerPaths.script("peer_wrapper.py"), "--", path] + arguments,
            stdin: stdin, environment: environment, timeout: timeout)
        if check && result.status != 0 {
            let tail = result.stderr.split(separator: "\n").suffix(30).joined(separator: "\n")
            throw PeerError(peer: name, message: "exited with status \(result.status)", logTail: tail)
        }
        return result
    }

    /// Runs an absolute executable without the wrapper (used to find Python itself).
    static func runRaw(
        name: String,
        executable: String,
        arguments: [String],
        stdin: Data? = nil,
        environment: [String: String] = [:],
        timeout: Duration
    ) async throws -> PeerCommandResult {
        let directory = try PeerPaths.makeTemporaryDirectory(prefix: name)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            .merging(["INLET_PEER_PARENT": String(getpid())]) { $1 }
        process.standardOutput = out
        process.standardError = err
        var input: FileHandle?
        if let stdin {
            let inURL = directory.appendingPathComponent("stdin")
            try stdin.write(to: inURL)
            input = try FileHandle(forReadingFrom: inURL)
            process.standardInput = input
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        defer { try? input?.close() }
        do {
            try process.run()
        } catch {
            throw PeerError(peer: name, message: "could not start \(executable): \(error)")
        }
        let pid = process.processIdentifier
        PeerRegistry.shared.add(pid)
        defer { PeerRegistry.shared.remove(pid) }
        let deadline = ContinuousClock.now + timeout
        var timedOut = false
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                timedOut = true
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
            }
            try? await Task.sleep(for: .milliseconds(timedOut ? 10 : 20))
        }
        let stdout = (try? Data(contentsOf: outURL)) ?? Data()
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        if timedOut {
            let tail = stderr.split(separator: "\n").suffix(30).joined(separator: "\n")
            throw PeerError(peer: name, message: "did not finish within \(timeout); killed", logTail: tail)
        }
        return PeerCommandResult(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}
