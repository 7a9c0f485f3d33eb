/// An error from the AWS client: what failed, the AWS error code and message when AWS answered, and what to do.
///
/// Messages name the operation and the fix; they never carry a secret access key or a session token.
public struct AWSError: Error, Sendable, CustomStringConvertible {
    /// Where the failure came from, as an open set of kinds.
    public struct Kind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// AWS answered with an error document (`awsCode` and `awsMessage` say which).
        public static let service = Kind(rawValue: "service")
        /// The request never got an answer: connection refused, reset, timed out.
        public static let transport = Kind(rawValue: "transport")
        /// No credentials could be found, or a configured source of them is broken.
        public static let credentials = Kind(rawValue: "credentials")
        /// A setting (region, endpoint, profile, file) is missing or malformed.
        public static let configuration = Kind(rawValue: "configuration")
        /// AWS answered, but not with a document we understand.
        public static let decoding = Kind(rawValue: "decoding")
    }

    public var kind: Kind
    /// What went wrong and what to do about it.
    public var message: String
    /// The operation, e.g. `ec2:CreateVpcEndpoint`, when the error belongs to one.
    public var operation: String?
    /// AWS's error code, e.g. `SignatureDoesNotMatch` or `InvalidVpcEndpointId.NotFound`.
    public var awsCode: String?
    /// AWS's own message for `awsCode`.
    public var awsMessage: String?
    /// The HTTP status of AWS's answer.
    public var httpStatus: Int?
    /// AWS's request id, for a support case.
    public var requestID: String?
    /// The error underneath (a transport or decoding error), when there is one.
    public var underlying: (any Error & Sendable)?

    public init(
        kind: Kind,
        message: String,
        operation: String? = nil,
        awsCode: String? = nil,
        awsMessage: String? = nil,
        httpStatus: Int? = nil,
        requestID: String? = nil,
        underlying: (any Error & Sendable)? = nil
    ) {
        self.kind = kind
        self.message = message
        self.operation = operation
        self.awsCode = awsCode
        self.awsMessage = awsMessage
        self.httpStatus = httpStatus
        self.requestID = requestID
        self.underlying = underlying
    }

    public var description: String {
        var text = operation.map { "\($0): " } ?? ""
        text += message
        var details: [String] = []
        if let httpStatus { details.append("HTTP \(httpStatus)") }
        if let requestID { details.append("request id \(requestID)") }
        if !details.isEmpty { text += " (\(details.joined(separator: ", ")))" }
        return text
    }

    static func credentials(_ message: String, underlying: (any Error & Sendable)? = nil) -> AWSError {
        AWSError(kind: .credentials, message: message, underlying: underlying)
    }

    static func configuration(_ message: String) -> AWSError {
        AWSError(kind: .configuration, message: message)
    }
}
