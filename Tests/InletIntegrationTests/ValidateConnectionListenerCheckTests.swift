import Foundation
import InletTestSupport
import Testing

/// VALIDATE CONNECTION of a KAFKA connection routed through AWS PRIVATELINK, against `inlet serve
/// --privatelink-provider aws` and moto (signature checking on): the load balancer behind the endpoint service
/// (DescribeVpcEndpointServiceConfigurations) is held against the cluster's metadata, and each drift is a notice
/// with its fix. The brokers are reached through the static endpoint table (127.0.0.1 at each broker's port);
/// the load balancer's listeners are made by `inlet privatelink plan`, as in PrivateLinkCheckTests.
@Suite("PrivateLink: VALIDATE CONNECTION checks the load balancer", .serialized, .timeLimit(.minutes(8)))
struct ValidateConnectionListenerCheckTests {
    func psql(_ port: Int, _ commands: [String]) async throws -> PGProgramOutput {
        try await psqlCommands(port: port, commands)
    }

    /// `CREATE CONNECTION name TO KAFKA` with every broker of `brokers` through `pl` at its own port.
    func createKafka(_ name: String, _ brokers: [VirtualCluster.Broker]) -> String {
        let list = brokers.map { "'\($0.advertised)' USING AWS PRIVATELINK pl (PORT \($0.port))" }
        return "CREATE CONNECTION \(name) TO KAFKA (BROKERS (\(list.joined(separator: ", ")))) WITH (VALIDATE = false)"
    }

    /// `inlet serve --privatelink-provider aws` against moto (through `front`) with the brokers of the PrivateLink
    /// service moto_setup.py made at 127.0.0.1 (the static table), credentials from the environment.
    ///
    /// The front keeps the service's endpoints `pendingAcceptance`: moto makes them available at once, and an
    /// available endpoint's DNS name (which resolves nowhere here) would take the brokers' routes from the table.
    func serve(_ moto: Moto, front: EC2EndpointStateFront, secretAccessKey: String) async throws -> PGServeProcess {
        let account = moto.account
        return try await PGServeProcess.start(
            [
                "--data-dir", try PGServeCommandTests.temporaryDirectory(),
                "--privatelink-provider", "aws", "--aws-region", account.region, "--aws-vpc-id", account.vpcID,
                "--aws-subnet-ids", account.subnetIDs.joined(separator: ","),
                "--aws-security-group-ids", account.securityGroupID, "--aws-endpoint-url", front.endpoint,
                "--privatelink-endpoint", "\(account.serviceName)=127.0.0.1",
            ],
            environment: [
                "AWS_ACCESS_KEY_ID": account.accessKeyID, "AWS_SECRET_ACCESS_KEY": secretAccessKey,
                "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/nonexistent/inlet-test/config",
                "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/inlet-test/credentials", "AWS_PROFILE": "",
            ])
    }

