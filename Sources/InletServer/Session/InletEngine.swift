import Catalog
import Foundation
import SQL

/// The SQL engine of one server: the catalog opened once at startup, and a `CatalogSession` for every client
/// connection the pgwire server accepts.
public final class InletEngine: Sendable {
    public let settings: InletEngineSettings
    public let catalog: Catalog

    /// Opens (or creates) the catalog in `settings.dataDirectory`.
    public init(settings: InletEngineSettings) throws(SQLError) {
        self.settings = settings
        self.catalog = try Catalog(dataDirectory: settings.dataDirectory, configuration: settings.catalogConfiguration)
    }

    /// A session for one client connection. `startupParameters` are the StartupMessage's (`user`, `database`,
    /// `application_name`, `client_encoding`, …); unknown ones are ignored.
    public func makeSession(startupParameters: [String: String] = [:]) -> CatalogSession {
        CatalogSession(engine: self, startupParameters: startupParameters)
    }
}
