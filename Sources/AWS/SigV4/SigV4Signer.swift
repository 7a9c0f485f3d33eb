import Crypto
import Foundation

/// Signs requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for one region and service.
///
/// Each step (canonical request, string to sign, signature) is exposed so that the published SigV4 test suite
/// can check them one by one; `sign` runs them all and adds `X-Amz-Date`, `X-Amz-Security-Token` and
/// `Authorization` to the request.
public struct SigV4Signer: Sendable {
    public static let algorithm = "AWS4-HMAC-SHA256"

    public var region: String
    /// The signing name of the service, e.g. `ec2`, `sts`, `kafka-cluster`.
    public var service: String
    /// Normalize the path (remove `.` and `..` segments and repeated slashes); every service but S3 wants it.
    public var normalizesPath: Bool

    public init(region: String, service: String, normalizesPath: Bool = true) {
        self.region = region
        self.service = service
        self.normalizesPath = normalizesPath
    }

    /// `date/region/service/aws4_request`.
    func credentialScope(_ timestamp: AWSTimestamp) -> String {
        "\(timestamp.date)/\(region)/\(service)/aws4_request"
    }

    /// The canonical URI: the (normalized) path with each segment percent-encoded.
    public func canonicalPath(_ path: String) -> String {
        guard normalizesPath else { return URIEncoding.encode(path, keepingSlashes: true) }
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        var normalized = "/" + segments.map { URIEncoding.encode($0) }.joined(separator: "/")
        if path.hasSuffix("/") && !segments.isEmpty { normalized += "/" }
        return normalized
    }

    /// Lower-cased names, trimmed values with inner runs of spaces folded, repeated names joined with commas,
    /// sorted by name.
    func canonicalHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        var merged: [String: [String]] = [:]
        for (name, value) in headers {
            merged[name.lowercased(), default: []].append(Self.foldSpaces(value))
        }
        return merged.keys.sorted().map { ($0, merged[$0]!.joined(separator: ",")) }
    }

    private static func foldSpaces(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .joined(separator: " ")
    }

    /// Step 1: the canonical request.
    public func canonicalRequest(_ request: SigV4Request) -> String {
        let headers = canonicalHeaders(request.headers)
        return [
            request.method,
            canonicalPath(request.path),
            request.encodedQuery,
            headers.map { "\($0.name):\($0.value)\n" }.joined(),
            headers.map(\.name).joined(separator: ";"),
            Self.hexSHA256(request.body),
        ].joined(separator: "\n")
    }

    /// Step 2: the string to sign.
    public func stringToSign(canonicalRequest: String, date: Date) -> String {
        let timestamp = AWSTimestamp(date)
        return [
            Self.algorithm, timestamp.dateTime, credentialScope(timestamp),
            Self.hexSHA256(Array(canonicalRequest.utf8)),
        ].joined(separator: "\n")
    }

    /// Step 3: the signature (hex), with the key derived from the secret for this date, region and service.
    public func signature(stringToSign: String, secretAccessKey: String, date: Date) -> String {
        let timestamp = AWSTimestamp(date)
        var key = SymmetricKey(data: Array("AWS4\(secretAccessKey)".utf8))
        for part in [timestamp.date, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        let mac = HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key)
        return Self.hex(mac)
    }

    /// The `Authorization` header for `request` as it is now (its headers must already hold `X-Amz-Date`).
    public func authorization(for request: SigV4Request, credentials: AWSCredentials, date: Date) -> String {
        let canonical = canonicalRequest(request)
        let toSign = stringToSign(canonicalRequest: canonical, date: date)
        let signature = signature(stringToSign: toSign, secretAccessKey: credentials.secretAccessKey, date: date)
        let signedHeaders = canonicalHeaders(request.headers).map(\.name).joined(separator: ";")
        let scope = credentialScope(AWSTimestamp(date))
        return "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), "
            + "Signature=\(signature)"
    }

    /// Adds `X-Amz-Date`, `X-Amz-Security-Token` (for temporary credentials) and `Authorization`; every header
    /// present at that point is signed.
    public func sign(_ request: inout SigV4Request, credentials: AWSCredentials, date: Date) {
        request.setHeader("X-Amz-Date", AWSTimestamp(date).dateTime)
        if let token = credentials.sessionToken {
            request.setHeader("X-Amz-Security-Token", token)
        }
        let authorization = authorization(for: request, credentials: credentials, date: date)
        request.setHeader("Authorization", authorization)
    }

    static func hexSHA256(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
