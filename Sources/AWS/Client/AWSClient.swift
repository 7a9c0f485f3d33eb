import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import XMLCoder

/// Where and how the client talks to AWS.
public struct AWSClientConfiguration: Sendable {
    /// The region every call goes to (global services sign for their own).
    public var region: String
    /// Sends every service's calls to this URL instead of its public endpoint (moto, a private API endpoint).
    public var endpointURL: String?
    public var retry: AWSRetryPolicy
    /// How long one attempt may take.
    public var requestTimeout: Duration

    public init(
        region: String,
        endpointURL: String? = nil,
        retry: AWSRetryPolicy = .default,
        requestTimeout: Duration = .seconds(30)
    ) {
        self.region = region
        self.endpointURL = endpointURL
        self.retry = retry
        self.requestTimeout = requestTimeout
    }
}

/// Calls AWS Query-protocol APIs (EC2, STS, IAM): builds the form body, signs it with SigV4, sends it through
/// AsyncHTTPClient, retries throttling and server errors with backoff, and decodes the XML answer with XMLCoder.
///
/// Service-specific clients (`EC2Client`, `STSClient`) are thin layers of typed calls over `query`.
public struct AWSClient: Sendable {
    public var configuration: AWSClientConfiguration
    /// nil sends unsigned requests (STS's AssumeRoleWithWebIdentity needs no credentials).
    public var credentialProvider: (any AWSCredentialProvider)?
    let httpClient: HTTPClient
    let logger: Logger
    let sleep: @Sendable (Duration) async throws -> Void
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - sleep: waits between attempts; tests pass one that records the waits instead.
    ///   - now: the signing time.
    public init(
        configuration: AWSClientConfiguration,
        credentialProvider: (any AWSCredentialProvider)?,
        httpClient: HTTPClient = .shared,
        logger: Logger = Logger(label: "inlet.aws"),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.credentialProvider = credentialProvider
        self.httpClient = httpClient
        self.logger = logger
        self.sleep = sleep
        self.now = now
    }

    /// Calls `action` of `service` with `parameters` (already flattened: `SubnetId.1`, `Filter.1.Name`, …)
    /// and decodes the answer's root element as `Response`.
    public func query<Response: Decodable>(
        _ service: AWSService,
        action: String,
        parameters: [(String, String)] = [],
        as: Response.Type = Response.self
    ) async throws -> Response {
        let body = try await send(service, action: action, parameters: parameters)
        do {
            return try XMLDecoder().decode(Response.self, from: body)
        } catch {
            throw AWSError(
                kind: .decoding, message: "cannot read AWS's answer: \(error)",
                operation: "\(service.signingName):\(action)", underlying: error)
        }
    }

    /// Calls `action` and returns the raw body of a successful answer.
    public func send(_ service: AWSService, action: String, parameters: [(String, String)] = []) async throws -> Data {
        let form = [("Action", action), ("Version", service.apiVersion)] + parameters
        return try await perform(
            service, operation: "\(service.signingName):\(action)",
            request: AWSHTTPRequest(
                method: "POST", path: "/", query: [],
                headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                body: Array(URIEncoding.formEncode(form).utf8)))
    }

    /// Sends `request` with retries; the body of a successful answer, else the service's error.
    func perform(_ service: AWSService, operation: String, request: AWSHTTPRequest) async throws -> Data {
        let policy = configuration.retry
        var attempt = 1
        while true {
            var failure: AWSError
            do {
                let (status, body) = try await attemptOnce(service, operation: operation, request: request)
                if (200..<300).contains(status) { return body }
                failure = Self.serviceError(status: status, body: body, operation: operation)
                guard attempt < policy.maxAttempts, policy.isRetryable(httpStatus: status, awsCode: failure.awsCode)
                else {
                    throw await explained(failure)
                }
            } catch let error as AWSError where error.kind == .transport {
                guard attempt < policy.maxAttempts else { throw error }
                failure = error
            }
            let wait = policy.delay(afterAttempt: attempt, unitRandom: Double.random(in: 0...1))
            logger.debug(
                "retrying AWS call",
                metadata: ["operation": "\(operation)", "attempt": "\(attempt)", "error": "\(failure)"])
            try await sleep(wait)
            attempt += 1
        }
    }

