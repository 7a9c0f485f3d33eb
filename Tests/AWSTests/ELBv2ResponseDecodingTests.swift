import Foundation
import Testing

@testable import AWS

/// The ELBv2 XML shapes against answers in the form of AWS's API reference (Fixtures/elbv2), without a network:
/// XMLCoder reads them into the public types `inlet privatelink check` works with.
@Suite struct ELBv2ResponseDecodingTests {
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/elbv2")

    func decode<T: Decodable>(_ name: String, as: T.Type) throws -> T {
        try T.decodingXML(Data(contentsOf: Self.fixtures.appendingPathComponent("\(name).xml")))
    }

    @Test func loadBalancersWithZonesStateAndTheNextMarker() throws {
        let result = try decode("DescribeLoadBalancers", as: DescribeLoadBalancersResponseXML.self)
            .DescribeLoadBalancersResult
        #expect(result.NextMarker == "msk-nlb")
        let balancers = result.LoadBalancers.members().map(\.loadBalancer)
        #expect(
            balancers == [
                LoadBalancer(
                    arn:
                        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/msk-nlb/50dc6c495c0c9188",
                    name: "msk-nlb", type: "network", scheme: "internal", vpcID: "vpc-3ac0fb5f",
                    dnsName: "msk-nlb-50dc6c495c0c9188.elb.us-east-1.amazonaws.com", state: "active",
                    availabilityZones: ["us-east-1a", "us-east-1b"])
            ])
    }

    @Test func listenersForwardThroughATargetGroupArnOrAForwardConfig() throws {
        let listeners = try decode("DescribeListeners", as: DescribeListenersResponseXML.self)
            .DescribeListenersResult.Listeners.members().map(\.listener)
        #expect(listeners.map(\.port) == [9001, 9002])
        #expect(listeners.map(\.protocol) == ["TCP", "TCP"])
        #expect(
            listeners.map(\.forwardTargetGroupARNs) == [
                ["arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/inlet-broker-1/73e2d6bc24d8a067"],
                ["arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/inlet-broker-2/0f2bd6ac24d8a068"],
            ])
    }

    @Test func targetGroupsWithTheirLoadBalancers() throws {
        let result = try decode("DescribeTargetGroups", as: DescribeTargetGroupsResponseXML.self)
            .DescribeTargetGroupsResult
        #expect(result.NextMarker == "page-2")
        let group = try #require(result.TargetGroups.members().first?.targetGroup)
        #expect(group.name == "inlet-broker-1")
        #expect(group.protocol == "TCP")
        #expect(group.port == 9096)
        #expect(group.targetType == "ip")
        #expect(group.healthCheckPort == "traffic-port")
        #expect(group.loadBalancerARNs.count == 1)
    }

    @Test func targetHealthKeepsTheStateReasonAndDescription() throws {
        let targets = try decode("DescribeTargetHealth", as: DescribeTargetHealthResponseXML.self)
            .DescribeTargetHealthResult.TargetHealthDescriptions.members().map(\.description)
        #expect(
            targets == [
                TargetHealthDescription(
                    targetID: "10.0.1.15", port: 9096, availabilityZone: "us-east-1a", state: "healthy"),
                TargetHealthDescription(
                    targetID: "10.0.2.27", port: 9096, state: "unhealthy", reason: "Target.FailedHealthChecks",
                    description: "Health checks failed"),
            ])
        #expect(targets.map(\.address) == ["10.0.1.15:9096", "10.0.2.27:9096"])
        #expect(targets.map(\.isHealthy) == [true, false])
    }

    @Test func anELBv2ErrorDocumentBecomesACodeAndMessage() {
        let body = """
            <ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><Error>\
            <Type>Sender</Type><Code>LoadBalancerNotFound</Code><Message>One or more load balancers not found\
            </Message></Error><RequestId>e1d8</RequestId></ErrorResponse>
            """
        let error = AWSClient.serviceError(
            status: 400, body: Array(body.utf8), operation: "elasticloadbalancing:DescribeListeners")
        #expect(error.awsCode == "LoadBalancerNotFound")
        #expect(error.requestID == "e1d8")
    }

    @Test func listsAreSpelledWithMemberIndexes() {
        #expect(
            ELBv2Client.members("TargetGroupArns", ["a", "b"]).map { "\($0.0)=\($0.1)" } == [
                "TargetGroupArns.member.1=a", "TargetGroupArns.member.2=b",
            ])
    }
}
