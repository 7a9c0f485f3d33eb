import Foundation
import InletServer
import Logging
import NIOCore
import Testing

/// An in-process `InletServer` on a free loopback port (the kernel picks it), stopped when the test ends.
struct PGTestServer {
    let server: InletServer
    let factory: PGTestSessionFactory
    let port: Int

    static func start(
        users: [UserCredential] = [], tls: TLSFiles? = nil, factory: PGTestSessionFactory = PGTestSessionFactory(),
        authenticationTimeout: Duration = .seconds(60)
    ) async throws -> PGTestServer {
        var configuration = ServerConfiguration(listen: ListenAddress(host: "127.0.0.1", port: 0))
        configuration.authenticationTimeout = authenticationTimeout
        configuration.users = users
        configuration.tls = tls
        var logger = Logger(label: "inlet.test.server")
        logger.logLevel = .warning
        let server = try InletServer(configuration: configuration, sessionFactory: factory, logger: logger)
        let address = try await server.start()
        return PGTestServer(server: server, factory: factory, port: address.port!)
    }

    func stop() async throws {
        try await server.shutdown()
    }

    /// Runs `body` with a fresh server and always stops it.
    static func with<T>(
        users: [UserCredential] = [], tls: TLSFiles? = nil, _ body: (PGTestServer) async throws -> T
    ) async throws -> T {
        let server = try await start(users: users, tls: tls)
        do {
            let result = try await body(server)
            try await server.stop()
            return result
        } catch {
            try? await server.stop()
            throw error
        }
    }
}

/// The outcome of a client program.
struct PGProgramOutput {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// psql against a test server on loopback as `alice` (trusted), running `commands` with `-c` each, unaligned and
/// tuples only, stopping at the first error.
func psqlCommands(port: Int, _ commands: [String]) async throws -> PGProgramOutput {
    try await runClient(
        "psql",
        ["-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", "alice"]
            + commands.flatMap { ["-c", $0] },
        environment: ["PGSSLMODE": "disable"])
}

/// Runs a real client program (psql, python3) to completion with a deadline; a missing program fails loudly.
func runClient(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil,
    timeout: Duration = .seconds(60)
) async throws -> PGProgramOutput {
    let path = try findExecutable(executable)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let stdout = Pipe()
    let stderr = Pipe()
    let stdin = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    process.standardInput = stdin
    // Each pipe is drained to its end by a thread of its own, never by a task of the cooperative pool (the server
    // under test needs those threads). A readability handler is not enough: one still running when it is removed
    // can take the last bytes after they were collected, and the output comes back cut off.
    let out = PGOutputBuffer()
    let err = PGOutputBuffer()
    let drained = PGPipeDrain(pipes: [(stdout, out), (stderr, err)])
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    let deadline = ContinuousClock.now + timeout
    while process.isRunning {
        if ContinuousClock.now > deadline {
            process.terminate()
            Issue.record("\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeout)")
            break
        }
        try await Task.sleep(for: .milliseconds(20))
    }
    process.waitUntilExit()
    await drained.wait()
    return PGProgramOutput(status: process.terminationStatus, stdout: out.text, stderr: err.text)
}

/// Reads pipes to their end, each on a thread of its own, and says when all of them are done.
final class PGPipeDrain: Sendable {
    private let group = DispatchGroup()

    init(pipes: [(Pipe, PGOutputBuffer)]) {
        for (pipe, buffer) in pipes {
            group.enter()
            let handle = pipe.fileHandleForReading
            let group = self.group
            Thread {
                buffer.append(handle.readDataToEndOfFile())
                group.leave()
            }.start()
        }
    }

    /// Returns once every pipe reached its end (the program and everything it started closed it).
    func wait() async {
        await withCheckedContinuation { continuation in
            group.notify(queue: DispatchQueue(label: "inlet.test.pipe-drain")) { continuation.resume() }
        }
    }
}

/// Bytes collected from a pipe.
final class PGOutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}

func findExecutable(_ name: String) throws -> String {
    if name.hasPrefix("/") { return name }
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw PGPeerMissing(name: name)
}

struct PGPeerMissing: Error, CustomStringConvertible {
    var name: String
    var description: String { "\(name) is not installed; run scripts/bootstrap --test" }
}

/// The repository root, found from this file's path, for scripts under testpeers/.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()
