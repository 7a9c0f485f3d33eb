import Catalog
import Ingest
import Logging
import PostgreSQLStorage
import Routing
import SQL
import Storage

extension InletEngine {
    /// The service that runs this engine's sources: a `SourceSupervisor` over `storage` (by default per-source
    /// SQLite files in the data directory), reaching Kafka through the connections' routes and `tunnels`. Add it to
    /// the server's `ServiceGroup`; DDL keeps it in step with the catalog.
    public func makeSourceSupervisor(
        endpoints: any PrivateLinkEndpointProvider, tunnels: SSHTunnelRegistry, storage: (any SourceStorage)? = nil,
        configuration: SourceRuntimeConfiguration = SourceRuntimeConfiguration(),
        logger: Logger = Logger(label: "inlet.sources")
    ) -> SourceSupervisor {
        let catalog = self.catalog
        let supervisor = SourceSupervisor(
            storage: storage ?? SQLiteSourceStorage(dataDirectory: catalog.dataDirectory),
            environment: CatalogSourceEnvironment(
                catalog: catalog, endpoints: endpoints, tunnels: tunnels, writerSchemas: WriterSchemaCache(),
                commits: commits, logger: logger),
            configuration: configuration, logger: logger,
            initialSources: { try await catalog.storedSources() })
        self.supervisor.withLockedValue { $0 = supervisor }
        if let storage = storage as? PostgreSQLSourceStorage { postgreSQLStorage.withLockedValue { $0 = storage } }
        self.tunnels.withLockedValue { $0 = tunnels }
        return supervisor
    }

    /// After DDL: sources created or dropped start or stop (DROP returns once the consumer has stopped and the
    /// storage is gone); after ALTER CONNECTION / ALTER SECRET, stalled sources retry at once.
    func catalogChanged(by statement: Statement) async {
        switch statement {
        case .createConnection, .dropConnection, .dropSecret: await syncPrivateLinks()
        // A subscription reading a dropped relation reads again, and ends with the error.
        case .dropSource, .dropTable, .view: commits.catalogChanged()
        default: break
        }
        guard let supervisor = supervisor.withLockedValue({ $0 }) else { return }
        if case .dropConnection(let drop) = statement, let tunnels = tunnels.withLockedValue({ $0 }) {
            // A dropped SSH TUNNEL connection's session goes with it (the names of other kinds are no tunnel).
            for name in drop.names { await tunnels.remove(named: name) }
        }
        switch statement {
        case .createSource, .createTableFromSource, .dropSource, .dropTable, .dropConnection, .dropSecret:
            do {
                try await supervisor.sync(catalog.storedSources())
            } catch {
                Logger(label: "inlet.sources").error("cannot bring the sources in step with the catalog: \(error)")
            }
        case .alterConnection, .alterSecret:
            await supervisor.retryStalled()
        default:
            break
        }
    }
}
