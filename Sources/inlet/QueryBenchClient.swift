import Foundation

/// The client programs `inlet bench query` runs against one server: psql for setup and streaming, pgbench for
/// the load. Both are PostgreSQL's own, so Inlet and PostgreSQL are measured by the same code.
struct QueryBenchClient {
    let port: Int
    let user: String
    let database: String

    struct LoadRun {
        var tps: Double
        var transactions: Int
    }

    struct StreamRun {
        var rowsPerSecond: Double
        var baselineMegabytes: Int
        var growthMegabytes: Int
    }

    private var connection: [String] { ["-h", "127.0.0.1", "-p", String(port), "-U", user] }

    /// Runs a psql script (stop at the first error) and returns what it printed.
    @discardableResult
    func psql(_ script: String) throws -> String {
        let (status, output, error) = try Self.run(
            "psql", ["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1"] + connection + ["-d", database], stdin: script)
        guard status == 0 else { throw BenchFailure("psql on port \(port) failed: \(error.prefix(500))") }
        return output
    }

    /// Polls `query` (one number) until it reaches `target`.
    func waitForCount(_ query: String, _ target: Int, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            last = (try? psql(query + ";\n"))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? last
            if Int(last) == target { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw BenchFailure("\(query) on port \(port) reached \(last), not \(target), within \(timeout)")
    }

    /// pgbench with a custom script: `mode` is simple, extended or prepared.
    func pgbench(script: String, mode: String, clients: Int, threads: Int, seconds: Int) throws -> LoadRun {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("inlet-bench-\(UUID()).sql")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output, error) = try Self.run(
            "pgbench",
            ["-n", "-M", mode, "-c", String(clients), "-j", String(threads), "-T", String(seconds), "-f", file.path]
                + connection + [database])
        guard status == 0, let tps = Self.number(after: "tps = ", in: output),
            let transactions = Self.number(after: "number of transactions actually processed: ", in: output)
        else {
            throw BenchFailure("pgbench -M \(mode) on port \(port) failed: \(error.prefix(800)) \(output.prefix(800))")
        }
        return LoadRun(tps: tps, transactions: Int(transactions))
    }

    /// Runs `command` (a query or a COPY … TO STDOUT) in psql with its rows to /dev/null and times it; samples
    /// `sampling`'s RSS meanwhile.
    func stream(_ command: String, expected: Int, sampling serve: BenchServeProcess?) async throws -> StreamRun {
        let baseline = serve?.residentBytes ?? 0
        let peak = PeakSampler()
        let pid = serve?.process.processIdentifier
        let sampler = Task {
            while !Task.isCancelled {
                if let pid, let bytes = BenchServeProcess.residentBytes(pid: pid) { peak.note(bytes) }
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        let start = ContinuousClock.now
        let (status, output, error) = try Self.run(
            "psql",
            ["-X", "-At", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null"] + connection + ["-d", database, "-c", command])
        let elapsed = BenchFigures.seconds(ContinuousClock.now - start)
        sampler.cancel()
        _ = await sampler.result
        guard status == 0 else { throw BenchFailure("streaming on port \(port) failed: \(error.prefix(500))") }
        _ = output
        let growth = max(0, peak.value - baseline)
        return StreamRun(
            rowsPerSecond: Double(expected) / elapsed, baselineMegabytes: baseline >> 20, growthMegabytes: growth >> 20)
    }

    static func freePort() throws -> Int {
        let (status, output, _) = try run(
            "python3",
            ["-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1]); s.close()"])
        guard status == 0, let port = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BenchFailure("cannot find a free port (python3 is needed)")
        }
        return port
    }

    private static func number(after marker: String, in text: String) -> Double? {
        guard let range = text.range(of: marker) else { return nil }
        return Double(text[range.upperBound...].prefix { $0.isNumber || $0 == "." })
    }

    private static func run(_ program: String, _ arguments: [String], stdin: String? = nil) throws -> (
        Int32, String, String
    ) {
        let process = Process()
        // A child inherits the signal mask of the thread that spawns it, and this process's threads block nearly
        // every signal; pgbench's -T runs on SIGALRM, so with the mask inherited it never stopped. Python clears
        // the mask, then becomes the program.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "python3", "-c",
                "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execvp(sys.argv[1], sys.argv[1:])",
                program,
            ] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["PGSSLMODE": "disable"]) { $1 }
        let output = Pipe()
        let error = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = input
        try process.run()
        let inputHandle = input.fileHandleForWriting
        let writer = Thread {
            if let stdin { inputHandle.write(Data(stdin.utf8)) }
            try? inputHandle.close()
        }
        writer.start()
        let errorData = LockedData()
        let errorHandle = error.fileHandleForReading
        let errorReader = Thread { errorData.set(errorHandle.readDataToEndOfFile()) }
        errorReader.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.done { usleep(1000) }
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), errorData.text)
    }
}

/// The largest value noted, from a sampling task.
final class PeakSampler: @unchecked Sendable {
    private let lock = NSLock()
    private var peak = 0

    func note(_ value: Int) { lock.withLock { peak = max(peak, value) } }
    var value: Int { lock.withLock { peak } }
}

/// Standard error read on its own thread, so a chatty program cannot block on a full pipe.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?

    func set(_ value: Data) { lock.withLock { data = value } }
    var done: Bool { lock.withLock { data != nil } }
    var text: String { lock.withLock { String(decoding: data ?? Data(), as: UTF8.self) } }
}
