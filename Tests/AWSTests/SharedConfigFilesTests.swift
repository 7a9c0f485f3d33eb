import AWS
import Foundation
import Testing

@Suite struct SharedConfigFilesTests {
    let config = """
        # the CLI's own comments
        [default]
        region = eu-west-1
        output = json

        [profile build]
        region=us-east-2 # where CI runs
        role_arn = arn:aws:iam::123456789012:role/ci
        web_identity_token_file = ~/token
        s3 =
          max_concurrent_requests = 20

        [sso-session corp]
        sso_region = us-east-1
        """
    let credentials = """
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = secret/default+key
        [build]
        ; a comment of another kind
        aws_session_token=token==
        """

    @Test func profilesMergeTheTwoFiles() {
        let files = SharedConfigFiles(configText: config, credentialsText: credentials)
        #expect(files.profileNames == ["build", "default"])
        #expect(files.profile("default")?["region"] == "eu-west-1")
        #expect(files.profile("default")?["aws_secret_access_key"] == "secret/default+key")
        #expect(files.profile("build")?["region"] == "us-east-2")
        #expect(files.profile("build")?["aws_session_token"] == "token==")
        #expect(files.profile("build")?["max_concurrent_requests"] == nil)
        #expect(files.profile("corp") == nil)
    }

    @Test func environmentWinsOverTheProfileRegion() throws {
        let directory = try temporaryFiles(config: config, credentials: credentials)
        var environment = AWSEnvironment(variables: [
            "AWS_CONFIG_FILE": directory + "/config", "AWS_SHARED_CREDENTIALS_FILE": directory + "/credentials",
        ])
        #expect(try environment.region() == "eu-west-1")
        environment.variables["AWS_PROFILE"] = "build"
        #expect(try environment.region() == "us-east-2")
        environment.variables["AWS_DEFAULT_REGION"] = "ap-south-1"
        #expect(try environment.region() == "ap-south-1")
        environment.variables["AWS_REGION"] = "sa-east-1"
        #expect(try environment.region() == "sa-east-1")
    }

    @Test func theChainTakesTheEnvironmentFirstThenTheProfile() async throws {
        let directory = try temporaryFiles(config: config, credentials: credentials)
        let files = [
            "AWS_CONFIG_FILE": directory + "/config", "AWS_SHARED_CREDENTIALS_FILE": directory + "/credentials",
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
        let fromProfile = try AWSCredentialChain.standard(environment: AWSEnvironment(variables: files))
        let found = try #require(try await fromProfile.credentials())
        #expect(found.accessKeyID == "AKIDDEFAULT")
        #expect(found.source == "profile default")
        #expect(!found.description.contains("secret"))

        let environment = AWSEnvironment(
            variables: files.merging([
                "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t",
            ]) { $1 })
        let fromEnvironment = try #require(
            try await AWSCredentialChain.standard(environment: environment).credentials())
        #expect(fromEnvironment.accessKeyID == "AKIDENV")
        #expect(fromEnvironment.sessionToken == "t")
    }

    @Test func brokenSourcesSaySoInsteadOfFallingThrough() async throws {
        let directory = try temporaryFiles(config: config, credentials: credentials)
        let files = [
            "AWS_CONFIG_FILE": directory + "/config", "AWS_SHARED_CREDENTIALS_FILE": directory + "/credentials",
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
        let halfEnvironment = AWSEnvironment(variables: files.merging(["AWS_ACCESS_KEY_ID": "AKID"]) { $1 })
        await #expect(throws: AWSError.self) {
            _ = try await AWSCredentialChain.standard(environment: halfEnvironment).credentials()
        }
        let missingProfile = AWSEnvironment(variables: files.merging(["AWS_PROFILE": "nope"]) { $1 })
        do {
            _ = try await AWSCredentialChain.standard(environment: missingProfile).credentials()
            Issue.record("a missing profile must be an error")
        } catch let error as AWSError {
            #expect(error.kind == .credentials)
            #expect(error.message.contains("'nope'"))
        }
    }

    @Test func nothingConfiguredIsNil() async throws {
        let empty = AWSEnvironment(variables: [
            "AWS_CONFIG_FILE": "/nonexistent/config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials",
            "AWS_EC2_METADATA_DISABLED": "true",
        ])
        #expect(try await AWSCredentialChain.standard(environment: empty).credentials() == nil)
    }

    private func temporaryFiles(config: String, credentials: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try config.write(to: directory.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        try credentials.write(to: directory.appendingPathComponent("credentials"), atomically: true, encoding: .utf8)
        return directory.path
    }
}
