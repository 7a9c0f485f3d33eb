import Foundation
import InletTestSupport
import Testing

/// A real `inlet serve` process on a free port (`--listen 127.0.0.1:0`; the port is read from its startup line),
/// stopped by its pid when the test ends.
final class PGServeProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    private let errorPipe: Pipe
    private let log: PGOutputBuffer

    static var binary: String { repositoryRoot + "/.build/debug/inlet" }

    /// Starts `inlet serve` with `arguments` (and `environment` on top of this process's) and waits for its
    /// "listening on" line.
    /// With `namespace`, the server runs inside that network namespace (`ip netns exec`), where its names resolve
    /// through the namespace's hosts file, listening on `listen` (give the namespace's inside address with
    /// `--allow-unauthenticated-remote` to reach it from the test).
    static func start(
        _ arguments: [String], environment: [String: String] = [:], listen: String = "127.0.0.1:0",
        in namespace: NetworkNamespace? = nil
    ) async throws -> PGServeProcess {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw PGPeerMissing(name: "\(binary) (run swift build first)")
        }
        let process = Process()
        let command = ["serve", "--listen", listen] + arguments
        if let namespace {
            process.executableURL = URL(fileURLWithPath: NetworkNamespace.ip)
            process.arguments = ["netns", "exec", namespace.name, binary] + command
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = command
        }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let errorPipe = Pipe()
        let log = PGOutputBuffer()
        process.standardError = errorPipe
        process.standardOutput = FileHandle.nullDevice
        errorPipe.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            if !chunk.isEmpty { log.append(chunk) }
        }
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let port = Self.port(in: log.text) {
                return PGServeProcess(process: process, port: port, errorPipe: errorPipe, log: log)
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning { process.terminate() }
        throw PGServeFailed(log: log.text)
    }

    private init(process: Process, port: Int, errorPipe: Pipe, log: PGOutputBuffer) {
        self.process = process
        self.port = port
        self.errorPipe = errorPipe
        self.log = log
    }

    var output: String { log.text }

    /// A test that threw before `stop()` still leaves no server behind.
    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        errorPipe.fileHandleForReading.readabilityHandler = nil
    }

    /// Sends SIGTERM and waits for the exit status.
    @discardableResult
    func stop() async throws -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = ContinuousClock.now + .seconds(20)
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("inlet serve did not stop on SIGTERM")
        }
        process.waitUntilExit()
        errorPipe.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }

    /// The port of the "listening on HOST:PORT" line, whatever the host.
    static func port(in log: String) -> Int? {
        guard let range = log.range(of: "listening on ") else { return nil }
        let address = log[range.upperBound...].prefix { $0 != " " && $0 != "\n" }
        guard let colon = address.lastIndex(of: ":") else { return nil }
        return Int(address[address.index(after: colon)...])
    }

    /// Runs `inlet serve` expecting it to fail at start; returns its exit status and log.
    static func runFailing(_ arguments: [String]) async throws -> PGProgramOutput {
        try await runClient(binary, ["serve"] + arguments, timeout: .seconds(30))
    }
}

struct PGServeFailed: Error, CustomStringConvertible {
    var log: String
    var description: String { "inlet serve did not start:\n\(log)" }
}

/// Runs `body` with the port of a fresh `inlet serve` on its own data directory, and stops the server (and removes
/// the directory) whether `body` succeeds or throws.
func withInletServe(_ arguments: [String] = [], _ body: (_ port: Int) async throws -> Void) async throws {
    try await withInletServeProcess(arguments) { try await body($0.port) }
}

/// As `withInletServe`, handing over the process (for its pid).
func withInletServeProcess(_ arguments: [String] = [], _ body: (PGServeProcess) async throws -> Void) async throws {
    let dataDirectory = NSTemporaryDirectory() + "inlet-serve-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
    let inlet = try await PGServeProcess.start(["--data-dir", dataDirectory] + arguments)
    do {
        try await body(inlet)
    } catch {
        _ = try? await inlet.stop()
        throw error
    }
    _ = try await inlet.stop()
}
