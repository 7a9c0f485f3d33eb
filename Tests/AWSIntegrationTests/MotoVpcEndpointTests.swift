import AWS
import Foundation
import InletTestSupport
import Testing

/// The PrivateLink lifecycle's EC2 calls against moto's endpoint service (an NLB behind
/// CreateVpcEndpointServiceConfiguration, made by moto_setup.py), every request signed and verified.
@Suite(.timeLimit(.minutes(3))) struct MotoVpcEndpointTests {
    func request(_ moto: Moto, token: String, connection: String) -> EC2Client.InterfaceEndpointRequest {
        EC2Client.InterfaceEndpointRequest(
            vpcID: moto.account.vpcID, serviceName: moto.account.serviceName, subnetIDs: moto.account.subnetIDs,
            securityGroupIDs: [moto.account.securityGroupID], clientToken: token,
            tags: [EC2Tag(key: "inlet:connection", value: connection)])
    }

    @Test func theEndpointServiceIsDescribed() async throws {
        try await withSharedMoto { moto in
            let services = try await moto.ec2().describeVpcEndpointServices(serviceNames: [moto.account.serviceName])
            let service = try #require(services.first)
            #expect(services.count == 1)
            #expect(service.serviceName == moto.account.serviceName)
            #expect(service.serviceID == moto.account.serviceID)
            #expect(service.serviceTypes == ["Interface"])
            #expect(service.acceptanceRequired == false)
        }
    }

    @Test func anUnknownServiceIsAClearError() async throws {
        try await withSharedMoto { moto in
            let missing = "com.amazonaws.vpce.us-east-1.vpce-svc-0000000000000dead"
            do {
                _ = try await moto.ec2().describeVpcEndpointServices(serviceNames: [missing])
                Issue.record("an unknown service was described")
            } catch let error as AWSError {
                #expect(error.awsCode == "InvalidServiceName")
                #expect(error.operation == "ec2:DescribeVpcEndpointServices")
                #expect(error.httpStatus == 400)
            }
        }
    }

    @Test func createDescribeDeleteRoundTrip() async throws {
        try await withSharedMoto { moto in
            let ec2 = moto.ec2()
            let created = try await ec2.createInterfaceEndpoint(request(moto, token: "inlet-pl-1", connection: "pl"))
            #expect(created.id.hasPrefix("vpce-"))
            #expect(created.type == "Interface")
            #expect(created.vpcID == moto.account.vpcID)
            #expect(created.serviceName == moto.account.serviceName)
            #expect(created.privateDNSEnabled == false)
            #expect(Set(created.subnetIDs) == Set(moto.account.subnetIDs))
            #expect(created.securityGroupIDs == [moto.account.securityGroupID])
            #expect(created.tag("inlet:connection") == "pl")
            #expect(created.dnsEntries.contains { $0.dnsName?.contains(created.id) == true })

            let byID = try await ec2.describeVpcEndpoints(ids: [created.id])
            #expect(byID.map(\.id) == [created.id])
            #expect(byID.first?.state.lowercased() == "available")  // moto: available at once

            let byTag = try await ec2.describeVpcEndpoints(filters: [.tag("inlet:connection", "pl")])
            #expect(byTag.map(\.id) == [created.id])
            #expect(try await ec2.describeVpcEndpoints(filters: [.tag("inlet:connection", "other")]).isEmpty)

            let unsuccessful = try await ec2.deleteVpcEndpoints(ids: [created.id])
            #expect(unsuccessful.isEmpty)
            let afterDelete = try await ec2.describeVpcEndpoints(ids: [created.id])
            #expect(afterDelete.first?.state.lowercased() == "deleted")
        }
    }

    @Test func anUnknownEndpointIsAClearError() async throws {
        try await withSharedMoto { moto in
            do {
                _ = try await moto.ec2().describeVpcEndpoints(ids: ["vpce-0123456789abcdef0"])
                Issue.record("an unknown endpoint was described")
            } catch let error as AWSError {
                #expect(error.awsCode == "InvalidVpcEndpointId.NotFound")
                #expect(String(describing: error).contains("vpce-0123456789abcdef0"))
            }
        }
    }

    /// AWS answers a repeated CreateVpcEndpoint with the same ClientToken with the first endpoint; moto 5.2
    /// does not (it stores the token and makes a new endpoint). The tag lookup of
    /// `findOrCreateInterfaceEndpoint` is what keeps Inlet at one endpoint per connection either way.
    @Test func theSameConnectionFindsItsEndpointInsteadOfMakingASecond() async throws {
        try await withSharedMoto { moto in
            let ec2 = moto.ec2()
            let first = try await ec2.findOrCreateInterfaceEndpoint(
                request(moto, token: "inlet-pl-2", connection: "pl2"),
                identifiedBy: EC2Tag(key: "inlet:connection", value: "pl2"))
            #expect(first.created)
            let again = try await ec2.findOrCreateInterfaceEndpoint(
                request(moto, token: "inlet-pl-2", connection: "pl2"),
                identifiedBy: EC2Tag(key: "inlet:connection", value: "pl2"))
            #expect(!again.created)
            #expect(again.endpoint.id == first.endpoint.id)
            #expect(try await ec2.describeVpcEndpoints(filters: [.tag("inlet:connection", "pl2")]).count == 1)

            // What moto does with a bare repeat of the token (recorded, not relied on).
            let repeated = try await ec2.createInterfaceEndpoint(request(moto, token: "inlet-pl-2", connection: "pl2"))
            #expect(repeated.id != first.endpoint.id, "moto now honours ClientToken; tighten this test")

            // Once deleted, the connection gets a new endpoint.
            try await ec2.deleteVpcEndpoints(ids: [first.endpoint.id, repeated.id])
            let fresh = try await ec2.findOrCreateInterfaceEndpoint(
                request(moto, token: "inlet-pl-3", connection: "pl2"),
                identifiedBy: EC2Tag(key: "inlet:connection", value: "pl2"))
            #expect(fresh.created)
            #expect(fresh.endpoint.id != first.endpoint.id)
        }
    }
}
