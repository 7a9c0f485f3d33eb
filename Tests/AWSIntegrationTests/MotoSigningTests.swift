import AWS
import Foundation
import InletTestSupport
import Testing

/// moto verifies every request's SigV4 signature with botocore (signature checking is on): an independent
/// verifier of the signer, the credential chain and the error messages.
@Suite(.timeLimit(.minutes(3))) struct MotoSigningTests {
    @Test func aSignedRequestIsAccepted() async throws {
        try await withSharedMoto { moto in
            let zones = try await moto.ec2().describeAvailabilityZones()
            #expect(zones.map(\.id).contains(moto.account.zoneIDs[0]))
            #expect(zones.first { $0.id == moto.account.zoneIDs[0] }?.name == moto.account.zoneNames[0])
            let identity = try await STSClient(client: moto.client()).getCallerIdentity()
            #expect(identity.arn.hasSuffix(":user/inlet"))
        }
    }

    /// EC2 answers a wrong signature with AuthFailure (HTTP 401), STS with SignatureDoesNotMatch (HTTP 403);
    /// moto does the same.
    @Test func aWrongSecretKeyIsRefusedWithAClearErrorThatHidesTheSecret() async throws {
        try await withSharedMoto { moto in
            var wrong = moto.credentials
            wrong.secretAccessKey = "not-the-secret-" + String(moto.account.secretAccessKey.prefix(5))
            do {
                _ = try await moto.ec2(credentials: wrong).describeAvailabilityZones()
                Issue.record("moto accepted an EC2 request signed with the wrong secret key")
            } catch let error as AWSError {
                #expect(error.kind == .service)
                #expect(error.awsCode == "AuthFailure")
                #expect(error.httpStatus == 401)
                #expect(error.operation == "ec2:DescribeAvailabilityZones")
                let text = String(describing: error)
                #expect(text.contains("could not validate access key \(moto.account.accessKeyID) (from moto IAM user)"))
                #expect(text.contains("check its secret access key"))
                #expect(!text.contains(wrong.secretAccessKey))
                #expect(!text.contains(moto.account.secretAccessKey))
            }
            do {
                _ = try await STSClient(client: moto.client(credentials: wrong)).getCallerIdentity()
                Issue.record("moto accepted an STS request signed with the wrong secret key")
            } catch let error as AWSError {
                #expect(error.awsCode == "SignatureDoesNotMatch")
                #expect(error.httpStatus == 403)
                let text = String(describing: error)
                #expect(text.contains("sts:GetCallerIdentity: SignatureDoesNotMatch: "))
                #expect(text.contains("the secret access key of access key \(moto.account.accessKeyID)"))
                #expect(!text.contains(wrong.secretAccessKey))
                #expect(!text.contains(moto.account.secretAccessKey))
            }
        }
    }

    @Test func anUnknownAccessKeyIsRefused() async throws {
        try await withSharedMoto { moto in
            let stranger = AWSCredentials(accessKeyID: "AKIAINLETUNKNOWN0000", secretAccessKey: "whatever")
            do {
                _ = try await moto.ec2(credentials: stranger).describeAvailabilityZones()
                Issue.record("moto accepted an unknown access key")
            } catch let error as AWSError {
                #expect(error.awsCode == "AuthFailure")
                #expect(String(describing: error).contains("could not validate access key AKIAINLETUNKNOWN0000"))
            }
            do {
                _ = try await STSClient(client: moto.client(credentials: stranger)).getCallerIdentity()
                Issue.record("moto accepted an unknown access key")
            } catch let error as AWSError {
                #expect(error.awsCode == "InvalidClientTokenId")
                #expect(String(describing: error).contains("does not accept access key AKIAINLETUNKNOWN0000"))
            }
        }
    }

    @Test func throttlingIsRetriedWithGrowingWaits() async throws {
        try await withSharedMoto { moto in
            let throttle = try await AWSThrottle.start(upstream: moto.endpoint, throttle: 3)
            let sleeps = RecordedSleeps()
            let policy = AWSRetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), maxDelay: .seconds(2))
            let zones = try await moto.ec2(endpoint: throttle.endpoint, retry: policy, sleep: sleeps.sleep)
                .describeAvailabilityZones()
            #expect(!zones.isEmpty)
            #expect(sleeps.all.count == 3)
            for (index, wait) in sleeps.all.enumerated() {
                #expect(wait <= .milliseconds(100) * (1 << index))
            }
            await throttle.stop()
        }
    }

    @Test func throttlingPastTheLastAttemptSaysSo() async throws {
        try await withSharedMoto { moto in
            let throttle = try await AWSThrottle.start(upstream: moto.endpoint, throttle: 10)
            let sleeps = RecordedSleeps()
            do {
                _ = try await moto.ec2(
                    endpoint: throttle.endpoint, retry: AWSRetryPolicy(maxAttempts: 3), sleep: sleeps.sleep
                ).describeAvailabilityZones()
                Issue.record("a throttled call succeeded")
            } catch let error as AWSError {
                #expect(error.awsCode == "RequestLimitExceeded")
                #expect(error.httpStatus == 503)
                #expect(sleeps.all.count == 2)
            }
            await throttle.stop()
        }
    }
}
