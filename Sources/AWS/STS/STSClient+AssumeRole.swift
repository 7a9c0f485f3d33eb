import Foundation

extension STSClient {
    /// Temporary credentials of `roleARN`, signed with the client's own credentials (STS AssumeRole).
    public func assumeRole(roleARN: String, sessionName: String, durationSeconds: Int? = nil) async throws
        -> AWSCredentials
    {
        var parameters = [("RoleArn", roleARN), ("RoleSessionName", sessionName)]
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        let response = try await client.query(
            .sts, action: "AssumeRole", parameters: parameters, as: AssumeRoleSignedResponse.self)
        guard let credentials = response.AssumeRoleResult?.Credentials else {
            throw AWSError(kind: .decoding, message: "AWS's answer holds no credentials", operation: "sts:AssumeRole")
        }
        return try credentials.credentials(source: "role \(roleARN)")
    }
}

struct AssumeRoleSignedResponse: Decodable {
    struct Result: Decodable {
        var Credentials: STSCredentials?
    }
    var AssumeRoleResult: Result?
}

/// The temporary credentials of a role, assumed with STS AssumeRole from base credentials (an access key pair,
/// or whatever another provider gives), as `CREATE CONNECTION … TO AWS (… ASSUME ROLE ARN = …)` asks.
///
/// Wrap it in an `AWSCredentialChain` to keep the credentials until shortly before they expire.
public struct AssumeRoleCredentialProvider: AWSCredentialProvider {
    public var name: String { "role \(roleARN)" }
    public var roleARN: String
    public var sessionName: String
    /// Signs the AssumeRole call; its credential provider holds the base credentials.
    public var sts: STSClient

    public init(roleARN: String, sessionName: String, sts: STSClient) {
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.sts = sts
    }

    public func credentials() async throws -> AWSCredentials? {
        try await sts.assumeRole(roleARN: roleARN, sessionName: sessionName)
    }
}
