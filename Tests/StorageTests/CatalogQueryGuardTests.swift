import Testing

@testable import PostgreSQLStorage

/// Clients' queries that run in PostgreSQL never reach the catalog's sealed tables, however they spell them.
@Suite("PostgreSQL query path: the catalog tables are refused")
struct CatalogQueryGuardTests {
    @Test(arguments: [
        "SELECT * FROM events, inlet_catalog.inlet_secret_values",
        "SELECT * FROM events, \"inlet_catalog\".inlet_ssh_keys",
        "SELECT * FROM events, INLET_CATALOG.INLET_ITEMS",
        "SELECT query_to_xml('select * from inlet_' || 'catalog.inlet_secret_values', true, false, '') FROM events",
        "SELECT table_to_xml('x'::regclass, true, false, '') FROM events",
        "SELECT most_common_vals FROM pg_stats, events",
        "SELECT * FROM events, U&\"\\0069nlet_catalog\".inlet_items",
    ])
    func refused(_ query: String) {
        let refusal = CatalogQueryGuard.refusal(of: query)
        #expect(refusal?.sqlState == "42501")
        #expect(refusal?.hint?.contains("mz_sources") == true)
    }

    @Test func ordinaryQueriesRun() {
        #expect(CatalogQueryGuard.refusal(of: "SELECT partition, count(*) FROM events GROUP BY partition") == nil)
        #expect(CatalogQueryGuard.refusal(of: "SELECT e.* FROM inlet_u7.events e JOIN pg_class c ON true") == nil)
    }
}