    /// A key AWS refuses is one warning line; the cluster is reachable, so VALIDATE succeeds, and no secret shows.
    @Test func aRefusedKeyIsAWarningAndValidateSucceeds() async throws {
        try await withVirtualCluster { virtual in
            try await withMoto { moto in
                let account = moto.account
                let wrongSecret = "wrong" + account.secretAccessKey.dropFirst(5)
                let front = try await EC2EndpointStateFront.start(
                    upstream: moto.endpoint, states: [account.serviceName: "pendingAcceptance"])
                defer { Task { await front.stop() } }
                let server = try await serve(moto, front: front, secretAccessKey: String(wrongSecret))
                let validated = try await psql(
                    server.port,
                    [
                        "CREATE CONNECTION pl TO AWS PRIVATELINK (SERVICE NAME '\(account.serviceName)', "
                            + "AVAILABILITY ZONES ('\(account.zoneIDs[0])'))",
                        createKafka("kafka_conn", virtual.initialBrokers),
                        "VALIDATE CONNECTION kafka_conn",
                    ])
                print(validated.stderr)
                #expect(validated.status == 0, "\(validated.stderr)")
                #expect(
                    validated.stderr.contains(
                        "NOTICE:  warning: the load balancer listeners behind PrivateLink connection pl were not checked: "
                            + "ec2:DescribeVpcEndpointServiceConfigurations: AuthFailure"), "\(validated.stderr)")
                #expect(!validated.stderr.contains(String(wrongSecret)))
                #expect(!validated.stderr.contains(account.secretAccessKey))
                #expect(try await server.stop() == 0)
            }
        }
    }

    @Test func listenersMatchABrokerWithoutListenerAndAListenerForABrokerThatLeft() async throws {
        try await withVirtualCluster { virtual in
            try await withMoto { moto in
                let account = moto.account
                let balancer = try await moto.loadBalancerARN()
                let brokers = virtual.initialBrokers
                let plan = try await runInlet(
                    ["privatelink", "plan", "--load-balancer", balancer, "--vpc-id", account.vpcID]
                        + virtual.connectionFlags(brokers) + targetFlags(brokers))
                #expect(plan.status == 0, "\(plan.stderr)")
                try await runAWSScript(plan.output, moto: moto)

                let front = try await EC2EndpointStateFront.start(
                    upstream: moto.endpoint, states: [account.serviceName: "pendingAcceptance"])
                defer { Task { await front.stop() } }
                let server = try await serve(moto, front: front, secretAccessKey: account.secretAccessKey)
                let created = try await psql(
                    server.port,
                    [
                        "CREATE CONNECTION pl TO AWS PRIVATELINK (SERVICE NAME '\(account.serviceName)', "
                            + "AVAILABILITY ZONES ('\(account.zoneIDs[0])'))",
                        createKafka("kafka_conn", brokers),
                    ])
                #expect(created.status == 0, "\(created.stderr)")

                // (a) What the plan made matches.
                let matching = try await psql(server.port, ["VALIDATE CONNECTION kafka_conn"])
                print(matching.stderr)
                #expect(matching.status == 0, "\(matching.stderr)")
                #expect(
                    matching.stderr.contains(
                        "NOTICE:  PrivateLink connection pl, load balancer msk-nlb: listeners match: 3 brokers, "
                            + "listeners 9001, 9002, 9003 on msk-nlb, each reaching its broker only, 3 targets healthy"),
                    "\(matching.stderr)\n\(server.output)")
                #expect(!matching.stderr.contains(account.secretAccessKey))

                // (b) A broker joins: it has no listener, and the fix makes one.
                let joined = try await virtual.addBroker()
                let added = try await psql(server.port, [createKafka("kafka_four", brokers + [joined])])
                #expect(added.status == 0, "\(added.stderr)")
                let missing = try await psql(server.port, ["VALIDATE CONNECTION kafka_four"])
                print(missing.stderr)
                #expect(missing.status == 0, "\(missing.stderr)")
                #expect(
                    missing.stderr.contains(
                        "PrivateLink connection pl, load balancer msk-nlb: drift: broker \(joined.id) "
                            + "(\(joined.advertised), target $BROKER_\(joined.id)_IP:\(joined.advertisedPort)) has no "
                            + "listener on port \(9000 + joined.id)"), "\(missing.stderr)")
                let fix = Self.fixLines(missing.stderr)
                #expect(
                    fix.contains {
                        $0.contains(
                            "create-listener --load-balancer-arn '\(balancer)' --protocol TCP --port 900\(joined.id)")
                    }, "\(fix)")
                // The fix, with the broker's address set where the comment asks, makes the listeners match.
                let script = fix.map {
                    $0.hasPrefix("BROKER_\(joined.id)_IP=") ? "BROKER_\(joined.id)_IP=\(targetIP(joined.id))" : $0
                }.joined(separator: "\n")
                try await runAWSScript(script, moto: moto)
                let fixed = try await psql(server.port, ["VALIDATE CONNECTION kafka_four"])
                #expect(fixed.stderr.contains("listeners match: 4 brokers"), "\(fixed.stderr)")

                // (c) A listener for a broker the cluster does not list (what a departed broker leaves behind).
                let stray = try await moto.aws([
                    "elbv2", "create-target-group", "--name", "stray", "--protocol", "TCP", "--port", "9096",
                    "--target-type", "ip", "--vpc-id", account.vpcID, "--query", "TargetGroups[0].TargetGroupArn",
                    "--output", "text",
                ])
                try await moto.aws([
                    "elbv2", "register-targets", "--target-group-arn", stray, "--targets", "Id=10.20.0.99,Port=9096",
                ])
                try await moto.aws([
                    "elbv2", "create-listener", "--load-balancer-arn", balancer, "--protocol", "TCP", "--port", "9007",
                    "--default-actions", "Type=forward,TargetGroupArn=\(stray)",
                ])
                let departed = try await psql(server.port, ["VALIDATE CONNECTION kafka_four"])
                print(departed.stderr)
                #expect(departed.status == 0, "\(departed.stderr)")
                #expect(
                    departed.stderr.contains(
                        "drift: listener 9007 is for broker 7, which the cluster's metadata does not list (it reaches "
                            + "10.20.0.99:9096)"), "\(departed.stderr)")
                #expect(departed.stderr.contains("aws elbv2 delete-listener --listener-arn '"), "\(departed.stderr)")
                #expect(
                    departed.stderr.contains("aws elbv2 delete-target-group --target-group-arn '\(stray)'"),
                    "\(departed.stderr)")
                #expect(try await server.stop() == 0)
            }
        }
    }

    /// The indented lines after `fix:` in psql's notices.
    static func fixLines(_ stderr: String) -> [String] {
        var lines: [String] = []
        var inFix = false
        for line in stderr.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "fix:" {
                inFix = true
            } else if inFix, line.hasPrefix("  ") {
                lines.append(String(line.dropFirst(2)))
            } else {
                inFix = false
            }
        }
        return lines
    }
}
