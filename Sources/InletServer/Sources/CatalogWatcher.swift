import Catalog
import ServiceLifecycle

/// Keeps a replica's catalog in step with the authority: on every notification of a change, and every `interval`
/// in case one was missed, the engine takes in what other replicas stored (`InletEngine.refreshCatalog`).
///
/// Add it to the server's `ServiceGroup` after the sources, so the sources it starts and stops are running.
public struct CatalogWatcher: Service {
    /// How often the catalog is checked when no notification came: the bound on how late DDL on another replica
    /// is seen if a notification is lost.
    public static let defaultInterval: Duration = .seconds(5)

    let engine: InletEngine
    let authority: any CatalogAuthority
    let interval: Duration

    public init(engine: InletEngine, authority: any CatalogAuthority, interval: Duration = Self.defaultInterval) {
        self.engine = engine
        self.authority = authority
        self.interval = interval
    }

    public func run() async throws {
        let engine = self.engine
        await cancelWhenGracefulShutdown {
            await authority.watch(every: interval) { _ = await engine.refreshCatalog() }
        }
    }
}
