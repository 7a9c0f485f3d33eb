import Foundation

/// A real `inlet serve` for a benchmark: its own data directory, a free port read from its startup line, and what
/// `/proc` says about it (CPU time, peak RSS). Stopped by its pid.
final class BenchServeProcess {
    let process: Process
    let port: Int
    let directory: URL

    private init(process: Process, port: Int, directory: URL) {
        self.process = process
        self.port = port
        self.directory = directory
    }

    /// Starts `binary serve` in a fresh folder and waits for "listening on 127.0.0.1:PORT" in its log.
    static func start(binary: String, name: String, arguments extra: [String] = []) async throws -> BenchServeProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inlet-\(name)")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let logPath = directory.appendingPathComponent("serve.log").path
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw BenchFailure("cannot create \(logPath); check the temporary folder's permissions")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments =
            [
                "serve", "--data-dir", directory.appendingPathComponent("data").path, "--listen", "127.0.0.1:0",
            ] + extra
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, process.isRunning {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let range = log.range(of: "listening on 127.0.0.1:"),
                let port = Int(log[range.upperBound...].prefix { $0.isNumber })
            {
                return BenchServeProcess(process: process, port: port, directory: directory)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        throw BenchFailure("inlet serve (\(binary)) did not start listening within 30 s; its log is \(logPath)")
    }

    /// User + system CPU seconds so far, from /proc/PID/stat.
    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return 0 }
        // Fields after "pid (comm)" start at field 3 (state); utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The peak resident set (VmHWM) in bytes.
    var peakResidentBytes: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kilobytes * 1024
    }

    /// The resident set now (VmRSS) in bytes.
    var residentBytes: Int? { Self.residentBytes(pid: process.processIdentifier) }

    static func residentBytes(pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kilobytes * 1024
    }

    /// SIGTERM, up to 20 s to exit, then SIGKILL; the folder goes with it.
    func stop() async {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = ContinuousClock.now + .seconds(20)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
