import Foundation
import InletTestSupport
import SQL
import Testing

/// `inlet privatelink plan` against the virtual cluster (brokers 1…3 advertised as the unresolvable
/// b-N.kafka.internal:9096, reached through --route flags): one target group and one listener at 9000 + id per
/// broker in every output; the aws-cli output is run with the AWS CLI against moto (signature checking on).
@Suite("PrivateLink: inlet privatelink plan", .serialized, .timeLimit(.minutes(5)))
struct PrivateLinkPlanTests {
    func plan(_ virtual: VirtualCluster, _ extra: [String]) async throws -> String {
        let result = try await runInlet(
            ["privatelink", "plan"] + virtual.connectionFlags(virtual.initialBrokers)
                + targetFlags(virtual.initialBrokers) + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return result.output
    }

    @Test func awsCLIOutputMakesOneWorkingListenerPerBrokerInMoto() async throws {
        try await withVirtualCluster { virtual in
            try await withMoto { moto in
                let balancer = try await moto.loadBalancerARN()
                let script = try await plan(
                    virtual, ["--output", "aws-cli", "--load-balancer", balancer, "--vpc-id", moto.account.vpcID])
                print(script)
                #expect(script.components(separatedBy: "aws elbv2 create-target-group").count == 4)
                #expect(script.components(separatedBy: "aws elbv2 create-listener").count == 4)
                for broker in virtual.initialBrokers {
                    #expect(script.contains("--name inlet-broker-\(broker.id) --protocol TCP --port 9096"))
                    #expect(script.contains("--targets Id=\(targetIP(broker.id)),Port=9096"))
                    #expect(script.contains("--protocol TCP --port \(9000 + broker.id) --default-actions"))
                }
                try await runAWSScript(script, moto: moto)
                let listeners = try await listenerTargets(moto, loadBalancer: balancer)
                #expect(
                    listeners == [
                        9001: ["\(targetIP(1)):9096"], 9002: ["\(targetIP(2)):9096"], 9003: ["\(targetIP(3)):9096"],
                    ])
            }
        }
    }

    @Test func aListenerBaseMovesEveryPortAndPlaceholdersStandInForTheLoadBalancer() async throws {
        try await withVirtualCluster { virtual in
            let script = try await plan(virtual, ["--listener-base", "19000", "--name-prefix", "msk"])
            #expect(script.contains(#": "${LOAD_BALANCER_ARN:?set LOAD_BALANCER_ARN"#), "\(script)")
            #expect(script.contains(#": "${VPC_ID:?set VPC_ID"#), "\(script)")
            for id in 1...3 {
                #expect(script.contains("--port \(19000 + id) --default-actions"))
                #expect(script.contains("--name msk-broker-\(id) "))
            }
            let tooHigh = try await runInlet(
                ["privatelink", "plan", "--listener-base", "65534"] + virtual.connectionFlags(virtual.initialBrokers)
                    + targetFlags(virtual.initialBrokers))
            #expect(tooHigh.status == 1)
            #expect(tooHigh.stderr.contains("choose a --listener-base between 0 and"), "\(tooHigh.stderr)")
        }
    }

