import Foundation
import InletTestSupport
import Testing

/// `inlet privatelink plan --cluster-arn`: the brokers from MSK's ListNodes (testpeers/msk_nodes.py, since moto
/// has none; botocore verifies each signature), their client-VPC addresses as targets and their subnets' zones
/// (DescribeSubnets in moto) as the AVAILABILITY ZONEs of the SQL; no Kafka connection is needed. The aws-cli
/// output is run against moto.
@Suite("PrivateLink: plan from MSK's ListNodes", .serialized, .timeLimit(.minutes(4)))
struct PrivateLinkPlanMSKTests {
    static let cluster = "arn:aws:kafka:us-east-1:123456789012:cluster/demo/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-2"

    func nodes(_ moto: Moto) -> [MSKNodesFront.Node] {
        (1...3).map { id in
            MSKNodesFront.Node(
                id: id, clientVpcIPAddress: "10.20.\(id).15",
                clientSubnet: moto.account.subnetIDs[(id - 1) % moto.account.subnetIDs.count],
                endpoint: "b-\(id).demo.abc123.c2.kafka.us-east-1.amazonaws.com")
        }
    }

    @Test func theBrokersOfListNodesGetTheirListenersAndZones() async throws {
        try await withMoto { moto in
            // Two nodes per page: the plan follows nextToken.
            let front = try await MSKNodesFront.start(
                moto: moto, clusterARN: Self.cluster, nodes: nodes(moto), pageSize: 2)
            defer { Task { await front.stop() } }
            let balancer = try await moto.loadBalancerARN()
            let common = [
                "privatelink", "plan", "--cluster-arn", Self.cluster, "--aws-endpoint-url", front.endpoint,
                "--security-protocol", "SASL_SSL", "--sasl-mechanism", "SCRAM-SHA-512",
            ]
            let script = try await runInlet(
                common + ["--output", "aws-cli", "--load-balancer", balancer, "--vpc-id", moto.account.vpcID],
                environment: moto.cliEnvironment)
            #expect(script.status == 0, "\(script.stderr)")
            for id in 1...3 {
                #expect(script.output.contains("--targets Id=10.20.\(id).15,Port=9096"), "\(script.output)")
                #expect(script.output.contains("--protocol TCP --port \(9000 + id) --default-actions"))
            }
            try await runAWSScript(script.output, moto: moto)
            #expect(
                try await listenerTargets(moto, loadBalancer: balancer)
                    == [9001: ["10.20.1.15:9096"], 9002: ["10.20.2.15:9096"], 9003: ["10.20.3.15:9096"]])

            let sql = try await runInlet(common + ["--output", "sql"], environment: moto.cliEnvironment)
            #expect(sql.status == 0, "\(sql.stderr)")
            let zones = moto.account.zoneIDs
            for id in 1...3 {
                let zone = zones[(id - 1) % zones.count]
                #expect(
                    sql.output.contains(
                        "'b-\(id).demo.abc123.c2.kafka.us-east-1.amazonaws.com:9096' USING AWS PRIVATELINK pl "
                            + "(PORT \(9000 + id), AVAILABILITY ZONE '\(zone)')"), "\(sql.output)")
            }
        }
    }

    @Test func aWrongKeyOrAnUnknownClusterIsNamed() async throws {
        try await withMoto { moto in
            let front = try await MSKNodesFront.start(moto: moto, clusterARN: Self.cluster, nodes: nodes(moto))
            defer { Task { await front.stop() } }
            var wrongKey = moto.cliEnvironment
            wrongKey["AWS_SECRET_ACCESS_KEY"] = "wrong" + moto.account.secretAccessKey
            let refused = try await runInlet(
                ["privatelink", "plan", "--cluster-arn", Self.cluster, "--aws-endpoint-url", front.endpoint],
                environment: wrongKey)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("InvalidSignatureException"), "\(refused.stderr)")
            #expect(refused.stderr.contains("secret access key"), "\(refused.stderr)")
            #expect(!refused.stderr.contains(wrongKey["AWS_SECRET_ACCESS_KEY"]!), "the secret is never printed")

            let unknown = try await runInlet(
                [
                    "privatelink", "plan", "--cluster-arn", Self.cluster.replacingOccurrences(of: "demo", with: "gone"),
                    "--aws-endpoint-url", front.endpoint,
                ], environment: moto.cliEnvironment)
            #expect(unknown.status == 1)
            #expect(unknown.stderr.contains("NotFoundException"), "\(unknown.stderr)")
        }
    }
}
