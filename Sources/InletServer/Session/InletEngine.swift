import Catalog
import Foundation
import Ingest
import NIOConcurrencyHelpers
import PostgreSQLStorage
import Routing
import SQL

/// The SQL engine of one server: the catalog opened once at startup, and a `CatalogSession` for every client
/// connection the pgwire server accepts.
public final class InletEngine: Sendable {
    public let settings: InletEngineSettings
    public let catalog: Catalog
    /// The runtime of the catalog's sources, once the server attached one (`inlet serve` does).
    let supervisor = NIOLockedValueBox<SourceSupervisor?>(nil)
    /// The server's SSH tunnels, so DROP CONNECTION can stop its tunnel.
    let tunnels = NIOLockedValueBox<SSHTunnelRegistry?>(nil)
    /// The PrivateLink endpoint lifecycle, once the server attached one (`--privatelink-provider aws`).
    let privateLinks = NIOLockedValueBox<AWSPrivateLinkManager?>(nil)
    /// The PostgreSQL store of source relations, when `--storage postgresql://…` chose it; queries over them run there.
    let postgreSQLStorage = NIOLockedValueBox<PostgreSQLSourceStorage?>(nil)
    /// The authority's catalog version the sources were last matched to (see `refreshCatalog`).
    let reconciledCatalogVersion = NIOLockedValueBox<Int64>(0)
    /// The sources' commits, counted by their runtime, which subscriptions (SUBSCRIBE) wait on.
    public let commits = SourceCommits()

    /// Opens (or creates) the catalog in `settings.dataDirectory`.
    public init(settings: InletEngineSettings) throws(SQLError) {
        self.settings = settings
        self.catalog = try Catalog(dataDirectory: settings.dataDirectory, configuration: settings.catalogConfiguration)
        (settings.connectionValidator as? KafkaConnectionValidator)?.pinner.attach(catalog)
    }

    /// A session for one client connection. `startupParameters` are the StartupMessage's (`user`, `database`,
    /// `application_name`, `client_encoding`, …); unknown ones are ignored.
    public func makeSession(startupParameters: [String: String] = [:]) -> CatalogSession {
        CatalogSession(engine: self, startupParameters: startupParameters)
    }
}