    @Test func terraformHasATargetGroupAttachmentAndListenerPerBroker() async throws {
        try await withVirtualCluster { virtual in
            let hcl = try await plan(virtual, ["--output", "terraform", "--load-balancer", "arn:aws:lb"])
            print(hcl)
            // HCL-ish structure: balanced braces and quotes, one block of each resource type per broker.
            #expect(hcl.filter { $0 == "{" }.count == hcl.filter { $0 == "}" }.count)
            #expect(hcl.filter { $0 == "\"" }.count % 2 == 0)
            let blocks = hcl.split(separator: "\n").filter { $0.hasPrefix("resource ") }.map(String.init)
            #expect(
                blocks
                    == (1...3).flatMap { id in
                        [
                            "resource \"aws_lb_target_group\" \"broker_\(id)\" {",
                            "resource \"aws_lb_target_group_attachment\" \"broker_\(id)\" {",
                            "resource \"aws_lb_listener\" \"broker_\(id)\" {",
                        ]
                    })
            #expect(hcl.contains("variable \"load_balancer_arn\" {"))
            #expect(hcl.contains("  default     = \"arn:aws:lb\""))
            for id in 1...3 {
                #expect(hcl.contains("  target_id        = \"\(targetIP(id))\""))
                #expect(hcl.contains("  port              = \(9000 + id)\n  protocol          = \"TCP\""))
                #expect(hcl.contains("    target_group_arn = aws_lb_target_group.broker_\(id).arn"))
            }
        }
    }

    @Test func cloudFormationIsYAMLWithATargetGroupAndListenerPerBroker() async throws {
        try await withVirtualCluster { virtual in
            let yaml = try await plan(virtual, ["--output", "cloudformation", "--vpc-id", "vpc-0abc"])
            print(yaml)
            // PyYAML reads the template (safe_load: no custom tags) and prints it as JSON.
            let python = try await PeerEnvironment.python()
            try await PeerEnvironment.requirePythonModule("yaml")
            let parsed = try await PeerCommand.run(
                name: "pyyaml", executable: python,
                arguments: ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"],
                stdin: Data(yaml.utf8))
            let template = try #require(try JSONSerialization.jsonObject(with: parsed.stdout) as? [String: Any])
            #expect(template["AWSTemplateFormatVersion"] as? String == "2010-09-09")
            let parameters = try #require(template["Parameters"] as? [String: [String: Any]])
            #expect(parameters["VpcId"]?["Default"] as? String == "vpc-0abc")
            #expect(parameters["LoadBalancerArn"]?["Default"] == nil)
            let resources = try #require(template["Resources"] as? [String: [String: Any]])
            #expect(resources.count == 6)
            for id in 1...3 {
                let group = try #require(resources["Broker\(id)TargetGroup"])
                #expect(group["Type"] as? String == "AWS::ElasticLoadBalancingV2::TargetGroup")
                let groupProperties = try #require(group["Properties"] as? [String: Any])
                #expect(groupProperties["Protocol"] as? String == "TCP")
                #expect(groupProperties["TargetType"] as? String == "ip")
                #expect(groupProperties["Port"] as? Int == 9096)
                #expect(groupProperties["VpcId"] as? [String: String] == ["Ref": "VpcId"])
                let targets = try #require(groupProperties["Targets"] as? [[String: Any]])
                #expect(targets.count == 1)
                #expect(targets.first?["Id"] as? String == targetIP(id))
                #expect(targets.first?["Port"] as? Int == 9096)

                let listener = try #require(resources["Broker\(id)Listener"])
                #expect(listener["Type"] as? String == "AWS::ElasticLoadBalancingV2::Listener")
                let properties = try #require(listener["Properties"] as? [String: Any])
                #expect(properties["Port"] as? Int == 9000 + id)
                #expect(properties["Protocol"] as? String == "TCP")
                #expect(properties["LoadBalancerArn"] as? [String: String] == ["Ref": "LoadBalancerArn"])
                let actions = try #require(properties["DefaultActions"] as? [[String: Any]])
                #expect(actions.first?["Type"] as? String == "forward")
                #expect(actions.first?["TargetGroupArn"] as? [String: String] == ["Ref": "Broker\(id)TargetGroup"])
            }
        }
    }

    @Test func sqlIsAConnectionInletsParserAcceptsWithAPortPerBroker() async throws {
        try await withVirtualCluster(sasl: PrivateLinkMSKTests.sasl) { virtual in
            let passwordFile = try PeerPaths.makeTemporaryDirectory(prefix: "plan-sql").appendingPathComponent("pw")
            try "pl-s3cret\n".write(to: passwordFile, atomically: true, encoding: .utf8)
            let sql = try await plan(
                virtual,
                [
                    "--output", "sql", "--security-protocol", "SASL_PLAINTEXT", "--sasl-mechanism", "SCRAM-SHA-512",
                    "--sasl-username", "inlet", "--sasl-password-file", passwordFile.path, "--connection-name",
                    "msk_conn", "--privatelink-connection", "msk_pl", "--availability-zone", "2=use1-az2",
                ])
            print(sql)
            #expect(!sql.contains("pl-s3cret"), "the password is never printed")
            guard case .createConnection(let create) = try Parser.parseOne(sql).statement else {
                Issue.record("not a CREATE CONNECTION: \(sql)")
                return
            }
            #expect(create.name == "msk_conn")
            guard case .kafka(let kafka) = try ConnectionDefinition.plan(type: create.type, options: create.options)
            else {
                Issue.record("not a KAFKA connection: \(sql)")
                return
            }
            #expect(
                kafka.brokers
                    == (1...3).map {
                        KafkaBrokerRule(
                            host: "b-\($0).kafka.internal", port: 9096,
                            route: .privateLink(
                                connection: "msk_pl", port: 9000 + $0, availabilityZone: $0 == 2 ? "use1-az2" : nil))
                    })
            #expect(kafka.securityProtocol == "SASL_PLAINTEXT")
            #expect(kafka.saslMechanism == "SCRAM-SHA-512")
            #expect(kafka.saslUsername == .text("inlet"))
            #expect(kafka.saslPassword == "msk_conn_sasl_password")
            #expect(sql.contains("--   CREATE SECRET msk_conn_sasl_password AS '…';"))
        }
    }

    @Test func advertisedNamesAreResolvedAndAnUnresolvableOneNamesTheFlag() async throws {
        try await withTansu { tansu in
            try await withVirtualCluster(brokers: 2, tansu: tansu, advertised: "localhost:{port}") { virtual in
                let result = try await runInlet(
                    ["privatelink", "plan", "--bootstrap", virtual.bootstrap, "--output", "terraform"])
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.output.components(separatedBy: "target_id        = \"127.0.0.1\"").count == 3)
                for broker in virtual.initialBrokers {
                    #expect(result.output.contains("  port        = \(broker.port)"), "the broker's own port")
                }
            }
        }
        try await withVirtualCluster(brokers: 2) { virtual in
            let result = try await runInlet(
                ["privatelink", "plan"] + virtual.connectionFlags(virtual.initialBrokers)
                    + ["--target-address", "1=\(targetIP(1))"])
            #expect(result.status == 1)
            #expect(
                result.stderr.contains(
                    "cannot resolve broker 2's advertised name b-2.kafka.internal to an IPv4 address"),
                "\(result.stderr)")
            #expect(result.stderr.contains("--target-address 2=IP"), "\(result.stderr)")
        }
    }
}
