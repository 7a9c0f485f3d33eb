/// A request as SigV4 sees it: method, decoded path, decoded query parameters, headers in order, and body.
///
/// Paths and query parameters are kept decoded so that the signer alone decides how they are encoded; the
/// client sends `encodedPath` and `encodedQuery`, which are the very strings that were signed.
public struct SigV4Request: Sendable {
    public var method: String
    /// The path, not percent-encoded (`/` for every Query API call).
    public var path: String
    /// Query parameters, not percent-encoded, in any order (SigV4 sorts them).
    public var query: [(name: String, value: String)]
    /// Headers in the order they are sent; a name may repeat.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(
        method: String,
        path: String = "/",
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// Sets header `name` to `value`, replacing every earlier value of it.
    public mutating func setHeader(_ name: String, _ value: String) {
        let lowered = name.lowercased()
        headers.removeAll { $0.name.lowercased() == lowered }
        headers.append((name, value))
    }

    /// The path as it goes on the wire: each segment percent-encoded, slashes kept.
    public var encodedPath: String { URIEncoding.encode(path, keepingSlashes: true) }

    /// The query as it goes on the wire (and as it is signed): encoded, sorted by name then value.
    public var encodedQuery: String {
        query.map { (URIEncoding.encode($0.name), URIEncoding.encode($0.value)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }
}
