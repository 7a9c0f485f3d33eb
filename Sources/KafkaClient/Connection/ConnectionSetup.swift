import KafkaWire

/// The steps between "bytes flow" and "ready for Kafka requests": ApiVersions, then SASL when configured.
///
/// A state machine without I/O: the connection performs each returned action and feeds the answer back.
/// TLS, when configured, is already up before `start()` (SASL always runs inside TLS).
struct ConnectionSetup {
    enum Action: Equatable {
        case sendApiVersions
        case sendSaslHandshake(mechanism: String)
        case sendSaslAuthenticate([UInt8])
        /// Done: the versions the broker supports, per API key.
        case ready([APIKey: ClosedRange<Int16>])
    }

    private enum State {
        case initial
        case awaitingApiVersions
        case awaitingHandshake(SASLClient)
        case authenticating(SASLClient)
        case ready
        case failed
    }

    private var state: State = .initial
    private var versions: [APIKey: ClosedRange<Int16>] = [:]
    let broker: BrokerAddress
    let sasl: KafkaSASLConfiguration?
    private let clientNonce: String?

    init(broker: BrokerAddress, sasl: KafkaSASLConfiguration?, clientNonce: String? = nil) {
        self.broker = broker
        self.sasl = sasl
        self.clientNonce = clientNonce
    }

    mutating func start() -> Action {
        state = .awaitingApiVersions
        return .sendApiVersions
    }

    mutating func receivedApiVersions(errorCode: Int16, versions: [APIKey: ClosedRange<Int16>]) throws -> Action {
        guard case .awaitingApiVersions = state else { throw unexpected("ApiVersions") }
        guard errorCode == 0 else {
            state = .failed
            throw KafkaClientError(
                .protocolError, "broker \(broker) refused ApiVersions with error code \(errorCode)",
                kafkaErrorCode: errorCode)
        }
        self.versions = versions
        guard let sasl else {
            state = .ready
            return .ready(versions)
        }
        guard versions[.saslHandshake].map({ $0.upperBound >= 1 }) == true, versions[.saslAuthenticate] != nil else {
            state = .failed
            throw KafkaClientError(
                .sasl, "broker \(broker) does not offer SASL authentication; is this the SASL listener?")
        }
        state = .awaitingHandshake(SASLClient(configuration: sasl, clientNonce: clientNonce))
        return .sendSaslHandshake(mechanism: sasl.mechanism.name)
    }

    mutating func receivedSaslHandshake(errorCode: Int16, enabledMechanisms: [String]) throws -> Action {
        guard case .awaitingHandshake(var client) = state, let sasl else { throw unexpected("SaslHandshake") }
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
        state = .authenticating(client)
        return .sendSaslAuthenticate(first)
    }

    mutating func receivedSaslAuthenticate(errorCode: Int16, errorMessage: String?, authBytes: [UInt8]) throws
        -> Action
    {
        guard case .authenticating(var client) = state, let sasl else { throw unexpected("SaslAuthenticate") }
        guard errorCode == 0 else {
            state = .failed
            let detail = errorMessage.map { ": \($0)" } ?? ""
            throw KafkaClientError(
                .sasl,
                "SASL \(sasl.mechanism.name) authentication as \(sasl.username) failed at broker \(broker)\(detail); "
                    + "check the user name and password",
                kafkaErrorCode: errorCode)
        }
        do {
            switch try client.receive(authBytes) {
            case .send(let next):
                state = .authenticating(client)
                return .sendSaslAuthenticate(next)
            case .done:
                state = .ready
                return .ready(versions)
            }
        } catch var error as KafkaClientError {
            state = .failed
            error.message += " (broker \(broker))"
            throw error
        }
    }

    private mutating func unexpected(_ what: String) -> KafkaClientError {
        state = .failed
        return KafkaClientError(.protocolError, "unexpected \(what) answer during set-up with broker \(broker)")
    }
}
