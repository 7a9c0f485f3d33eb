import PostgreSQLStorage
import Storage

extension ServerConfiguration {
    /// Parses `--storage` (or the file's `storage` key): `sqlite` for the embedded default, or a
    /// `postgresql://user@host:port/db` URL.
    public static func storageURL(_ text: String) throws -> PostgreSQLStorageURL? {
        if text.lowercased() == "sqlite" { return nil }
        do {
            return try PostgreSQLStorageURL(parsing: text)
        } catch {
            throw ConfigurationError("storage: \(error.message); or write sqlite for the embedded default")
        }
    }
}
