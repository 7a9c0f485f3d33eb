import Foundation
import InletTestSupport
import Testing

/// `inlet serve --privatelink-provider aws` against moto (signature checking on), driven by psql: the flags, the
/// credential chain from the environment and the endpoint lifecycle wired together in the real binary.
@Suite(.timeLimit(.minutes(3))) struct PrivateLinkAWSServeTests {
    func psql(_ port: Int, _ commands: [String]) async throws -> PGProgramOutput {
        try await psqlCommands(port: port, commands)
    }

    /// The statuses of connection `name` in order, read until `last` is among them or the deadline passes.
    func statuses(_ port: Int, of name: String, until last: String) async throws -> [String] {
        let query =
            "SELECT h.status FROM mz_aws_privatelink_connection_status_history h "
            + "JOIN mz_connections c ON c.id = h.connection_id WHERE c.name = '\(name)' ORDER BY h.occurred_at"
        let deadline = ContinuousClock.now + .seconds(60)
        var seen: [String] = []
        while ContinuousClock.now < deadline {
            seen = try await psql(port, [query]).stdout.split(separator: "\n").map(String.init)
            if seen.contains(last) { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        return seen
    }

    @Test func createConnectionMakesAnEndpointThroughTheServer() async throws {
        try await withMoto { moto in
            let account = moto.account
            let server = try await PGServeProcess.start(
                [
                    "--data-dir", try PGServeCommandTests.temporaryDirectory(),
                    "--privatelink-provider", "aws", "--aws-region", account.region, "--aws-vpc-id", account.vpcID,
                    "--aws-subnet-ids", account.subnetIDs.joined(separator: ","),
                    "--aws-security-group-ids", account.securityGroupID, "--aws-endpoint-url", moto.endpoint,
                ],
                environment: [
                    "AWS_ACCESS_KEY_ID": account.accessKeyID, "AWS_SECRET_ACCESS_KEY": account.secretAccessKey,
                    "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/nonexistent/inlet-test/config",
                    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/inlet-test/credentials", "AWS_PROFILE": "",
                ])
            let created = try await psql(
                server.port,
                [
                    "CREATE CONNECTION pl TO AWS PRIVATELINK (SERVICE NAME '\(account.serviceName)', "
                        + "AVAILABILITY ZONES ('\(account.zoneIDs[0])'))",
                    "CREATE CONNECTION missing TO AWS PRIVATELINK (SERVICE NAME "
                        + "'com.amazonaws.vpce.us-east-1.vpce-svc-0000000000000dead', AVAILABILITY ZONES ('\(account.zoneIDs[0])'))",
                ])
            #expect(created.status == 0, "\(created.stderr)")
            #expect(
                try await statuses(server.port, of: "pl", until: "available")
                    == ["pending-service-discovery", "creating-endpoint", "available"], "\(server.output)")
            // A service that does not exist (or does not allow the principal) stays where it is.
            #expect(
                try await statuses(server.port, of: "missing", until: "pending-service-discovery")
                    == ["pending-service-discovery"])
            let dropped = try await psql(server.port, ["DROP CONNECTION pl", "DROP CONNECTION missing"])
            #expect(dropped.status == 0, "\(dropped.stderr)")
            #expect(try await server.stop() == 0)
        }
    }
}
