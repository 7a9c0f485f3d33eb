import Foundation

/// The token an Amazon MSK broker accepts in SASL OAUTHBEARER when the cluster uses IAM access control.
///
/// It is a SigV4-presigned `GET https://<host>/?Action=kafka-cluster%3AConnect` (service `kafka-cluster`,
/// valid for `X-Amz-Expires` seconds) with an unsigned `User-Agent` parameter after the signature, the whole
/// URL base64url-encoded without padding: the shape AWS's aws-msk-iam-sasl-signer libraries produce, so the
/// broker recomputes the same signature from the same secret.
public struct MSKIAMToken: Sendable, Hashable, CustomStringConvertible {
    /// The signing name MSK's IAM access control checks.
    public static let service = "kafka-cluster"
    /// The action of the presigned request.
    public static let action = "kafka-cluster:Connect"
    /// How long a token may be used to sign in, as the AWS signers set it.
    public static let defaultLifetime: Int = 900
    /// What Inlet sends as `User-Agent` unless told otherwise.
    public static let defaultUserAgent = "inlet-msk-iam"

    /// The token to put after `auth=Bearer `.
    public var value: String
    /// When the presigned request stops being valid (signing time + lifetime).
    public var expiration: Date

    /// The token's value stays out of logs; only its expiry is shown.
    public var description: String { "MSKIAMToken(expires \(expiration))" }

    /// The host AWS's own Python signer presigns for: the regional Kafka endpoint.
    public static func regionalHost(_ region: String) -> String { "kafka.\(region).amazonaws.com" }

    /// Presigns the `kafka-cluster:Connect` request for `host` (a broker's name, or `regionalHost(region)`).
    public init(
        credentials: AWSCredentials,
        region: String,
        host: String,
        date: Date,
        lifetime: Int = MSKIAMToken.defaultLifetime,
        userAgent: String = MSKIAMToken.defaultUserAgent
    ) {
        let url = Self.presignedURL(
            credentials: credentials, region: region, host: host, date: date, lifetime: lifetime,
            userAgent: userAgent)
        value = Self.base64URL(Array(url.utf8))
        // The signing time has whole seconds; the token expires `lifetime` seconds after it.
        expiration = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down) + Double(lifetime))
    }

    /// The presigned URL before encoding: operation parameter, then the SigV4 query parameters in the order
    /// botocore writes them, the signature, and the unsigned `User-Agent` last.
    public static func presignedURL(
        credentials: AWSCredentials, region: String, host: String, date: Date, lifetime: Int, userAgent: String
    ) -> String {
        let signer = SigV4Signer(region: region, service: service)
        let timestamp = AWSTimestamp(date)
        var parameters: [(name: String, value: String)] = [
            ("Action", action),
            ("X-Amz-Algorithm", SigV4Signer.algorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(signer.credentialScope(timestamp))"),
            ("X-Amz-Date", timestamp.dateTime),
            ("X-Amz-Expires", String(lifetime)),
            ("X-Amz-SignedHeaders", "host"),
        ]
        if let token = credentials.sessionToken { parameters.append(("X-Amz-Security-Token", token)) }
        let request = SigV4Request(method: "GET", path: "/", query: parameters, headers: [("host", host)])
        let toSign = signer.stringToSign(canonicalRequest: signer.canonicalRequest(request), date: date)
        let signature = signer.signature(
            stringToSign: toSign, secretAccessKey: credentials.secretAccessKey, date: date)
        let query = parameters.map { "\(URIEncoding.encode($0.name))=\(URIEncoding.encode($0.value))" }
        return "https://\(host)/?" + query.joined(separator: "&") + "&X-Amz-Signature=\(signature)"
            + "&User-Agent=\(URIEncoding.encode(userAgent))"
    }

    /// RFC 4648 §5 base64url without `=` padding.
    static func base64URL(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }
}
