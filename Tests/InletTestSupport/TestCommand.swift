import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Runs helper commands (`ip`, `ssh-keygen`, sshd, …) for the SSH and network-namespace harnesses.
///
/// Children are started with `posix_spawn` and reaped with `waitpid` on a thread of their own, so a test
/// never blocks Swift's small cooperative thread pool and never depends on Foundation noticing the exit.
enum TestCommand {
    struct Failure: Error, CustomStringConvertible {
        var command: [String]
        var status: Int32
        var output: String
        var description: String {
            "`\(command.joined(separator: " "))` exited with status \(status): \(output)"
        }
    }

    /// Runs `arguments[0]` (absolute path) and returns its combined output; throws when it exits non-zero.
    @discardableResult
    static func run(_ arguments: [String]) async throws -> String {
        let (status, output) = try await status(arguments)
        guard status == 0 else { throw Failure(command: arguments, status: status, output: output) }
        return output
    }

    /// Runs `arguments[0]` and returns its exit status and combined output.
    static func status(_ arguments: [String]) async throws -> (Int32, String) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Failure(command: arguments, status: -1, output: "pipe() failed") }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let pid: pid_t
        do {
            pid = try spawn(arguments, stdout: writeEnd)
        } catch {
            close(readEnd)
            close(writeEnd)
            throw error
        }
        close(writeEnd)
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                var output = [UInt8]()
                var chunk = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else { break }
                    output += chunk[0..<count]
                }
                close(readEnd)
                let status = waitForExit(pid)
                continuation.resume(returning: (status, String(decoding: output, as: UTF8.self)))
            }
            thread.start()
        }
    }

    /// Starts `arguments[0]` with stdin from /dev/null and stdout and stderr into `stdout`.
    static func spawn(_ arguments: [String], stdout: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stdout, 2)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard result == 0 else {
            throw Failure(
                command: arguments, status: -1,
                output: "could not start: \(String(cString: strerror(result))); run scripts/bootstrap --test")
        }
        return pid
    }

    /// Blocks until `pid` exits and returns its exit status (128 + signal when killed).
    static func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

/// Runs a short command for a test and returns its exit status and combined output.
public enum HarnessCommand {
    /// `arguments[0]` is an absolute path.
    public static func status(_ arguments: [String]) async throws -> (Int32, String) {
        try await TestCommand.status(arguments)
    }
}
