import Foundation
import InletTestSupport
import Testing

/// `inlet privatelink check` against moto (signature checking on, credentials from the environment) and the
/// virtual cluster: the plan's aws-cli commands set the load balancer up and check passes; then each drift is
/// made with the AWS CLI (or by a broker joining), check names it and exits 2, and the fix it prints, run as
/// printed, makes check pass again.
///
/// moto reports every registered IP target `healthy` (it runs no health checks): an unhealthy target comes from
/// testpeers/elbv2_health.py, a front that rewrites DescribeTargetHealth answers the way AWS reports failing
/// health checks. moto also accepts a second listener on a port, which AWS refuses, and that is how a port used
/// twice is made here.
@Suite("PrivateLink: inlet privatelink check", .serialized, .timeLimit(.minutes(8)))
struct PrivateLinkCheckTests {
    struct Bed {
        var virtual: VirtualCluster
        var moto: Moto
        var balancer: String
        var brokers: [VirtualCluster.Broker]

        func check(endpoint: String? = nil, _ extra: [String] = []) async throws -> PeerCommandResult {
            let result = try await runInlet(
                ["privatelink", "check", "--load-balancer", balancer, "--aws-endpoint-url", endpoint ?? moto.endpoint]
                    + virtual.connectionFlags(brokers) + targetFlags(brokers) + extra,
                environment: moto.cliEnvironment.merging(["AWS_ENDPOINT_URL": ""]) { $1 })
            print(result.output, result.stderr)
            return result
        }

        /// Runs check, expects drift named by `message`, applies every printed fix, and expects check to pass.
        func expectDriftFixed(_ message: String, fixContains: String) async throws {
            let drifted = try await check()
            #expect(drifted.status == 2, "\(drifted.stderr)")
            #expect(drifted.output.contains("drift: \(message)"), "\(drifted.output)")
            let fixes = fixScripts(drifted.output)
            #expect(fixes.contains { $0.contains(fixContains) }, "\(fixes)")
            for fix in fixes { try await runAWSScript(fix, moto: moto) }
            let fixed = try await check()
            #expect(fixed.status == 0, "\(fixed.output)\n\(fixed.stderr)")
            #expect(fixed.output.hasPrefix("ok: \(brokers.count) brokers"), "\(fixed.output)")
        }
    }

    func withBed(_ body: (inout Bed) async throws -> Void) async throws {
        try await withVirtualCluster { virtual in
            try await withMoto { moto in
                let balancer = try await moto.loadBalancerARN()
                var bed = Bed(virtual: virtual, moto: moto, balancer: balancer, brokers: virtual.initialBrokers)
                let plan = try await runInlet(
                    ["privatelink", "plan", "--load-balancer", balancer, "--vpc-id", moto.account.vpcID]
                        + virtual.connectionFlags(bed.brokers) + targetFlags(bed.brokers))
                #expect(plan.status == 0, "\(plan.stderr)")
                try await runAWSScript(plan.output, moto: moto)
                try await body(&bed)
            }
        }
    }

    /// The ARN of the listener on `port`.
    func listenerARN(_ bed: Bed, port: Int) async throws -> String {
        try await bed.moto.aws([
            "elbv2", "describe-listeners", "--load-balancer-arn", bed.balancer, "--query",
            "Listeners[?Port==`\(port)`].ListenerArn | [0]", "--output", "text",
        ])
    }

    func targetGroupARN(_ bed: Bed, name: String) async throws -> String {
        try await bed.moto.aws([
            "elbv2", "describe-target-groups", "--names", name, "--query", "TargetGroups[0].TargetGroupArn", "--output",
            "text",
        ])
    }

