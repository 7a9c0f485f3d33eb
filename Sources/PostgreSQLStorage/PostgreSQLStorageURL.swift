import Foundation
import Storage

/// Where the PostgreSQL store lives, from `--storage postgresql://user[:password]@host[:port]/database`.
///
/// The password may also come from `PGPASSWORD`, so it need not appear in a command line or a configuration file;
/// `description` never shows it.
public struct PostgreSQLStorageURL: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String

    public init(host: String, port: Int = 5432, username: String, password: String? = nil, database: String) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
    }

    /// Parses `postgresql://` and `postgres://` URLs; `environment` supplies `PGPASSWORD` when the URL has none.
    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(StorageError)
    {
        let hint = "write --storage postgresql://USER@HOST:PORT/DATABASE (the password in PGPASSWORD)"
        guard let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "postgresql" || scheme == "postgres"
        else {
            throw StorageError("the storage URL is not a postgresql:// URL; \(hint)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StorageError("the storage URL names no host; \(hint)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StorageError("the storage URL names no user; \(hint)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw StorageError("the storage URL names no database; \(hint)")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 } ?? environment["PGPASSWORD"]
        self.database = database.removingPercentEncoding ?? database
    }

    /// The URL without its password.
    public var description: String { "postgresql://\(username)@\(host):\(port)/\(database)" }

    /// Whether `text` asks for PostgreSQL storage (rather than the embedded SQLite default).
    public static func isPostgreSQL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
    }
}
