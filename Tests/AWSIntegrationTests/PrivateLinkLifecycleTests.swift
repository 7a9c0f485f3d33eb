import AWS
import Foundation
import InletServer
import InletTestSupport
import KafkaClient
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

    func manager(
        _ moto: Moto, engine: InletEngine, endpoints: AWSPrivateLinkEndpoints, reports: Reports,
        ec2: EC2Client? = nil
    ) -> AWSPrivateLinkManager {
        let settings = AWSPrivateLinkSettings(
            region: moto.account.region, vpcID: moto.account.vpcID, subnetIDs: moto.account.subnetIDs,
            securityGroupIDs: [moto.account.securityGroupID], endpointURL: moto.endpoint)
        let catalog = engine.catalog
        return AWSPrivateLinkManager(
            settings: settings, ec2: ec2 ?? moto.ec2(), endpoints: endpoints,
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

extension PrivateLinkLifecycleTests {
    /// Per-zone DNS entries: AWS lists, after the endpoint's regional name, one name per zone of its subnets
    /// (`vpce-…-us-east-1a.vpce-svc-…`). moto 5.2 makes the regional entry only (`create_dns_entries` in
    /// moto/ec2/utils.py), so testpeers/aws_throttle.py adds the zonal ones to moto's answers, named from each
    /// subnet's zone as AWS names them. The manager maps zone names to zone ids with DescribeAvailabilityZones
    /// (moto's: us-east-1a is not use1-az1), and a route with AVAILABILITY ZONE dials its zone's name.
    @Test func zonalDNSEntriesServeRoutesWithAnAvailabilityZone() async throws {
        try await withMoto { moto in
            let account = moto.account
            let zonal = Dictionary(uniqueKeysWithValues: zip(account.subnetIDs, account.zoneNames))
            let front = try await AWSThrottle.start(upstream: moto.endpoint, zonalDNS: zonal)
            defer { Task { await front.stop() } }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inlet-pl-\(UUID())")
            defer { try? FileManager.default.removeItem(at: directory) }
            let engine = try InletEngine(settings: InletEngineSettings(dataDirectory: directory))
            let endpoints = AWSPrivateLinkEndpoints()
            let reports = Reports()
            let session = engine.makeSession()
            let manager = manager(
                moto, engine: engine, endpoints: endpoints, reports: reports, ec2: moto.ec2(endpoint: front.endpoint))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await manager.run() }
                await engine.attach(privateLinks: manager)
                try await session.sql(
                    """
                    CREATE CONNECTION pl TO AWS PRIVATELINK (SERVICE NAME '\(account.serviceName)',
                        AVAILABILITY ZONES ('\(account.zoneIDs[0])', '\(account.zoneIDs[1])'))
                    """)
                #expect(await reports.next("available", of: "pl"))
                group.cancelAll()
            }
            // moto's own answer (not through the front): one regional name.
            let made = try #require(
                try await moto.ec2().describeVpcEndpoints(filters: [.tag("inlet:connection", "pl")]).first)
            let regional = try #require(made.dnsEntries.first?.dnsName)
            #expect(made.dnsEntries.count == 1, "moto now makes zonal entries itself: \(made.dnsEntries)")
            let dot = try #require(regional.firstIndex(of: "."))
            func zonalName(_ index: Int) -> String {
                String(regional[..<dot]) + "-\(account.zoneNames[index])" + String(regional[dot...])
            }
            #expect(account.zoneIDs[0] != account.zoneIDs[1])

            let connection = PrivateLinkConnection(
                name: "pl", serviceName: account.serviceName, availabilityZones: account.zoneIDs)
            #expect(try endpoints.endpointHost(for: connection, availabilityZone: nil) == regional)
            #expect(try endpoints.endpointHost(for: connection, availabilityZone: account.zoneIDs[0]) == zonalName(0))
            #expect(try endpoints.endpointHost(for: connection, availabilityZone: account.zoneIDs[1]) == zonalName(1))

            // The router: a broker with AVAILABILITY ZONE dials its zone's name, one without the regional name.
            let table = RouteTable(brokers: [
                RouteTable.BrokerRoute(
                    host: "b-1.msk.internal", port: 9096,
                    via: .privateLink("pl", port: 9001, availabilityZone: account.zoneIDs[1])),
                RouteTable.BrokerRoute(host: "b-2.msk.internal", port: 9096, via: .privateLink("pl", port: 9002)),
            ])
            let resolver = RouteResolver(table: table, privateLinks: [connection], endpoints: endpoints)
            let first = try resolver.resolve(BrokerAddress(host: "b-1.msk.internal", port: 9096)).target
            let second = try resolver.resolve(BrokerAddress(host: "b-2.msk.internal", port: 9096)).target
            #expect(first == DialTarget(.tcp(host: zonalName(1), port: 9001)))
            #expect(second == DialTarget(.tcp(host: regional, port: 9002)))
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
