import Foundation
import GRDB

/// The PostgreSQL functions drivers and people call that SQLite lacks: `version()`, `current_database()`,
/// `current_schema()`, `now()`, `pg_backend_pid()`, `mz_version()`. Installed on every SQLite connection.
enum PostgresFunctions {
    static func install(in db: Database, serverVersion: String) {
        let versionText = "PostgreSQL \(serverVersion) on Inlet"
        db.add(function: DatabaseFunction("version", argumentCount: 0, pure: true) { _ in versionText })
        db.add(function: DatabaseFunction("mz_version", argumentCount: 0, pure: true) { _ in "inlet \(serverVersion)" })
        db.add(function: DatabaseFunction("current_database", argumentCount: 0, pure: true) { _ in "materialize" })
        db.add(function: DatabaseFunction("current_schema", argumentCount: 0, pure: true) { _ in "public" })
        db.add(function: DatabaseFunction("now", argumentCount: 0) { _ in PostgresTimestamp.format(Date()) })
        db.add(function: DatabaseFunction("pg_backend_pid", argumentCount: 0, pure: true) { _ in Int(getpid()) })
    }
}
