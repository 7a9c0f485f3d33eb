import AWS
import Foundation
import InletTestSupport
import Testing

/// DescribeVpcEndpointServiceConfigurations against moto (signature checking on): the owner's view of the endpoint
/// service that moto_setup.py put in front of its NLB, which VALIDATE CONNECTION uses to find the load balancer.
@Suite(.timeLimit(.minutes(3))) struct MotoServiceConfigurationTests {
    @Test func theServiceNamesItsLoadBalancer() async throws {
        try await withSharedMoto { moto in
            let serviceID = try #require(EC2Client.serviceID(ofServiceName: moto.account.serviceName))
            #expect(serviceID == moto.account.serviceID)
            let configurations = try await moto.ec2().describeVpcEndpointServiceConfigurations(serviceIDs: [serviceID])
            #expect(configurations.map(\.serviceID) == [serviceID])
            #expect(configurations.first?.networkLoadBalancerARNs == [try await moto.loadBalancerARN()])
        }
    }

    @Test func anUnknownServiceIsAClearError() async throws {
        try await withSharedMoto { moto in
            do {
                _ = try await moto.ec2().describeVpcEndpointServiceConfigurations(serviceIDs: [
                    "vpce-svc-0000000000000dead"
                ])
                Issue.record("an unknown service was described")
            } catch let error as AWSError {
                #expect(error.operation == "ec2:DescribeVpcEndpointServiceConfigurations")
                #expect(error.awsCode?.hasPrefix("InvalidVpcEndpointService") == true, "\(error)")
            }
        }
    }

    @Test func aServiceNameWithoutAnIDIsNil() {
        #expect(EC2Client.serviceID(ofServiceName: "com.amazonaws.vpce.us-east-1.vpce-svc-0def") == "vpce-svc-0def")
        #expect(EC2Client.serviceID(ofServiceName: "com.amazonaws.us-east-1.s3") == nil)
    }
}
