import Foundation

/// A private PostgreSQL 15 for `inlet bench query` (Debian's postgresql-15): `initdb` into a fresh folder, the
/// server on a free loopback port with durability off (as the tests' harness runs it), stopped by its pid.
///
/// PostgreSQL refuses to run as root; as root it runs as the `postgres` user the Debian package creates.
final class BenchPostgreSQL {
    static let binaries = "/usr/lib/postgresql/15/bin"
    static let user = "inlet"

    let process: Process
    let port: Int
    let directory: URL

    private init(process: Process, port: Int, directory: URL) {
        self.process = process
        self.port = port
        self.directory = directory
    }

    static func start(port: Int) async throws -> BenchPostgreSQL {
        guard FileManager.default.isExecutableFile(atPath: binaries + "/initdb") else {
            throw BenchFailure("PostgreSQL 15 is missing (\(binaries)/initdb); run scripts/bootstrap --test")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "inlet-bench-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let prefix = try asServerUser(directory)
        let data = directory.appendingPathComponent("data").path
        let initdb = try run(
            prefix + [
                binaries + "/initdb", "-D", data, "-U", user, "--auth=trust", "--encoding=UTF8",
                "--locale=C.UTF-8", "--no-sync",
            ])
        initdb.waitUntilExit()
        guard initdb.terminationStatus == 0 else { throw BenchFailure("initdb failed in \(directory.path)") }
        let log = directory.appendingPathComponent("postgres.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let server = try run(
            prefix + [
                binaries + "/postgres", "-D", data, "-p", String(port), "-k", directory.path,
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off",
                "-c", "synchronous_commit=off", "-c", "max_connections=50",
            ], log: log)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, server.isRunning {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if text.contains("database system is ready to accept connections") {
                return BenchPostgreSQL(process: server, port: port, directory: directory)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        if server.isRunning { kill(server.processIdentifier, SIGKILL) }
        throw BenchFailure("PostgreSQL did not start within 60 s; its log is \(log.path)")
    }

    private static func run(_ command: [String], log: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let sink = log.flatMap { FileHandle(forWritingAtPath: $0.path) } ?? FileHandle.nullDevice
        process.standardOutput = sink
        process.standardError = sink
        try process.run()
        return process
    }

    /// As root, the prefix that runs a program as `postgres` (who then owns `directory`); otherwise nothing.
    private static func asServerUser(_ directory: URL) throws -> [String] {
        guard geteuid() == 0 else { return [] }
        guard let account = getpwnam("postgres") else {
            throw BenchFailure("the postgres user is missing (Debian's postgresql-15); run scripts/bootstrap --test")
        }
        let uid = account.pointee.pw_uid
        let gid = account.pointee.pw_gid
        guard chown(directory.path, uid, gid) == 0 else {
            throw BenchFailure("cannot hand \(directory.path) to the postgres user")
        }
        return ["/usr/bin/setpriv", "--reuid=\(uid)", "--regid=\(gid)", "--init-groups", "--"]
    }

    /// SIGTERM (a fast shutdown), SIGKILL after 20 s; the folder goes with it.
    func stop() async {
        if process.isRunning { kill(process.processIdentifier, SIGINT) }
        let deadline = ContinuousClock.now + .seconds(20)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
