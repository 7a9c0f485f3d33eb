import AWS
import Foundation
import InletServer
import InletTestSupport
import Routing
import SQL
import Testing

/// The states moto never shows (it makes every endpoint available at once), through a front that scripts them
/// as AWS reports them: a service that requires acceptance, the owner accepting and then rejecting the request,
/// the endpoint deleted behind Inlet's back (a new one is requested), a request that expired. Each state reaches
/// the status history, the router withdraws the endpoint while it is not available, and VALIDATE CONNECTION says
/// where it stands and what to run.
@Suite(.timeLimit(.minutes(3))) struct PrivateLinkEndpointStatesTests {
    @Test func everyEndpointStateReachesTheHistoryAndValidationSaysWhatToDo() async throws {
        try await withMoto { moto in
            let account = moto.account
            let front = try await EC2EndpointStateFront.start(
                upstream: moto.endpoint, states: [account.serviceName: "pendingAcceptance"])
            defer { Task { await front.stop() } }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inlet-pls-\(UUID())")
            defer { try? FileManager.default.removeItem(at: directory) }
            let endpoints = AWSPrivateLinkEndpoints()
            let engine = try InletEngine(
                settings: InletEngineSettings(
                    dataDirectory: directory, connectionValidator: KafkaConnectionValidator(endpoints: endpoints)))
            let session = engine.makeSession()
            let reports = PrivateLinkLifecycleTests.Reports()
            let catalog = engine.catalog
            let manager = AWSPrivateLinkManager(
                settings: AWSPrivateLinkSettings(
                    region: account.region, vpcID: account.vpcID, subnetIDs: account.subnetIDs,
                    securityGroupIDs: [account.securityGroupID], endpointURL: front.endpoint),
                ec2: moto.ec2(endpoint: front.endpoint), endpoints: endpoints,
                pollBackoff: AWSRetryPolicy(
                    maxAttempts: .max, baseDelay: .milliseconds(50), maxDelay: .milliseconds(200)),
                watchInterval: .milliseconds(100)
            ) { name, status in
                try? await catalog.recordPrivateLinkStatus(connectionName: name, status: status)
                reports.sink.yield((name, status))
            }
            let ec2 = moto.ec2()
            let connection = PrivateLinkConnection(
                name: "pl", serviceName: account.serviceName, availabilityZones: [account.zoneIDs[0]])

            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await manager.run() }
                await engine.attach(privateLinks: manager)
                try await session.sql(
                    """
                    CREATE CONNECTION pl TO AWS PRIVATELINK (SERVICE NAME '\(account.serviceName)',
                        AVAILABILITY ZONES ('\(account.zoneIDs[0])'))
                    """)
                #expect(await reports.next("pending-acceptance", of: "pl"))
                let principal = try #require(
                    try await session.sql(
                        "SELECT p.principal FROM mz_aws_privatelink_connections p JOIN mz_connections c "
                            + "ON c.id = p.id WHERE c.name = 'pl'"
                    ).first?[0])
                let first = try #require(
                    try await ec2.describeVpcEndpoints(filters: [.tag(AWSPrivateLinkManager.connectionTag, principal)])
                        .first)
                // Waiting for the owner: no route, and validation names the command that accepts it.
                let waiting = await validationError(session)
                #expect(waiting.contains("pending-acceptance"), "\(waiting)")
                #expect(
                    waiting.contains(
                        "aws ec2 accept-vpc-endpoint-connections --service-id \(account.serviceID) "
                            + "--vpc-endpoint-ids \(first.id)"), "\(waiting)")
                #expect(throws: RoutingError.self) {
                    try endpoints.endpointHost(for: connection, availabilityZone: nil)
                }

                // Accepted: the endpoint is published and validation passes.
                try await front.set("available", endpoint: first.id)
                #expect(await reports.next("available", of: "pl"))
                #expect(
                    try endpoints.endpointHost(for: connection, availabilityZone: nil)
                        == first.dnsEntries.first?.dnsName)
                try await session.sql("VALIDATE CONNECTION pl")

                // Rejected later: seen by the watch after the endpoint settled, and withdrawn from the router.
                try await front.set("rejected", endpoint: first.id)
                #expect(await reports.next("rejected", of: "pl"))
                #expect(throws: RoutingError.self) {
                    try endpoints.endpointHost(for: connection, availabilityZone: nil)
                }
                let rejected = await validationError(session)
                #expect(rejected.contains("rejected the interface endpoint \(first.id)"), "\(rejected)")

                // Deleted behind Inlet's back: a new endpoint is requested (this service now accepts at once).
                try await front.set(nil, service: account.serviceName)
                _ = try await ec2.deleteVpcEndpoints(ids: [first.id])
                #expect(await reports.next("deleted", of: "pl"))
                #expect(await reports.next("available", of: "pl"))
                let live = try await ec2.describeVpcEndpoints(filters: [
                    .tag(AWSPrivateLinkManager.connectionTag, principal)
                ]).filter { !EC2Client.goneStates.contains($0.state.lowercased()) }
                #expect(live.count == 1)
                let second = try #require(live.first)
                #expect(second.id != first.id)
                #expect(
                    try endpoints.endpointHost(for: connection, availabilityZone: nil)
                        == second.dnsEntries.first?.dnsName)

                // A request that expired: validation says to make the connection again.
                try await front.set("expired", endpoint: second.id)
                #expect(await reports.next("expired", of: "pl"))
                let expired = await validationError(session)
                #expect(expired.contains("expired before the owner"), "\(expired)")
                #expect(expired.contains("DROP CONNECTION pl"), "\(expired)")

                #expect(
                    try await session.sql(
                        "SELECT status FROM mz_aws_privatelink_connection_status_history ORDER BY occurred_at"
                    )
                    .map { $0[0] ?? "" } == [
                        "pending-service-discovery", "creating-endpoint", "pending-acceptance", "available", "rejected",
                        "deleted", "creating-endpoint", "available", "expired",
                    ])
                try await session.sql("DROP CONNECTION pl")
                #expect(await reports.next("deleted", of: "pl"))
                group.cancelAll()
            }
        }
    }

    /// The message of VALIDATE CONNECTION pl's error, or "" when it passes.
    private func validationError(_ session: CatalogSession) async -> String {
        do {
            try await session.sql("VALIDATE CONNECTION pl")
            return ""
        } catch {
            return "\(error)"
        }
    }
}
