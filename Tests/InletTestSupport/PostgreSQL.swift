import Foundation

/// A private PostgreSQL 15 cluster for tests (Debian's postgresql-15, installed by `scripts/bootstrap --test`):
/// `initdb` into a fresh directory, the server on a free loopback port with its socket in that directory, trust
/// authentication for its superuser `inlet`, stopped by pid however the test ends.
///
/// PostgreSQL refuses to run as root; as root the harness runs `initdb` and the server as the `postgres` user
/// the Debian package creates, through `setpriv`.
public final class PostgreSQL: Sendable {
    /// The server's superuser, who connects without a password from loopback.
    public static let user = "inlet"
    public static let database = "postgres"

    public let port: Int
    public let dataDirectory: String
    public let process: PeerProcess

    private init(port: Int, dataDirectory: String, process: PeerProcess) {
        self.port = port
        self.dataDirectory = dataDirectory
        self.process = process
    }

    /// `postgresql://inlet@127.0.0.1:PORT/postgres`.
    public var url: String { "postgresql://\(Self.user)@127.0.0.1:\(port)/\(Self.database)" }

    /// Where Debian installs PostgreSQL 15's server programs.
    static let binaries = "/usr/lib/postgresql/15/bin"

    public static func start() async throws -> PostgreSQL {
        let initdb = binaries + "/initdb"
        guard FileManager.default.isExecutableFile(atPath: initdb) else {
            throw PeerError.missing("PostgreSQL 15's initdb at \(initdb) (Debian's postgresql-15)", peer: "postgresql")
        }
        let directory = try PeerPaths.makeTemporaryDirectory(prefix: "postgresql")
        let data = directory.appendingPathComponent("data").path
        let prefix = try asServerUser(directory)
        _ = try await PeerCommand.run(
            name: "initdb", executable: (prefix.first ?? initdb),
            arguments: Array(prefix.dropFirst()) + (prefix.isEmpty ? [] : [initdb])
                + ["-D", data, "-U", user, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"],
            timeout: .seconds(120))
        let port = try FreePort.next()
        let server = binaries + "/postgres"
        let arguments = [
            "-D", data, "-p", String(port), "-k", directory.path, "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off",
        ]
        let process = try await PeerProcess.launch(
            name: "postgresql", executable: prefix.first ?? server,
            arguments: Array(prefix.dropFirst()) + (prefix.isEmpty ? [] : [server]) + arguments, directory: directory)
        do {
            try await process.waitForLog(containing: "database system is ready to accept connections")
            try await process.waitForPort(port)
        } catch {
            await process.stop()
            throw error
        }
        return PostgreSQL(port: port, dataDirectory: data, process: process)
    }

    /// As root, the command prefix that runs a program as `postgres` (and the directory handed to that user);
    /// otherwise nothing.
    private static func asServerUser(_ directory: URL) throws -> [String] {
        guard geteuid() == 0 else { return [] }
        guard let account = getpwnam("postgres") else {
            throw PeerError.missing("the postgres user (created by Debian's postgresql-15)", peer: "postgresql")
        }
        let uid = account.pointee.pw_uid
        let gid = account.pointee.pw_gid
        guard chown(directory.path, uid, gid) == 0 else {
            throw PeerError(peer: "postgresql", message: "cannot hand \(directory.path) to the postgres user")
        }
        return ["/usr/bin/setpriv", "--reuid=\(uid)", "--regid=\(gid)", "--init-groups", "--"]
    }

    /// Runs a psql script against the server; a failing statement throws with psql's message.
    @discardableResult
    public func psql(_ script: String, database: String = PostgreSQL.database) async throws -> String {
        let result = try await PeerCommand.run(
            name: "psql", executable: "psql",
            arguments: [
                "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U",
                Self.user, "-d", database,
            ],
            stdin: Data(script.utf8), timeout: .seconds(120))
        return result.output
    }

    /// Stops the server (SIGTERM: a fast shutdown, SIGKILL after the grace period).
    public func stop() async {
        await process.stop()
    }
}

/// Starts a private PostgreSQL 15, runs `body`, and stops the server however `body` ends.
public func withPostgreSQL<T: Sendable>(_ body: (PostgreSQL) async throws -> T) async throws -> T {
    let server = try await PostgreSQL.start()
    do {
        let value = try await body(server)
        await server.stop()
        return value
    } catch {
        await server.stop()
        throw error
    }
}
