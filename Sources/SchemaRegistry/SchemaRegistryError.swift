/// The one error type of the schema registry client: what failed, at which URL, and what to do about it.
///
/// Messages name the registry's URL and the request path, never a password.
public struct SchemaRegistryError: Error, CustomStringConvertible, @unchecked Sendable {
    /// What kind of failure this is; open so new kinds can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case unreachable, tls, clientCertificate, unauthorized, notFound, server, invalidResponse, configuration
            case timeout
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The registry could not be dialled (DNS, TCP, the route).
        public static let unreachable = Code(.unreachable)
        /// The TLS handshake or certificate verification failed.
        public static let tls = Code(.tls)
        /// The registry refused the TLS handshake for want of a client certificate it accepts (mTLS).
        public static let clientCertificate = Code(.clientCertificate)
        /// 401 or 403: wrong or missing credentials.
        public static let unauthorized = Code(.unauthorized)
        /// 404: no such schema id or subject.
        public static let notFound = Code(.notFound)
        /// Another non-2xx answer.
        public static let server = Code(.server)
        /// The answer was not the JSON the registry's API describes.
        public static let invalidResponse = Code(.invalidResponse)
        /// The client's settings are unusable (bad PEM text).
        public static let configuration = Code(.configuration)
        /// No complete answer within the request timeout.
        public static let timeout = Code(.timeout)

        public var description: String {
            switch base {
            case .unreachable: "unreachable"
            case .tls: "tls"
            case .clientCertificate: "client certificate"
            case .unauthorized: "unauthorized"
            case .notFound: "not found"
            case .server: "server error"
            case .invalidResponse: "invalid response"
            case .configuration: "configuration"
            case .timeout: "timeout"
            }
        }
    }

    public var code: Code
    public var message: String
    /// The HTTP status, when the registry answered.
    public var status: Int?
    /// The registry's own error code (`error_code` in its JSON body, e.g. 40403 for an unknown schema id).
    public var registryErrorCode: Int?
    public var underlying: (any Error)?

    public init(
        _ code: Code, _ message: String, status: Int? = nil, registryErrorCode: Int? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.registryErrorCode = registryErrorCode
        self.underlying = underlying
    }

    public var description: String { message }
}
