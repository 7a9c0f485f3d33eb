import Foundation
import InletTestSupport
import Testing

/// The whole AWS PrivateLink path with nothing static: `inlet serve --privatelink-provider aws` runs inside a
/// network namespace of the test's own, makes the interface endpoint through EC2 (moto, signature checking on),
/// and routes each broker to the endpoint's DNS name, which the namespace's hosts file resolves to a loopback
/// haproxy (the NLB) with one listener per broker, in front of a virtual cluster whose advertised names resolve
/// nowhere. A source's rows arriving proves every hop: the endpoint's name from DescribeVpcEndpoints, the route,
/// the listener port per broker, and Kafka behind it. Then routes with AVAILABILITY ZONE dial the zone's DNS name
/// (added to moto's answers by testpeers/aws_throttle.py, as AWS lists them).
@Suite(.serialized, .timeLimit(.minutes(4))) struct PrivateLinkAWSDNSTests {
    static let partitions = 6

    @Test func aRouteDialsTheEndpointsDNSNameAndRowsArrive() async throws {
        try await withMoto { moto in
            try await withVirtualClusterForNamespace { namespace, virtual in
                let account = moto.account
                // moto makes the regional DNS entry only; aws_throttle.py adds AWS's per-zone ones to its answers.
                let zonal = try await AWSThrottle.start(
                    upstream: moto.endpoint,
                    zonalDNS: Dictionary(uniqueKeysWithValues: zip(account.subnetIDs, account.zoneNames)))
                defer { Task { await zonal.stop() } }
                let ec2 = try await EC2EndpointStateFront.start(
                    upstream: zonal.endpoint, host: namespace.outsideAddress)
                defer { Task { await ec2.stop() } }
                // The NLB inside the namespace: listener 9000 + id → that broker, reached over the veth pair.
                let frontends = try virtual.initialBrokers.map { broker in
                    try HAProxy.Frontend.tcp("b\(broker.id)", to: ["\(namespace.outsideAddress):\(broker.port)"])
                        .onPort(9000 + broker.id)
                }
                let haproxy = try await HAProxy.start(frontends, in: namespace)
                defer { Task { await haproxy.stop() } }

                let server = try await PGServeProcess.start(
                    [
                        "--data-dir", try PGServeCommandTests.temporaryDirectory(), "--allow-unauthenticated-remote",
                        "--privatelink-provider", "aws", "--aws-region", account.region, "--aws-vpc-id",
                        account.vpcID, "--aws-subnet-ids", account.subnetIDs.joined(separator: ","),
                        "--aws-security-group-ids", account.securityGroupID, "--aws-endpoint-url", ec2.endpoint,
                    ],
                    environment: [
                        "AWS_ACCESS_KEY_ID": account.accessKeyID, "AWS_SECRET_ACCESS_KEY": account.secretAccessKey,
                        "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/nonexistent/inlet-test/config",
                        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/inlet-test/credentials", "AWS_PROFILE": "",
                    ],
                    listen: "\(namespace.insideAddress):0", in: namespace)
                let psql = { (script: String) in
                    try await runClient(
                        "psql",
                        [
                            "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", namespace.insideAddress, "-p",
                            String(server.port), "-U", "materialize", "-c", script,
                        ], environment: ["PGSSLMODE": "disable"])
                }
                let made = try await psql(
                    "CREATE CONNECTION pl TO AWS PRIVATELINK (SERVICE NAME '\(account.serviceName)', "
                        + "AVAILABILITY ZONES ('\(account.zoneIDs[0])'))")
                #expect(made.status == 0, "\(made.stderr)")
                let status =
                    "SELECT status FROM mz_aws_privatelink_connection_statuses s JOIN mz_connections c "
                    + "ON c.id = s.id WHERE c.name = 'pl'"
                #expect(try await waitFor(psql, status, toBe: "available\n"), "\(server.output.suffix(3000))")

                // The endpoint's DNS names, as AWS would publish them, resolve inside the namespace to the NLB.
                let names = try await moto.aws([
                    "ec2", "describe-vpc-endpoints", "--filters", "Name=tag:inlet:connection,Values=pl", "--query",
                    "VpcEndpoints[0].DnsEntries[].DnsName", "--output", "text",
                ]).split(whereSeparator: \.isWhitespace).map(String.init)
                #expect(!names.isEmpty)
                try namespace.updateHosts(Dictionary(uniqueKeysWithValues: names.map { ($0, "127.0.0.1") }))

                let brokers = virtual.initialBrokers.map { broker in
                    "'\(broker.advertised)' USING AWS PRIVATELINK pl (PORT \(9000 + broker.id))"
                }.joined(separator: ", ")
                let connected = try await psql("CREATE CONNECTION kafka TO KAFKA (BROKERS (\(brokers)))")
                #expect(connected.status == 0, "\(connected.stderr)\n\(server.output.suffix(3000))")

                let produced = networkSourceRecords(0..<600, partitions: Self.partitions, tag: "dns")
                try await LibrdkafkaPeer(bootstrap: virtual.tansu.bootstrap)
                    .produce(records: produced, topic: "orders", createPartitions: Self.partitions)
                let source = try await psql(
                    "CREATE SOURCE orders FROM KAFKA CONNECTION kafka (TOPIC 'orders') FORMAT TEXT")
                #expect(source.status == 0, "\(source.stderr)")
                #expect(
                    try await waitFor(psql, "SELECT count(*) FROM orders", toBe: "\(produced.count)\n"),
                    "\(server.output.suffix(3000))")
                // Every broker was reached through its own listener.
                let reached = try await virtual.brokers().filter { ($0.connections ?? 0) > 0 }.map(\.id)
                #expect(Set(reached) == Set(virtual.initialBrokers.map(\.id)))

                // Routes with AVAILABILITY ZONE dial the zone's name (vpce-…-<zone name>.…), mapped from the zone id
                // with DescribeAvailabilityZones: with only that name resolving, such a connection validates, and one
                // without the zone does not.
                let regional = try #require(names.first)
                let dot = try #require(regional.firstIndex(of: "."))
                let zoneName = String(regional[..<dot]) + "-\(account.zoneNames[0])" + String(regional[dot...])
                try namespace.updateHosts([zoneName: "127.0.0.1"])
                let zonalBrokers = virtual.initialBrokers.map { broker in
                    "'\(broker.advertised)' USING AWS PRIVATELINK pl (PORT \(9000 + broker.id), AVAILABILITY ZONE "
                        + "'\(account.zoneIDs[0])')"
                }.joined(separator: ", ")
                let byZone = try await psql("CREATE CONNECTION kafka_az TO KAFKA (BROKERS (\(zonalBrokers)))")
                #expect(byZone.status == 0, "\(byZone.stderr)\n\(server.output.suffix(3000))")
                let withoutZone = try await psql("CREATE CONNECTION kafka_regional TO KAFKA (BROKERS (\(brokers)))")
                #expect(withoutZone.status != 0)
                #expect(withoutZone.stderr.contains(regional), "\(withoutZone.stderr)")
                #expect(try await server.stop() == 0)
            }
        }
    }

    /// Polls `query` through `psql` until it prints `expected`; false after a minute.
    private func waitFor(
        _ psql: (String) async throws -> PGProgramOutput, _ query: String, toBe expected: String
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if try await psql(query).stdout == expected { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}

/// tansu, a network namespace, and a virtual cluster listening on the namespace's outside address (so that what
/// runs inside reaches it over the veth pair) with advertised names nothing resolves.
func withVirtualClusterForNamespace<T: Sendable>(
    _ body: (NetworkNamespace, VirtualCluster) async throws -> T
) async throws -> T {
    try await withTansu { tansu in
        let namespace = try await NetworkNamespace.create()
        do {
            let virtual = try await VirtualCluster.start(
                brokers: 3, tansu: tansu, listenHost: namespace.outsideAddress)
            do {
                let value = try await body(namespace, virtual)
                await virtual.stop()
                await namespace.remove()
                return value
            } catch {
                await virtual.stop()
                throw error
            }
        } catch {
            await namespace.remove()
            throw error
        }
    }
}
