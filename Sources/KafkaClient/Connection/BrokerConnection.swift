import KafkaWire
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// One connection to one broker, ready for Kafka requests: dialled through the configured `KafkaDialer`,
/// wrapped in TLS when configured, versions negotiated, SASL done.
///
/// Requests are pipelined: many may be in flight, answered in order and matched by correlation id.
public final class BrokerConnection: Sendable {
    /// The broker as the cluster advertises it.
    public let broker: BrokerAddress
    /// The API version ranges the broker announced.
    public let apiVersions: [APIKey: ClosedRange<Int16>]
    let channel: any Channel
    let clientID: String
    let requestTimeout: TimeAmount
    let log: RequestLog
    /// The SASL configuration it signed in with, for KIP-368 re-authentication.
    let sasl: KafkaSASLConfiguration?
    /// When the broker's SASL session runs out and when to renew it.
    let session: NIOLockedValueBox<SASLSessionLifetime>
    /// Held by a re-authentication in progress, so two never interleave.
    let reauthenticating = NIOLockedValueBox<Bool>(false)

    /// How many requests of each API and version this connection has written, set-up included: what went on
    /// the wire, for diagnostics and for tests that check the negotiated versions.
    public var requestsSent: [KafkaRequestKind: Int] { log.counts }

    private init(
        broker: BrokerAddress, channel: any Channel, apiVersions: [APIKey: ClosedRange<Int16>], clientID: String,
        requestTimeout: TimeAmount, log: RequestLog, sasl: KafkaSASLConfiguration?, session: SASLSessionLifetime
    ) {
        self.log = log
        self.sasl = sasl
        self.session = NIOLockedValueBox(session)
        self.broker = broker
        self.channel = channel
        self.apiVersions = apiVersions
        self.clientID = clientID
        self.requestTimeout = requestTimeout
    }

    /// True while the underlying channel is open.
    public var isActive: Bool { channel.isActive }

    /// Completes when the connection has closed, for whatever reason.
    public var closeFuture: EventLoopFuture<Void> { channel.closeFuture }

    /// Closes the connection; waiting requests fail with `.connectionClosed`.
    public func close() { channel.close(promise: nil) }

    /// Dials `broker` and runs TLS, ApiVersions and SASL; the channel is closed again if any step fails.
    /// `sslContext` is built once per client from `configuration.tls`.
    public static func connect(
        to broker: BrokerAddress, configuration: KafkaConfiguration, sslContext: NIOSSLContext?,
        eventLoop: (any EventLoop)? = nil
    ) async throws -> BrokerConnection {
        try await open(broker, configuration: configuration, sslContext: sslContext, eventLoop: eventLoop).connection
    }

