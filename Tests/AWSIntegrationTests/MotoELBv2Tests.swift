import AWS
import Foundation
import InletTestSupport
import Testing

/// ELBv2Client's Describe calls against moto (signature checking on): the load balancer state is made with the
/// AWS CLI, an independent client, and read back through Inlet's.
@Suite(.timeLimit(.minutes(3))) struct MotoELBv2Tests {
    /// A network load balancer of its own with one TCP listener per broker port, each forwarding to an IP target
    /// group with one target.
    struct Fixture {
        var loadBalancerARN: String
        var targetGroupARNs: [String]
        var listenerARNs: [String]
    }

    func makeFixture(_ moto: Moto, name: String, ports: [Int]) async throws -> Fixture {
        let balancer = try await moto.createNetworkLoadBalancer(named: name)
        var fixture = Fixture(loadBalancerARN: balancer, targetGroupARNs: [], listenerARNs: [])
        for (index, port) in ports.enumerated() {
            let group = try await moto.aws([
                "elbv2", "create-target-group", "--name", "\(name)-\(index + 1)", "--protocol", "TCP", "--port", "9096",
                "--target-type", "ip", "--vpc-id", moto.account.vpcID, "--query", "TargetGroups[0].TargetGroupArn",
                "--output", "text",
            ])
            try await moto.aws([
                "elbv2", "register-targets", "--target-group-arn", group, "--targets",
                "Id=10.20.0.\(index + 11),Port=9096",
            ])
            let listener = try await moto.aws([
                "elbv2", "create-listener", "--load-balancer-arn", balancer, "--protocol", "TCP", "--port",
                String(port), "--default-actions", "Type=forward,TargetGroupArn=\(group)", "--query",
                "Listeners[0].ListenerArn", "--output", "text",
            ])
            fixture.targetGroupARNs.append(group)
            fixture.listenerARNs.append(listener)
        }
        return fixture
    }

    @Test func listenersTargetGroupsAndTargetHealthAreRead() async throws {
        try await withSharedMoto { moto in
            let fixture = try await makeFixture(moto, name: "elbv2-read", ports: [9001, 9002])
            let elbv2 = moto.elbv2()

            let listeners = try await elbv2.describeListeners(loadBalancerARN: fixture.loadBalancerARN)
                .sorted { $0.port < $1.port }
            #expect(listeners.map(\.port) == [9001, 9002])
            #expect(listeners.map(\.protocol) == ["TCP", "TCP"])
            #expect(listeners.map(\.arn) == fixture.listenerARNs)
            #expect(listeners.map(\.forwardTargetGroupARNs) == fixture.targetGroupARNs.map { [$0] })
            #expect(listeners.allSatisfy { $0.loadBalancerARN == fixture.loadBalancerARN })

            let groups = try await elbv2.describeTargetGroups(arns: fixture.targetGroupARNs)
            #expect(groups.map(\.arn) == fixture.targetGroupARNs)
            #expect(groups.map(\.name) == ["elbv2-read-1", "elbv2-read-2"])
            #expect(groups.allSatisfy { $0.protocol == "TCP" && $0.port == 9096 && $0.targetType == "ip" })
            #expect(groups.allSatisfy { $0.vpcID == moto.account.vpcID })
            #expect(groups.allSatisfy { $0.loadBalancerARNs == [fixture.loadBalancerARN] })
            let byBalancer = try await elbv2.describeTargetGroups(loadBalancerARN: fixture.loadBalancerARN)
            #expect(Set(byBalancer.map(\.arn)) == Set(fixture.targetGroupARNs))

            #expect(try await elbv2.targetGroup(named: "elbv2-read-1")?.arn == fixture.targetGroupARNs[0])
            #expect(try await elbv2.targetGroup(named: "elbv2-read-none") == nil)

            let health = try await elbv2.describeTargetHealth(targetGroupARN: fixture.targetGroupARNs[1])
            #expect(health.map(\.address) == ["10.20.0.12:9096"])
            // moto reports every registered IP target healthy: it runs no health checks.
            #expect(health.map(\.state) == ["healthy"])
        }
    }

    @Test func loadBalancersArePagedByMarker() async throws {
        try await withSharedMoto { moto in
            let names = ["elbv2-page-a", "elbv2-page-b", "elbv2-page-c"]
            var arns: [String] = []
            for name in names { arns.append(try await moto.createNetworkLoadBalancer(named: name)) }
            // One per page: three calls, each after the previous answer's NextMarker.
            let found = try await moto.elbv2(pageSize: 1).describeLoadBalancers(names: names)
            #expect(found.map(\.name) == names)
            #expect(found.map(\.arn) == arns)
            #expect(found.allSatisfy { $0.type == "network" && $0.vpcID == moto.account.vpcID })
            let all = try await moto.elbv2(pageSize: 2).describeLoadBalancers()
            #expect(Set(names + ["msk-nlb"]).isSubset(of: Set(all.map(\.name))))
        }
    }

    @Test func anUnknownLoadBalancerIsAClearError() async throws {
        try await withSharedMoto { moto in
            let missing = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/gone/0000000000000000"
            do {
                _ = try await moto.elbv2().describeListeners(loadBalancerARN: missing)
                Issue.record("listeners of an unknown load balancer were described")
            } catch let error as AWSError {
                #expect(error.awsCode == "LoadBalancerNotFound", "\(error)")
                #expect(error.operation == "elasticloadbalancing:DescribeListeners")
                #expect(error.httpStatus == 400)
            }
        }
    }
}
