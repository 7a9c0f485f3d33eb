import Foundation

/// One AWS call before it is signed: Query APIs POST a form to `/`; REST APIs (MSK) use their own method, path
/// and query parameters.
struct AWSHTTPRequest: Sendable {
    var method: String
    /// The path as it is sent, its labels already percent-encoded (an ARN in a path keeps its `/` as `%2F`).
    var path: String
    /// Query parameters, not encoded.
    var query: [(name: String, value: String)]
    var headers: [(name: String, value: String)]
    var body: [UInt8]
}

extension AWSClient {
    /// Calls a REST-JSON API (`GET /v1/clusters/{arn}/nodes`): `path` has its labels encoded with
    /// `AWSClient.pathLabel`; the JSON body of a successful answer.
    public func rest(
        _ service: AWSService, operation name: String, method: String = "GET", path: String,
        query: [(name: String, value: String)] = []
    ) async throws -> Data {
        try await perform(
            service, operation: "\(service.signingName):\(name)",
            request: AWSHTTPRequest(
                method: method, path: path, query: query, headers: [("Accept", "application/json")], body: []))
    }

    /// A value (an ARN) percent-encoded for use as one label of a REST path, `/` included.
    public static func pathLabel(_ value: String) -> String { URIEncoding.encode(value) }

    /// A REST-JSON error (`x-amzn-ErrorType` header, `{"message": …}` body) in the Query APIs' XML shape, so one
    /// decoder reads both.
    static func restErrorDocument(type: String, body: Data) -> Data {
        struct Message: Decodable {
            var message: String?
            var Message: String?
        }
        let decoded = try? JSONDecoder().decode(Message.self, from: body)
        let code = type.split(separator: ":").first.map(String.init) ?? type
        let message = decoded?.message ?? decoded?.Message ?? String(decoding: body.prefix(300), as: UTF8.self)
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        return Data(
            "<ErrorResponse><Error><Code>\(escape(code))</Code><Message>\(escape(message))</Message></Error></ErrorResponse>"
                .utf8)
    }
}
