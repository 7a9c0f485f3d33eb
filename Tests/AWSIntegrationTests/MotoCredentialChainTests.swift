import AWS
import Foundation
import InletTestSupport
import Testing

/// The credential chain's network sources against moto: IMDSv2 (moto serves /latest/api/token and
/// /latest/meta-data/) and STS AssumeRoleWithWebIdentity.
@Suite(.timeLimit(.minutes(3))) struct MotoCredentialChainTests {
    @Test func theEnvironmentSignsRequests() async throws {
        try await withSharedMoto { moto in
            let environment = moto.isolatedEnvironment([
                "AWS_ACCESS_KEY_ID": moto.account.accessKeyID, "AWS_SECRET_ACCESS_KEY": moto.account.secretAccessKey,
            ])
            let chain = try AWSCredentialChain.standard(environment: environment)
            let client = AWSClient(
                configuration: AWSClientConfiguration(region: moto.account.region, endpointURL: moto.endpoint),
                credentialProvider: chain)
            #expect(!(try await EC2Client(client: client).describeAvailabilityZones()).isEmpty)
        }
    }

    @Test func aProfileFromTheSharedFilesSignsRequests() async throws {
        try await withSharedMoto { moto in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aws-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let credentials = directory.appendingPathComponent("credentials")
            try """
            [default]
            aws_access_key_id = AKIAWRONGWRONGWRONG0
            aws_secret_access_key = wrong
            [inlet]
            aws_access_key_id = \(moto.account.accessKeyID)
            aws_secret_access_key = \(moto.account.secretAccessKey)
            """.write(to: credentials, atomically: true, encoding: .utf8)
            let environment = moto.isolatedEnvironment([
                "AWS_SHARED_CREDENTIALS_FILE": credentials.path, "AWS_PROFILE": "inlet",
            ])
            let chain = try AWSCredentialChain.standard(environment: environment)
            #expect(try await chain.credentials()?.source == "profile inlet")
            let client = AWSClient(
                configuration: AWSClientConfiguration(region: moto.account.region, endpointURL: moto.endpoint),
                credentialProvider: chain)
            #expect(!(try await EC2Client(client: client).describeAvailabilityZones()).isEmpty)
        }
    }

    @Test func imdsV2AtAConfiguredEndpoint() async throws {
        try await withSharedMoto { moto in
            let environment = moto.isolatedEnvironment([
                "AWS_EC2_METADATA_DISABLED": "", "AWS_EC2_METADATA_SERVICE_ENDPOINT": moto.endpoint,
            ])
            let found = try #require(try await AWSCredentialChain.standard(environment: environment).credentials())
            // moto's instance role: fixed test credentials with a session token and an expiry a day away.
            #expect(found.accessKeyID == "test-key")
            #expect(found.sessionToken == "test-session-token")
            #expect(found.source == "instance metadata role default-role")
            #expect((found.expiration ?? .distantPast) > Date().addingTimeInterval(3600))
        }
    }

    @Test func imdsThatDoesNotAnswerIsAnErrorWhenItsEndpointWasSet() async throws {
        let port = try FreePort.next()  // nothing listens there
        let environment = AWSEnvironment(variables: [
            "AWS_CONFIG_FILE": "/nonexistent/c", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/c",
            "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:\(port)",
        ])
        await #expect(throws: AWSError.self) {
            _ = try await AWSCredentialChain.standard(environment: environment).credentials()
        }
    }

    /// moto checks signatures of every call, AssumeRoleWithWebIdentity included (real STS does not, the call is
    /// unsigned), so the web identity step runs before checking is turned on; the temporary credentials it
    /// yields then sign an EC2 call that moto verifies, session token included.
    @Test func aWebIdentityTokenBecomesTemporaryCredentials() async throws {
        try await withMoto(signatureChecking: false) { moto in
            let token = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)")
            try "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJpbmxldCJ9.c2ln".write(to: token, atomically: true, encoding: .utf8)
            let environment = moto.isolatedEnvironment([
                "AWS_WEB_IDENTITY_TOKEN_FILE": token.path, "AWS_ROLE_ARN": moto.account.roleARN,
                "AWS_ROLE_SESSION_NAME": "inlet-test", "AWS_ENDPOINT_URL_STS": moto.endpoint,
            ])
            let chain = try AWSCredentialChain.standard(environment: environment)
            let found = try #require(try await chain.credentials())
            #expect(found.source == "web identity \(moto.account.roleARN)")
            #expect(found.sessionToken?.isEmpty == false)
            #expect(found.expiration != nil)

            try await moto.enableSignatureChecking()
            let client = AWSClient(
                configuration: AWSClientConfiguration(region: moto.account.region, endpointURL: moto.endpoint),
                credentialProvider: chain)
            #expect(!(try await EC2Client(client: client).describeAvailabilityZones()).isEmpty)
            let identity = try await STSClient(client: client).getCallerIdentity()
            #expect(identity.arn.contains("assumed-role/inlet-web/inlet-test"))
        }
    }
}