    @Test func thePlansListenersPassAndARemovedListenerIsNamedAndFixed() async throws {
        try await withBed { bed in
            let passed = try await bed.check()
            #expect(passed.status == 0, "\(passed.stderr)")
            #expect(
                passed.output
                    == "ok: 3 brokers, listeners 9001, 9002, 9003 on msk-nlb, each reaching its broker only, "
                    + "3 targets healthy\n")

            try await bed.moto.aws([
                "elbv2", "delete-listener", "--listener-arn", try await listenerARN(bed, port: 9002),
            ])
            try await bed.expectDriftFixed(
                "broker 2 (b-2.kafka.internal:9096, target \(targetIP(2)):9096) has no listener on port 9002",
                fixContains: "create-listener --load-balancer-arn '\(bed.balancer)' --protocol TCP --port 9002")
        }
    }

    /// `--connection-sql`: the KAFKA connection's PORT values held against the listeners. Brokers 1 and 2 sent
    /// to each other's listener are one drift, fixed by one ALTER CONNECTION; the plan's own `--output sql`
    /// statement matches.
    @Test func theConnectionsPortsAreHeldAgainstTheListeners() async throws {
        try await withBed { bed in
            let swapped = [1: 2, 2: 1, 3: 3]
            let wrong =
                "CREATE CONNECTION kafka_conn TO KAFKA (BROKERS ("
                + bed.brokers.map {
                    "'\($0.advertised)' USING AWS PRIVATELINK pl (PORT \(9000 + swapped[$0.id]!))"
                }.joined(separator: ", ") + "))"
            let drifted = try await bed.check(["--connection-sql", wrong])
            #expect(drifted.status == 2, "\(drifted.stderr)")
            #expect(
                drifted.output.contains(
                    "drift: connection kafka_conn: broker 1 (b-1.kafka.internal:9096) goes USING AWS PRIVATELINK pl "
                        + "(PORT 9002) (broker 2's listener), not its listener 9001 (base 9000 + node id 1); broker 2 "
                        + "(b-2.kafka.internal:9096) goes USING AWS PRIVATELINK pl (PORT 9001) (broker 1's listener), "
                        + "not its listener 9002 (base 9000 + node id 2)\n"), "\(drifted.output)")
            let expected =
                "ALTER CONNECTION kafka_conn SET (BROKERS ("
                + bed.brokers.map { "'\($0.advertised)' USING AWS PRIVATELINK pl (PORT \(9000 + $0.id))" }
                .joined(separator: ", ") + "))"
            #expect(fixScripts(drifted.output) == [expected], "\(drifted.output)")
            #expect(drifted.output.hasSuffix("1 drift on load balancer msk-nlb\n"), "\(drifted.output)")

            let sql = try await runInlet(
                [
                    "privatelink", "plan", "--output", "sql", "--connection-name", "kafka_conn",
                    "--privatelink-connection",
                    "pl",
                ] + bed.virtual.connectionFlags(bed.brokers) + targetFlags(bed.brokers))
            #expect(sql.status == 0, "\(sql.stderr)")
            let matching = try await bed.check(["--connection-sql=" + sql.output])
            #expect(matching.status == 0, "\(matching.output)\n\(matching.stderr)")
            #expect(matching.output.hasSuffix("; connection kafka_conn's PORT values match\n"), "\(matching.output)")

            let direct = try await bed.check([
                "--connection-sql", "CREATE CONNECTION d TO KAFKA (BROKER 'b-1.kafka.internal:9096')",
            ])
            #expect(direct.status == 0, "\(direct.stderr)")
            #expect(
                direct.stderr.contains(
                    "warning: --connection-sql: connection d routes no broker of the cluster USING AWS PRIVATELINK"),
                "\(direct.stderr)")

            let notSQL = try await bed.check(["--connection-sql", "SELECT 1"])
            #expect(notSQL.status == 1)
            #expect(notSQL.stderr.contains("expected one CREATE CONNECTION … TO KAFKA statement"), "\(notSQL.stderr)")
        }
    }

    @Test func aBrokerThatJoinsNeedsItsListener() async throws {
        try await withBed { bed in
            let joined = try await bed.virtual.addBroker()
            #expect(joined.id == 4)
            bed.brokers.append(joined)
            try await bed.expectDriftFixed(
                "broker 4 (b-4.kafka.internal:9096, target \(targetIP(4)):9096) has no listener on port 9004",
                fixContains: "--targets Id=\(targetIP(4)),Port=9096")
            #expect(try await listenerTargets(bed.moto, loadBalancer: bed.balancer)[9004] == ["\(targetIP(4)):9096"])
        }
    }

    @Test func aTargetPointedElsewhereIsNamedAndFixed() async throws {
        try await withBed { bed in
            let group = try await targetGroupARN(bed, name: "inlet-broker-1")
            try await bed.moto.aws([
                "elbv2", "deregister-targets", "--target-group-arn", group, "--targets", "Id=\(targetIP(1)),Port=9096",
            ])
            try await bed.moto.aws([
                "elbv2", "register-targets", "--target-group-arn", group, "--targets", "Id=\(targetIP(2)),Port=9096",
            ])
            try await bed.expectDriftFixed(
                "listener 9001 should reach broker 1 (b-1.kafka.internal:9096) at \(targetIP(1)):9096 only, but "
                    + "reaches \(targetIP(2)):9096 (broker 2's address)",
                fixContains: "deregister-targets --target-group-arn '\(group)' --targets Id=\(targetIP(2)),Port=9096")
        }
    }

    @Test func aListenerSentToAnotherBrokersTargetGroupGetsItsOwnBack() async throws {
        try await withBed { bed in
            // Listener 9002 forwards to broker 1's group, which listener 9001 uses too: deregistering broker 1
            // there would break 9001, so the fix points 9002 back at broker 2's own group.
            let first = try await targetGroupARN(bed, name: "inlet-broker-1")
            try await bed.moto.aws([
                "elbv2", "modify-listener", "--listener-arn", try await listenerARN(bed, port: 9002),
                "--default-actions", "Type=forward,TargetGroupArn=\(first)",
            ])
            let own = try await targetGroupARN(bed, name: "inlet-broker-2")
            try await bed.expectDriftFixed(
                "listener 9002 should reach broker 2 (b-2.kafka.internal:9096) at \(targetIP(2)):9096 only, but "
                    + "reaches \(targetIP(1)):9096 (broker 1's address)",
                fixContains: "TG_2='\(own)'")
            #expect(try await listenerTargets(bed.moto, loadBalancer: bed.balancer)[9001] == ["\(targetIP(1)):9096"])
        }
    }

    @Test func aPortUsedTwiceAndAListenerForABrokerThatLeftAreNamedAndFixed() async throws {
        try await withBed { bed in
            // A stray target group behind a second listener on 9003 (moto allows it) and a listener on 9007 for a
            // broker 7 the cluster does not have (what is left when a broker is removed).
            let stray = try await bed.moto.aws([
                "elbv2", "create-target-group", "--name", "stray", "--protocol", "TCP", "--port", "9096",
                "--target-type", "ip", "--vpc-id", bed.moto.account.vpcID, "--query", "TargetGroups[0].TargetGroupArn",
                "--output", "text",
            ])
            try await bed.moto.aws([
                "elbv2", "register-targets", "--target-group-arn", stray, "--targets", "Id=10.20.0.99,Port=9096",
            ])
            for port in ["9003", "9007"] {
                try await bed.moto.aws([
                    "elbv2", "create-listener", "--load-balancer-arn", bed.balancer, "--protocol", "TCP", "--port",
                    port,
                    "--default-actions", "Type=forward,TargetGroupArn=\(stray)",
                ])
            }
            let drifted = try await bed.check()
            #expect(drifted.status == 2)
            #expect(drifted.output.contains("drift: port 9003 (broker 3's port) is used by 2 listeners; keep "))
            #expect(
                drifted.output.contains(
                    "drift: listener 9007 is for broker 7, which the cluster's metadata does not list (it reaches "
                        + "10.20.0.99:9096)"), "\(drifted.output)")
            #expect(drifted.output.hasSuffix("2 drifts on load balancer msk-nlb\n"), "\(drifted.output)")
            // The delete-listener fixes of both, then the stray target group (listener 9007's fix deletes it last).
            try await bed.expectDriftFixed(
                "port 9003 (broker 3's port) is used by 2 listeners", fixContains: "aws elbv2 delete-target-group")
            #expect(try await listenerTargets(bed.moto, loadBalancer: bed.balancer)[9003] == ["\(targetIP(3)):9096"])
        }
    }

    @Test func anUnhealthyTargetIsNamedWithWhatToAllow() async throws {
        try await withBed { bed in
            let front = try await ELBv2HealthFront.start(
                upstream: bed.moto.endpoint, unhealthy: ["\(targetIP(2)):9096"])
            do {
                let drifted = try await bed.check(endpoint: front.endpoint)
                #expect(drifted.status == 2, "\(drifted.stderr)")
                #expect(
                    drifted.output.contains(
                        "drift: broker 2's target \(targetIP(2)):9096 behind listener 9002 is unhealthy "
                            + "(Target.FailedHealthChecks: Health checks failed)"), "\(drifted.output)")
                #expect(drifted.output.contains("# allow TCP 9096 from the load balancer's subnets"))
                let group = try await targetGroupARN(bed, name: "inlet-broker-2")
                #expect(drifted.output.contains("aws elbv2 describe-target-health --target-group-arn '\(group)'"))
                #expect(drifted.output.hasSuffix("1 drift on load balancer msk-nlb\n"), "\(drifted.output)")
                await front.stop()
            } catch {
                await front.stop()
                throw error
            }
        }
    }

    @Test func anUnknownLoadBalancerIsAClearError() async throws {
        try await withVirtualCluster { virtual in
            try await withMoto { moto in
                let missing =
                    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/gone/0000000000000000"
                let result = try await runInlet(
                    ["privatelink", "check", "--load-balancer", missing, "--aws-endpoint-url", moto.endpoint]
                        + virtual.connectionFlags(virtual.initialBrokers) + targetFlags(virtual.initialBrokers),
                    environment: moto.cliEnvironment)
                #expect(result.status == 1)
                #expect(result.stderr.contains("LoadBalancerNotFound"), "\(result.stderr)")
                #expect(!result.stderr.contains(moto.account.secretAccessKey))
            }
        }
    }
}
