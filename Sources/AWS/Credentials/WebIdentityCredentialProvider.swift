import AsyncHTTPClient
import Foundation

/// Credentials for a role assumed with a web identity token file (STS AssumeRoleWithWebIdentity).
///
/// Configured by `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN` (and `AWS_ROLE_SESSION_NAME`), as EKS sets
/// them, or by a profile's `web_identity_token_file` and `role_arn`. The file is read on every refresh because
/// the token in it rotates.
public struct WebIdentityCredentialProvider: AWSCredentialProvider {
    public var name: String { "web identity" }
    public var roleARN: String
    public var tokenFile: String
    public var sessionName: String
    let environment: AWSEnvironment
    let httpClient: HTTPClient

    public init(
        roleARN: String,
        tokenFile: String,
        sessionName: String? = nil,
        environment: AWSEnvironment,
        httpClient: HTTPClient = .shared
    ) {
        self.roleARN = roleARN
        self.tokenFile = tokenFile
        self.sessionName = sessionName ?? "inlet-\(UInt32.random(in: 0...UInt32.max))"
        self.environment = environment
        self.httpClient = httpClient
    }

    /// The provider the environment configures, nil when `AWS_WEB_IDENTITY_TOKEN_FILE` is unset.
    public static func fromEnvironment(_ environment: AWSEnvironment, httpClient: HTTPClient = .shared) throws
        -> WebIdentityCredentialProvider?
    {
        guard let tokenFile = environment["AWS_WEB_IDENTITY_TOKEN_FILE"] else { return nil }
        guard let roleARN = environment["AWS_ROLE_ARN"] else {
            throw AWSError.credentials("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not; set both")
        }
        return WebIdentityCredentialProvider(
            roleARN: roleARN, tokenFile: tokenFile, sessionName: environment["AWS_ROLE_SESSION_NAME"],
            environment: environment, httpClient: httpClient)
    }

    public func credentials() async throws -> AWSCredentials? {
        let token: String
        do {
            token = try String(contentsOfFile: tokenFile, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw AWSError.credentials("cannot read the web identity token file \(tokenFile): \(error)")
        }
        // STS lives in the configured region (the global endpoint when there is none).
        let region = (try? environment.region()) ?? nil
        let configuration = AWSClientConfiguration(
            region: region ?? "us-east-1", endpointURL: environment.endpointURL(for: .sts))
        var sts = STSClient(
            client: AWSClient(configuration: configuration, credentialProvider: nil, httpClient: httpClient))
        if region == nil && configuration.endpointURL == nil {
            sts.client.configuration.endpointURL = "https://sts.amazonaws.com"
        }
        do {
            return try await sts.assumeRoleWithWebIdentity(
                roleARN: roleARN, sessionName: sessionName, webIdentityToken: token)
        } catch var error as AWSError {
            error.message = "assuming \(roleARN) with the web identity token in \(tokenFile) failed: \(error.message)"
            throw error
        }
    }
}

extension AWSEnvironment {
    /// `AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`: the SDKs' standard endpoint overrides.
    public func endpointURL(for service: AWSService) -> String? {
        self["AWS_ENDPOINT_URL_\(service.endpointPrefix.uppercased())"] ?? self["AWS_ENDPOINT_URL"]
    }
}
