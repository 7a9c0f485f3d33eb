import AsyncHTTPClient

/// Credentials from a profile of the shared config and credentials files (`AWS_PROFILE`, else `default`).
///
/// A profile holds either a key pair (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`) or a
/// web identity role (`role_arn` with `web_identity_token_file`). Roles assumed from another profile
/// (`source_profile`) and SSO are not supported yet and say so.
public struct ProfileCredentialProvider: AWSCredentialProvider {
    public var name: String { "profile \(environment.profileName)" }
    public var environment: AWSEnvironment
    let httpClient: HTTPClient

    public init(environment: AWSEnvironment, httpClient: HTTPClient = .shared) {
        self.environment = environment
        self.httpClient = httpClient
    }

    public func credentials() async throws -> AWSCredentials? {
        let files = try environment.sharedFiles()
        let profileName = environment.profileName
        guard let profile = files.profile(profileName) else {
            if environment["AWS_PROFILE"] != nil {
                throw AWSError.credentials(
                    "AWS_PROFILE names the profile '\(profileName)', which neither \(files.configPath) nor "
                        + "\(files.credentialsPath) defines; add it or change AWS_PROFILE")
            }
            return nil
        }
        let source = "profile \(profileName)"
        if let keyID = profile["aws_access_key_id"] {
            guard let secret = profile["aws_secret_access_key"] else {
                throw AWSError.credentials(
                    "the AWS profile '\(profileName)' has aws_access_key_id but no aws_secret_access_key")
            }
            return AWSCredentials(
                accessKeyID: keyID, secretAccessKey: secret, sessionToken: profile["aws_session_token"],
                source: source)
        }
        if let roleARN = profile["role_arn"] {
            if let tokenFile = profile["web_identity_token_file"] {
                let provider = WebIdentityCredentialProvider(
                    roleARN: roleARN, tokenFile: environment.expand(tokenFile),
                    sessionName: profile["role_session_name"], environment: environment, httpClient: httpClient)
                return try await provider.credentials()
            }
            throw AWSError.credentials(
                "the AWS profile '\(profileName)' assumes \(roleARN) from a source profile, which Inlet does not "
                    + "support yet; give the profile a key pair or a web_identity_token_file")
        }
        if profile["sso_session"] != nil || profile["sso_start_url"] != nil {
            throw AWSError.credentials(
                "the AWS profile '\(profileName)' uses SSO, which Inlet does not support yet; export the session's "
                    + "credentials (aws configure export-credentials) instead")
        }
        return nil
    }
}
