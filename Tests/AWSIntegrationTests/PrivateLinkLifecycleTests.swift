import AWS
import Foundation
import InletServer
import InletTestSupport
import Routing
import SQL
import Testing

/// The server's PrivateLink endpoint lifecycle against moto: CREATE CONNECTION … TO AWS PRIVATELINK makes an
/// interface endpoint, its states reach the status history, the router gets its DNS name, a restarted server
/// finds the same endpoint, DROP CONNECTION deletes it. moto makes endpoints available at once, so the states
/// seen are pending-service-discovery (the catalog's first), creating-endpoint and available.
@Suite(.timeLimit(.minutes(3))) struct PrivateLinkLifecycleTests {
    /// Statuses as the manager reports them, so the test waits for events instead of sleeping.
    final class Reports: Sendable {
        let stream: AsyncStream<(String, String)>
        let sink: AsyncStream<(String, String)>.Continuation
        init() { (stream, sink) = AsyncStream.makeStream() }

        func next(_ status: String, of connection: String) async -> Bool {
            for await (name, seen) in stream where name == connection && seen == status { return true }
            return false
        }
    }

    func manager(_ moto: Moto, engine: InletEngine, endpoints: AWSPrivateLinkEndpoints, reports: Reports)
        -> AWSPrivateLinkManager
    {
        let settings = AWSPrivateLinkSettings(
            region: moto.account.region, vpcID: moto.account.vpcID, subnetIDs: moto.account.subnetIDs,
            securityGroupIDs: [moto.account.securityGroupID], endpointURL: moto.endpoint)
        let catalog = engine.catalog
        return AWSPrivateLinkManager(
            settings: settings, ec2: moto.ec2(), endpoints: endpoints,
            pollBackoff: AWSRetryPolicy(maxAttempts: .max, baseDelay: .milliseconds(50), maxDelay: .milliseconds(200))
        ) { name, status in
            try? await catalog.recordPrivateLinkStatus(connectionName: name, status: status)
            reports.sink.yield((name, status))
        }
    }

    @Test func createConnectionMakesTheEndpointAndDropDeletesIt() async throws {
        try await withMoto { moto in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inlet-pl-\(UUID())")
            defer { try? FileManager.default.removeItem(at: directory) }
            let engine = try InletEngine(settings: InletEngineSettings(dataDirectory: directory))
            let endpoints = AWSPrivateLinkEndpoints()
            let reports = Reports()
            let session = engine.makeSession()
            let ec2 = moto.ec2()

            let first = manager(moto, engine: engine, endpoints: endpoints, reports: reports)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await first.run() }
                await engine.attach(privateLinks: first)
                try await session.sql(
                    """
                    CREATE CONNECTION pl TO AWS PRIVATELINK (SERVICE NAME '\(moto.account.serviceName)',
                        AVAILABILITY ZONES ('\(moto.account.zoneIDs[0])'))
                    """)
                #expect(await reports.next("available", of: "pl"))
                // A zone no configured subnet is in: no endpoint, and the status says so.
                try await session.sql(
                    """
                    CREATE CONNECTION elsewhere TO AWS PRIVATELINK (SERVICE NAME '\(moto.account.serviceName)',
                        AVAILABILITY ZONES ('use1-az9'))
                    """)
                #expect(await reports.next("failed", of: "elsewhere"))
                try await session.sql("DROP CONNECTION elsewhere")
                #expect(await reports.next("deleted", of: "elsewhere"))
                group.cancelAll()
            }
            #expect(
                try await session.sql(
                    "SELECT status FROM mz_aws_privatelink_connection_status_history ORDER BY occurred_at")
                    == [["pending-service-discovery"], ["creating-endpoint"], ["available"]])
            let id = try #require(
                try await session.sql(
                    "SELECT p.principal FROM mz_aws_privatelink_connections p JOIN mz_connections c ON c.id = p.id "
                        + "WHERE c.name = 'pl'"
                ).first?[0])
            #expect(id.hasPrefix("arn:aws:iam::"))
            let made = try await ec2.describeVpcEndpoints(filters: [.tag(AWSPrivateLinkManager.connectionTag, id)])
            #expect(made.count == 1)
            let endpoint = try #require(made.first)
            #expect(endpoint.tag("inlet:connection") == "pl")
            #expect(endpoint.privateDNSEnabled == false)
            // One subnet per listed zone: the connection lists only the first subnet's zone.
            #expect(endpoint.subnetIDs == [moto.account.subnetIDs[0]])
            let connection = PrivateLinkConnection(
                name: "pl", serviceName: moto.account.serviceName, availabilityZones: [moto.account.zoneIDs[0]])
            #expect(
                try endpoints.endpointHost(for: connection, availabilityZone: nil) == endpoint.dnsEntries.first?.dnsName
            )

            // A restarted server finds its endpoint instead of making a second.
            let restarted = AWSPrivateLinkEndpoints()
            let second = manager(moto, engine: engine, endpoints: restarted, reports: reports)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await second.run() }
                await engine.attach(privateLinks: second)
                #expect(await reports.next("available", of: "pl"))
                #expect(
                    try await ec2.describeVpcEndpoints(filters: [.tag(AWSPrivateLinkManager.connectionTag, id)])
                        .map(\.id) == [endpoint.id])
                #expect(restarted.regionalHost(of: "pl") == endpoint.dnsEntries.first?.dnsName)

                try await session.sql("DROP CONNECTION pl")
                #expect(await reports.next("deleted", of: "pl"))
                let state = try await ec2.describeVpcEndpoints(ids: [endpoint.id]).first?.state
                #expect(state?.lowercased() == "deleted")
                #expect(restarted.regionalHost(of: "pl") == nil)
                group.cancelAll()
            }
        }
    }
}

extension CatalogSession {
    /// Runs a simple-query string; the rows of its last statement.
    @discardableResult
    func sql(_ text: String) async throws -> [[String?]] {
        var last: [[String?]] = []
        try await executeSimple(text) { last = $0.rows }
        return last
    }
}
