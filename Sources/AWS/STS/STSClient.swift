import Foundation

/// STS calls: AssumeRoleWithWebIdentity (for the credential chain) and GetCallerIdentity (to check credentials).
public struct STSClient: Sendable {
    public var client: AWSClient

    public init(client: AWSClient) { self.client = client }

    /// Who the credentials belong to.
    public struct CallerIdentity: Sendable, Hashable {
        public var account: String
        public var arn: String
        public var userID: String
    }

    /// Exchanges a web identity token (an OIDC JWT, e.g. a Kubernetes service account token) for temporary
    /// credentials of `roleARN`. The call is unsigned: the token is the proof.
    public func assumeRoleWithWebIdentity(
        roleARN: String,
        sessionName: String,
        webIdentityToken: String,
        durationSeconds: Int? = nil
    ) async throws -> AWSCredentials {
        var parameters = [
            ("RoleArn", roleARN), ("RoleSessionName", sessionName), ("WebIdentityToken", webIdentityToken),
        ]
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        let response = try await client.query(
            .sts, action: "AssumeRoleWithWebIdentity", parameters: parameters, as: AssumeRoleResponse.self)
        guard let credentials = response.AssumeRoleWithWebIdentityResult?.Credentials else {
            throw AWSError(
                kind: .decoding, message: "AWS's answer holds no credentials",
                operation: "sts:AssumeRoleWithWebIdentity")
        }
        return try credentials.credentials(source: "web identity \(roleARN)")
    }

    public func getCallerIdentity() async throws -> CallerIdentity {
        let response = try await client.query(.sts, action: "GetCallerIdentity", as: CallerIdentityResponse.self)
        let result = response.GetCallerIdentityResult
        return CallerIdentity(account: result.Account, arn: result.Arn, userID: result.UserId)
    }
}

struct AssumeRoleResponse: Decodable {
    struct Result: Decodable {
        var Credentials: STSCredentials?
    }
    var AssumeRoleWithWebIdentityResult: Result?
}

struct STSCredentials: Decodable {
    var AccessKeyId: String
    var SecretAccessKey: String
    var SessionToken: String
    var Expiration: String

    func credentials(source: String) throws -> AWSCredentials {
        AWSCredentials(
            accessKeyID: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken,
            expiration: try AWSDate.parse(Expiration, field: "Expiration"), source: source)
    }
}

struct CallerIdentityResponse: Decodable {
    struct Result: Decodable {
        var Account: String
        var Arn: String
        var UserId: String
    }
    var GetCallerIdentityResult: Result
}

/// ISO 8601 times as AWS writes them, with or without fractional seconds.
enum AWSDate {
    static func parse(_ text: String, field: String) throws -> Date {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        throw AWSError(kind: .decoding, message: "\(field) '\(text)' is not an ISO 8601 time")
    }
}
