import KafkaWire

/// The steps between "bytes flow" and "ready for Kafka requests": ApiVersions, then SASL when configured.
///
/// A state machine without I/O: the connection performs each returned action and feeds the answer back.
/// ApiVersions goes out at the highest version Inlet knows; a broker that does not know it answers
/// UNSUPPORTED_VERSION in v0 format with its own ApiVersions range (KIP-511), and the machine asks once more at
/// the highest version both sides know. SaslHandshake and SaslAuthenticate then go out at the highest versions
/// both sides support. TLS, when configured, is already up before `start()` (SASL always runs inside TLS).
struct ConnectionSetup {
    enum Action: Equatable {
        case sendApiVersions(version: Int16)
        case sendSaslHandshake(mechanism: String, version: Int16)
        case sendSaslAuthenticate([UInt8], version: Int16)
        /// Done: the versions the broker supports, per API key.
        case ready([APIKey: ClosedRange<Int16>])
    }

    private enum State {
        case initial
        case awaitingApiVersions(version: Int16, retried: Bool)
        case awaitingHandshake(SASLClient)
        case authenticating(SASLClient, version: Int16)
        case ready
        case failed
    }

    private var state: State = .initial
    private var versions: [APIKey: ClosedRange<Int16>] = [:]
    let broker: BrokerAddress
    let sasl: KafkaSASLConfiguration?
    private let clientNonce: String?
    private let bearerToken: String?
    /// The broker's `session_lifetime_ms` from the last SaslAuthenticate (KIP-368); 0 when it sets none.
    private(set) var sessionLifetimeMs: Int64 = 0

    /// - Parameter bearerToken: OAUTHBEARER's token, made before set-up starts (the provider is async).
    init(broker: BrokerAddress, sasl: KafkaSASLConfiguration?, clientNonce: String? = nil, bearerToken: String? = nil) {
        self.broker = broker
        self.sasl = sasl
        self.clientNonce = clientNonce
        self.bearerToken = bearerToken
    }

    /// KIP-368 re-authentication on a connection that is already up: SaslHandshake and SaslAuthenticate again
    /// at the versions negotiated before, then `.ready` with the same versions.
    mutating func startReauthentication(versions: [APIKey: ClosedRange<Int16>]) throws -> Action {
        guard case .initial = state, let sasl else { throw unexpected("re-authentication") }
        self.versions = versions
        guard let handshake = versions[.saslHandshake].flatMap(SaslHandshakeRequest.negotiatedVersion(withBroker:))
        else { throw unexpected("re-authentication") }
        state = .awaitingHandshake(SASLClient(configuration: sasl, clientNonce: clientNonce, bearerToken: bearerToken))
        return .sendSaslHandshake(mechanism: sasl.mechanism.name, version: handshake)
    }

    mutating func start() -> Action {
        let version = ApiVersionsRequest.supportedVersions.upperBound
        state = .awaitingApiVersions(version: version, retried: false)
        return .sendApiVersions(version: version)
    }

    mutating func receivedApiVersions(errorCode: Int16, versions: [APIKey: ClosedRange<Int16>]) throws -> Action {
        guard case .awaitingApiVersions(let sent, let retried) = state else { throw unexpected("ApiVersions") }
        if errorCode == KafkaErrorCode.unsupportedVersion.rawValue, !retried {
            // KIP-511: the broker lists the ApiVersions range it supports; a broker older than that lists none,
            // and v0 is what every broker understands.
            if let high = ApiVersionsRequest.negotiatedVersion(withBroker: versions[.apiVersions] ?? 0...0), high < sent
            {
                state = .awaitingApiVersions(version: high, retried: true)
                return .sendApiVersions(version: high)
            }
        }
        guard errorCode == 0 else {
            state = .failed
            throw KafkaClientError(
                .protocolError, "broker \(broker) refused ApiVersions v\(sent) with error code \(errorCode)",
                kafkaErrorCode: errorCode)
        }
        self.versions = versions
        guard let sasl else {
            state = .ready
            return .ready(versions)
        }
        // SaslHandshake v0 is followed by raw SASL tokens; Inlet speaks SaslAuthenticate, which needs v1.
        guard let handshake = versions[.saslHandshake].flatMap(SaslHandshakeRequest.negotiatedVersion(withBroker:)),
            handshake >= 1, Self.authenticateVersion(versions) != nil
        else {
            state = .failed
            throw KafkaClientError(
                .sasl, "broker \(broker) does not offer SASL authentication; is this the SASL listener?")
        }
        state = .awaitingHandshake(SASLClient(configuration: sasl, clientNonce: clientNonce, bearerToken: bearerToken))
        return .sendSaslHandshake(mechanism: sasl.mechanism.name, version: handshake)
    }

    mutating func receivedSaslHandshake(errorCode: Int16, enabledMechanisms: [String]) throws -> Action {
        guard case .awaitingHandshake(var client) = state, let sasl,
            let version = Self.authenticateVersion(versions)
        else { throw unexpected("SaslHandshake") }
        guard errorCode == 0 else {
            state = .failed
            let offered = enabledMechanisms.isEmpty ? "none" : enabledMechanisms.joined(separator: ", ")
            throw KafkaClientError(
                .sasl,
                "broker \(broker) does not accept SASL \(sasl.mechanism.name) (it offers \(offered)); "
                    + "choose one of those with --sasl-mechanism",
                kafkaErrorCode: errorCode)
        }
        let first = client.start()
        state = .authenticating(client, version: version)
        return .sendSaslAuthenticate(first, version: version)
    }

    mutating func receivedSaslAuthenticate(
        errorCode: Int16, errorMessage: String?, authBytes: [UInt8], sessionLifetimeMs: Int64 = 0
    ) throws -> Action {
        guard case .authenticating(var client, let version) = state, let sasl else {
            throw unexpected("SaslAuthenticate")
        }
        guard errorCode == 0 else {
            state = .failed
            let detail = errorMessage.map { ": \($0)" } ?? ""
            throw KafkaClientError(
                .sasl,
                "SASL \(sasl.mechanism.name) authentication as \(sasl.username) failed at broker \(broker)\(detail); "
                    + sasl.failureHint,
                kafkaErrorCode: errorCode)
        }
        do {
            switch try client.receive(authBytes) {
            case .send(let next):
                state = .authenticating(client, version: version)
                return .sendSaslAuthenticate(next, version: version)
            case .done:
                state = .ready
                self.sessionLifetimeMs = sessionLifetimeMs
                return .ready(versions)
            }
        } catch var error as KafkaClientError {
            state = .failed
            error.message += " (broker \(broker))"
            throw error
        }
    }

    private static func authenticateVersion(_ versions: [APIKey: ClosedRange<Int16>]) -> Int16? {
        versions[.saslAuthenticate].flatMap(SaslAuthenticateRequest.negotiatedVersion(withBroker:))
    }

    private mutating func unexpected(_ what: String) -> KafkaClientError {
        state = .failed
        return KafkaClientError(.protocolError, "unexpected \(what) answer during set-up with broker \(broker)")
    }
}