    /// The steps of `connect`, timed: dial, TLS handshake (awaited before the first request, so a refused
    /// certificate is reported as such and never as a closed connection), then ApiVersions and SASL.
    static func open(
        _ broker: BrokerAddress, configuration: KafkaConfiguration, sslContext: NIOSSLContext?,
        eventLoop: (any EventLoop)?
    ) async throws -> (connection: BrokerConnection, timings: BrokerConnectionTimings) {
        let clock = ContinuousClock()
        var start = clock.now
        let loop = eventLoop ?? configuration.eventLoopGroup.next()
        let channel: any Channel
        do {
            channel = try await configuration.dialer.dial(broker, on: loop)
        } catch let error as KafkaClientError {
            throw error
        } catch {
            throw KafkaClientError(.connect, "cannot reach broker \(broker): \(error)", underlying: error)
        }
        let connect = clock.now - start
        var tls: Duration?
        do {
            if let sslContext {
                start = clock.now
                try await secure(channel, broker: broker, context: sslContext)
                tls = clock.now - start
            }
            start = clock.now
            try await channel.eventLoop.submit {
                let sync = channel.pipeline.syncOperations
                try sync.addHandler(ByteToMessageHandler(KafkaResponseFrameDecoder(broker: broker)))
                try sync.addHandler(BrokerConnectionHandler(broker: broker))
            }.get()
            let log = RequestLog()
            let signInStarted = NIODeadline.now()
            let (versions, lifetimeMs) = try await handshake(
                channel: channel, broker: broker, configuration: configuration, log: log)
            let connection = BrokerConnection(
                broker: broker, channel: channel, apiVersions: versions, clientID: configuration.clientID,
                requestTimeout: configuration.requestTimeout, log: log, sasl: configuration.sasl,
                session: SASLSessionLifetime(authenticatedAt: signInStarted, lifetimeMs: lifetimeMs))
            return (connection, BrokerConnectionTimings(connect: connect, tls: tls, setup: clock.now - start))
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }

    /// Adds TLS naming the advertised host and waits until the handshake has finished or failed.
    private static func secure(_ channel: any Channel, broker: BrokerAddress, context: NIOSSLContext) async throws {
        let handshake = channel.eventLoop.makePromise(of: Void.self)
        do {
            try await channel.eventLoop.submit {
                let sync = channel.pipeline.syncOperations
                try sync.addHandler(try KafkaTLSConfiguration.makeHandler(context: context, broker: broker))
                try sync.addHandler(TLSHandshakeWaiter(promise: handshake))
            }.get()
            try await handshake.futureResult.get()
        } catch {
            handshake.fail(ChannelError.ioOnClosedChannel)
            throw error as? KafkaClientError ?? KafkaTLSConfiguration.describe(error, broker: broker)
        }
    }

    private static func handshake(
        channel: any Channel, broker: BrokerAddress, configuration: KafkaConfiguration, log: RequestLog
    ) async throws -> (versions: [APIKey: ClosedRange<Int16>], sessionLifetimeMs: Int64) {
        let token = try await bearerToken(configuration.sasl, broker: broker)
        var setup = ConnectionSetup(broker: broker, sasl: configuration.sasl, bearerToken: token)
        var action = setup.start()
        while true {
            switch action {
            case .ready(let versions):
                return (versions, setup.sessionLifetimeMs)
            case .sendApiVersions(let version):
                let answer = try await exchange(
                    ApiVersionsRequest(), version: version, channel, broker, configuration, log)
                var versions: [APIKey: ClosedRange<Int16>] = [:]
                for api in answer.apiKeys { versions[api.apiKey] = api.versions }
                action = try setup.receivedApiVersions(errorCode: answer.errorCode.rawValue, versions: versions)
            case .sendSaslHandshake(let mechanism, let version):
                let answer = try await exchange(
                    SaslHandshakeRequest(mechanism: mechanism), version: version, channel, broker, configuration, log)
                action = try setup.receivedSaslHandshake(
                    errorCode: answer.errorCode.rawValue, enabledMechanisms: answer.mechanisms)
            case .sendSaslAuthenticate(let bytes, let version):
                let answer = try await exchange(
                    SaslAuthenticateRequest(authBytes: bytes), version: version, channel, broker, configuration, log)
                action = try setup.receivedSaslAuthenticate(
                    errorCode: answer.errorCode.rawValue, errorMessage: answer.errorMessage,
                    authBytes: answer.authBytes, sessionLifetimeMs: answer.sessionLifetimeMs)
            }
        }
    }

    /// OAUTHBEARER's token for this sign-in, from the configuration's provider; nil for other mechanisms.
    static func bearerToken(_ sasl: KafkaSASLConfiguration?, broker: BrokerAddress) async throws -> String? {
        guard let sasl, sasl.mechanism == .oauthBearer else { return nil }
        guard let provider = sasl.tokenProvider else {
            throw KafkaClientError(.configuration, "SASL OAUTHBEARER needs a token provider (e.g. --aws-iam)")
        }
        do {
            return try await provider(broker)
        } catch let error as KafkaClientError {
            throw error
        } catch {
            throw KafkaClientError(
                .sasl, "cannot make the OAUTHBEARER token for \(sasl.username) (broker \(broker)): \(error)",
                underlying: error)
        }
    }

    /// One set-up request at an explicit version, before the connection object exists.
    private static func exchange<R: KafkaRequest>(
        _ request: R, version: Int16, _ channel: any Channel, _ broker: BrokerAddress,
        _ configuration: KafkaConfiguration, _ log: RequestLog
    ) async throws -> R.Response {
        let future = try write(
            request, version: version, on: channel, broker: broker, clientID: configuration.clientID,
            timeout: configuration.requestTimeout, log: log, expectsResponse: true)!
        return try await PendingResponse<R>(future: future, version: version, broker: broker).response()
    }

    /// The highest version of `R` both sides support.
    public func version<R: KafkaRequest>(for _: R.Type) throws -> Int16 {
        guard let range = apiVersions[R.apiKey] else {
            throw KafkaClientError(
                .unsupportedVersion, "broker \(broker) does not support \(R.apiKey.name)")
        }
        guard let version = R.negotiatedVersion(withBroker: range) else {
            throw KafkaClientError(
                .unsupportedVersion,
                "broker \(broker) supports \(R.apiKey.name) v\(range.lowerBound)-\(range.upperBound), Inlet "
                    + "v\(R.supportedVersions.lowerBound)-\(R.supportedVersions.upperBound)")
        }
        return version
    }

    /// Sends `request` at the negotiated version and decodes the answer.
    public func send<R: KafkaRequest>(_ request: R, timeout: TimeAmount? = nil) async throws -> R.Response {
        try await start(request, timeout: timeout).response()
    }

    /// Writes `request` now and returns a handle to its answer, so several requests can be in flight in order.
    func start<R: KafkaRequest>(_ request: R, timeout: TimeAmount? = nil) throws -> PendingResponse<R> {
        try start(request, version: try version(for: R.self), timeout: timeout)
    }

    /// Writes `request` in `version` (one the caller chose within `version(for:)`, e.g. capped because a field
    /// of newer versions is unknown) and returns a handle to its answer.
    func start<R: KafkaRequest>(_ request: R, version: Int16, timeout: TimeAmount? = nil) throws
        -> PendingResponse<R>
    {
        let future = try sendRaw(request, version: version, timeout: timeout, expectsResponse: true)!
        return PendingResponse(future: future, version: version, broker: broker)
    }

    /// Sends `request` without waiting for an answer (Produce with acks=0); returns once it is written.
    public func sendWithoutResponse<R: KafkaRequest>(_ request: R) async throws {
        let version = try version(for: R.self)
        _ = try sendRaw(request, version: version, timeout: nil, expectsResponse: false)
    }

    /// Encodes and writes; returns the future of the response body when one is expected.
    func sendRaw<R: KafkaRequest>(_ request: R, version: Int16, timeout: TimeAmount?, expectsResponse: Bool) throws
        -> EventLoopFuture<ByteBuffer>?
    {
        try Self.write(
            request, version: version, on: channel, broker: broker, clientID: clientID,
            timeout: timeout ?? requestTimeout, log: log, expectsResponse: expectsResponse)
    }

    /// Encodes `request` in `version`, counts it in `log` and writes it; the future of the response body when one
    /// is expected. The one path every request takes, set-up included.
    private static func write<R: KafkaRequest>(
        _ request: R, version: Int16, on channel: any Channel, broker: BrokerAddress, clientID: String,
        timeout: TimeAmount, log: RequestLog, expectsResponse: Bool
    ) throws -> EventLoopFuture<ByteBuffer>? {
        var body = channel.allocator.buffer(capacity: request.estimatedBodySize)
        try request.write(into: &body, version: version)
        let promise = expectsResponse ? channel.eventLoop.makePromise(of: ByteBuffer.self) : nil
        let outgoing = OutgoingRequest(
            apiKey: R.apiKey, version: version, flexible: R.isFlexible(version: version), clientID: clientID,
            body: body, timeout: timeout, promise: promise)
        log.record(R.apiKey, version: version)
        write(outgoing, on: channel, broker: broker)
        return promise?.futureResult
    }

    /// Writes a request; a write that fails before reaching the handler (closed channel) fails its promise.
    static func write(_ request: OutgoingRequest, on channel: any Channel, broker: BrokerAddress) {
        let written = channel.eventLoop.makePromise(of: Void.self)
        let response = request.promise
        written.futureResult.whenFailure { error in
            response?.fail(
                error as? KafkaClientError
                    ?? KafkaClientError(
                        .connectionClosed, "connection to broker \(broker) is closed", underlying: error))
        }
        channel.writeAndFlush(request, promise: written)
    }
}

/// The answer to a request already written on a connection.
struct PendingResponse<R: KafkaRequest>: Sendable {
    let future: EventLoopFuture<ByteBuffer>
    let version: Int16
    let broker: BrokerAddress

    /// Waits for the answer and decodes it; leftover bytes are a protocol error that names the message.
    func response() async throws -> R.Response {
        var body = try await future.get()
        do {
            let response = try R.Response(from: &body, version: version)
            if body.readableBytes > 0 {
                throw KafkaClientError(
                    .protocolError,
                    "broker \(broker) sent \(body.readableBytes) bytes more than a \(R.apiKey.name) v\(version) "
                        + "response holds")
            }
            return response
        } catch let error as KafkaClientError {
            throw error
        } catch {
            throw KafkaClientError(
                .protocolError, "cannot read the \(R.apiKey.name) v\(version) response of broker \(broker): \(error)",
                underlying: error)
        }
    }
}
