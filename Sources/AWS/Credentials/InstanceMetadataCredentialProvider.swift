import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Credentials of the instance role from the EC2 instance metadata service, IMDSv2 only (a session token
/// first, then the role's credentials).
///
/// The endpoint is `AWS_EC2_METADATA_SERVICE_ENDPOINT` (default `http://169.254.169.254`);
/// `AWS_EC2_METADATA_DISABLED=true` turns the provider off. When the default endpoint does not answer, the
/// provider reports "not configured" (nil); an endpoint that was set explicitly and fails is an error.
public struct InstanceMetadataCredentialProvider: AWSCredentialProvider {
    public var name: String { "instance metadata" }
    public static let defaultEndpoint = "http://169.254.169.254"

    public var endpoint: String
    let isExplicit: Bool
    let isDisabled: Bool
    let timeout: Duration
    let httpClient: HTTPClient

    public init(environment: AWSEnvironment, timeout: Duration = .seconds(1), httpClient: HTTPClient = .shared) {
        let configured = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"]
        var endpoint = configured ?? Self.defaultEndpoint
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.endpoint = endpoint
        self.isExplicit = configured != nil
        self.isDisabled = environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true"
        self.timeout = timeout
        self.httpClient = httpClient
    }

    struct RoleCredentials: Decodable {
        var Code: String?
        var Message: String?
        var AccessKeyId: String?
        var SecretAccessKey: String?
        var Token: String?
        var Expiration: String?
    }

    public func credentials() async throws -> AWSCredentials? {
        if isDisabled { return nil }
        let token: String
        do {
            token = try await call(
                .PUT, "/latest/api/token", headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")])
        } catch let error as AWSError where error.kind == .transport && !isExplicit {
            return nil  // not on EC2
        }
        let auth = [("X-aws-ec2-metadata-token", token)]
        let roles = try await call(.GET, "/latest/meta-data/iam/security-credentials/", headers: auth)
        guard let role = roles.split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty else {
            throw AWSError.credentials(
                "the instance metadata service at \(endpoint) lists no IAM role; attach an instance profile")
        }
        let document = try await call(.GET, "/latest/meta-data/iam/security-credentials/\(role)", headers: auth)
        let parsed: RoleCredentials
        do {
            parsed = try JSONDecoder().decode(RoleCredentials.self, from: Data(document.utf8))
        } catch {
            throw AWSError(
                kind: .decoding, message: "cannot read the credentials of role \(role) from \(endpoint): \(error)")
        }
        guard parsed.Code == nil || parsed.Code == "Success", let keyID = parsed.AccessKeyId,
            let secret = parsed.SecretAccessKey
        else {
            throw AWSError.credentials(
                "the instance metadata service refused the credentials of role \(role): "
                    + "\(parsed.Code ?? "no key") \(parsed.Message ?? "")")
        }
        return AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret, sessionToken: parsed.Token,
            expiration: try parsed.Expiration.map { try AWSDate.parse($0, field: "Expiration") },
            source: "instance metadata role \(role)")
    }

    private func call(_ method: HTTPMethod, _ path: String, headers: [(String, String)]) async throws -> String {
        var request = HTTPClientRequest(url: endpoint + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await httpClient.execute(request, timeout: TimeAmount(timeout))
            body = try await response.body.collect(upTo: 1024 * 1024)
        } catch {
            throw AWSError(
                kind: .transport, message: "the instance metadata service at \(endpoint) does not answer: \(error)",
                underlying: error)
        }
        guard response.status == .ok else {
            throw AWSError.credentials(
                "the instance metadata service at \(endpoint) answered \(method) \(path) with HTTP "
                    + "\(response.status.code); is IMDSv2 allowed (hop limit) on this instance?")
        }
        return String(buffer: body)
    }
}