    private func attemptOnce(
        _ service: AWSService,
        operation: String,
        request http: AWSHTTPRequest
    ) async throws -> (Int, Data) {
        let endpoint = configuration.endpointURL ?? service.endpoint(region: configuration.region)
        guard let url = URLComponents(string: endpoint), let host = url.host, !host.isEmpty else {
            throw AWSError(
                kind: .configuration, message: "the AWS endpoint URL '\(endpoint)' is not an http(s) URL",
                operation: operation)
        }
        let hostHeader = url.port.map { "\(host):\($0)" } ?? host
        var base = url.path
        if base.hasSuffix("/") { base.removeLast() }
        let path = base + (http.path.hasPrefix("/") ? http.path : "/" + http.path)

        var request = SigV4Request(
            method: http.method, path: path, query: http.query, headers: [("Host", hostHeader)] + http.headers,
            body: http.body)
        if let credentialProvider {
            guard let credentials = try await credentialProvider.credentials() else {
                throw AWSError.credentials(
                    "no AWS credentials were found for \(operation); set AWS_ACCESS_KEY_ID and "
                        + "AWS_SECRET_ACCESS_KEY, name a profile with AWS_PROFILE, or run with an instance role")
            }
            let signer = SigV4Signer(
                region: service.signingRegion(configuration.region), service: service.signingName)
            signer.sign(&request, credentials: credentials, date: now())
        }

        var origin = endpoint
        if let range = origin.range(of: url.path, options: .backwards), !url.path.isEmpty {
            origin.removeSubrange(range)
        }
        // The path is sent as given (already percent-encoded) and signed encoded once more, as SigV4 wants for
        // every service but S3; the query is sent exactly as it was signed.
        var target = origin + path
        if !http.query.isEmpty { target += "?" + request.encodedQuery }
        var outgoing = HTTPClientRequest(url: target)
        outgoing.method = HTTPMethod(rawValue: http.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if !request.body.isEmpty { outgoing.body = .bytes(ByteBuffer(bytes: request.body)) }
        do {
            let response = try await httpClient.execute(outgoing, timeout: TimeAmount(configuration.requestTimeout))
            let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
            var data = Data(body.readableBytesView)
            // REST-JSON services name the error in a header, not in the body.
            if response.status.code >= 300, let type = response.headers.first(name: "x-amzn-ErrorType") {
                data = Self.restErrorDocument(type: type, body: data)
            }
            return (Int(response.status.code), data)
        } catch {
            throw AWSError(
                kind: .transport, message: "no answer from \(endpoint): \(error)", operation: operation,
                underlying: error)
        }
    }

    /// An error answer as an `AWSError` with AWS's code and message.
    public static func serviceError(status: Int, body: some Collection<UInt8>, operation: String) -> AWSError {
        let document = AWSErrorDocument.decode(Data(body))
        guard let detail = document?.first, let code = detail.code else {
            let text = String(decoding: Data(body).prefix(300), as: UTF8.self)
            return AWSError(
                kind: .service, message: "AWS answered HTTP \(status) without an error code: \(text)",
                operation: operation, httpStatus: status)
        }
        let message = detail.message ?? ""
        return AWSError(
            kind: .service, message: "\(code): \(message)", operation: operation, awsCode: code,
            awsMessage: message, httpStatus: status, requestID: document?.requestID)
    }

    /// Adds what to do for the errors that mean "these credentials are wrong".
    private func explained(_ error: AWSError) async -> AWSError {
        guard let code = error.awsCode else { return error }
        var error = error
        let credentials = try? await credentialProvider?.credentials()
        let identity = credentials.map { "access key \($0.accessKeyID) (from \($0.source))" } ?? "the credentials"
        switch code {
        case "SignatureDoesNotMatch", "InvalidSignatureException":
            error.message += " — the secret access key of \(identity) is wrong; check it"
        case "AuthFailure":
            // EC2's one code for a wrong signature and an unknown key alike.
            error.message +=
                " — AWS could not validate \(identity); check its secret access key, key id and session token"
        case "InvalidClientTokenId", "UnrecognizedClientException":
            error.message += " — AWS does not accept \(identity); check the access key id and session token"
        case "ExpiredToken", "RequestExpired":
            error.message +=
                " — \(identity) or the request time is out of date; refresh the credentials"
                + " and check the clock"
        case "AccessDenied", "UnauthorizedOperation", "AccessDeniedException":
            error.message += " — allow \(error.operation ?? "this call") in the IAM policy of \(identity)"
        default:
            break
        }
        return error
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
