import Catalog
import Logging

extension InletEngine {
    /// Brings the catalog up to date with what other replicas stored, then starts and stops sources to match: a
    /// source created elsewhere starts here, a dropped one stops, and stalled sources retry after a connection or
    /// secret changed. Returns whether anything changed.
    ///
    /// The sources are matched to every version the copy took in, also one a DDL statement of this replica brought
    /// along from others. Without an authority it does nothing.
    @discardableResult
    public func refreshCatalog() async -> Bool {
        guard settings.catalogAuthority != nil else { return false }
        let refresh: CatalogRefresh?
        let version: Int64
        do {
            refresh = try await catalog.refreshFromAuthority()
            version = try await catalog.authorityVersion()
        } catch {
            Logger(label: "inlet.catalog").warning("cannot bring the catalog up to date: \(error.message)")
            return false
        }
        let behind = reconciledCatalogVersion.withLockedValue { reconciled in
            defer { reconciled = max(reconciled, version) }
            return version > reconciled
        }
        guard behind else { return false }
        await syncPrivateLinks()
        commits.catalogChanged()
        if let tunnels = tunnels.withLockedValue({ $0 }) {
            for name in refresh?.droppedConnections ?? [] { await tunnels.remove(named: name) }
        }
        guard let supervisor = supervisor.withLockedValue({ $0 }) else { return true }
        let logger = Logger(label: "inlet.sources")
        do {
            try await supervisor.sync(catalog.storedSources())
            for name in refresh?.droppedSources ?? [] {
                logger.notice("source \(name) was dropped on another replica; its runtime here has stopped")
            }
        } catch {
            logger.error("cannot bring the sources in step with the catalog: \(error)")
        }
        await supervisor.retryStalled()
        return true
    }
}
