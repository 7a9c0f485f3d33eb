import NIOCore

extension PGServerStateMachine {
    // MARK: Startup and authentication

    mutating func receivedStartup(_ startup: PGStartupMessage) -> Action {
        guard startup.protocolMajor == 3 else {
            return fatal(
                PGWireError(
                    "unsupported frontend protocol \(startup.protocolMajor).\(startup.protocolMinor): "
                        + "server supports 3.0", sqlState: "0A000"))
        }
        guard let user = startup["user"], !user.isEmpty else {
            return fatal(PGWireError("no PostgreSQL user name specified in startup packet", sqlState: "28000"))
        }
        var first: [PGBackendMessage] = []
        let protocolOptions = startup.parameters.map(\.name).filter { $0.hasPrefix("_pq_.") }
        if startup.protocolMinor > 0 || !protocolOptions.isEmpty {
            first.append(.negotiateProtocolVersion(newestMinor: 0, unrecognizedOptions: protocolOptions))
        }
        if configuration.requiresSCRAM {
            state = .awaitingSASLInitial(user: user, startup: startup)
            return .send(first + [.authentication(.sasl(mechanisms: [Self.scramMechanism]))], flush: true)
        }
        state = .openingSession
        return .openSession(user: user, startup: startup, send: first + [.authentication(.ok)])
    }

    /// The SASL mechanism produced its server-first message.
    public mutating func saslChallenge(_ data: ByteBuffer) -> Action {
        guard case .authenticating(let user, let startup) = state else { return unexpectedEvent("saslChallenge") }
        state = .awaitingSASLResponse(user: user, startup: startup)
        return .send([.authentication(.saslContinue(data))], flush: true)
    }

    /// The client proved the password; `data` is the server-final message.
    public mutating func saslCompleted(_ data: ByteBuffer) -> Action {
        guard case .authenticating(let user, let startup) = state else { return unexpectedEvent("saslCompleted") }
        state = .openingSession
        return .openSession(
            user: user, startup: startup, send: [.authentication(.saslFinal(data)), .authentication(.ok)])
    }

    /// Authentication failed; `message` must not reveal whether the user exists.
    public mutating func authenticationFailed(_ message: String) -> Action {
        fatal(PGWireError(message, sqlState: "28P01"))
    }

    /// The SQL session is open: report its parameters, the cancel key, and become ready.
    public mutating func sessionOpened(parameters: [(name: String, value: String)]) -> Action {
        guard case .openingSession = state else { return unexpectedEvent("sessionOpened") }
        state = .ready
        var messages: [PGBackendMessage] = []
        for (name, value) in parameters {
            reportedParameters[name] = value
            messages.append(.parameterStatus(name: name, value: value))
        }
        messages.append(.backendKeyData(processID: configuration.processID, secretKey: configuration.secretKey))
        messages.append(.readyForQuery(transactionStatus))
        return .send(messages, flush: true)
    }

    /// The SQL session could not be opened.
    public mutating func sessionFailed(_ error: PGErrorFields) -> Action {
        var fields = error
        fields.severity = .fatal
        state = .closed
        return .sendAndClose([.error(fields)])
    }

    /// Reports server parameters that changed since they were last sent (after SET).
    public mutating func parametersChanged(_ parameters: [(name: String, value: String)]) -> Action {
        var messages: [PGBackendMessage] = []
        for (name, value) in parameters where reportedParameters[name] != value {
            reportedParameters[name] = value
            messages.append(.parameterStatus(name: name, value: value))
        }
        return messages.isEmpty ? .none : .send(messages, flush: false)
    }

    /// Startup or authentication took too long: PostgreSQL's `authentication_timeout`.
    public mutating func authenticationTimedOut() -> Action {
        guard !isPastAuthentication else { return .none }
        return fatal(PGWireError("canceling authentication due to timeout"))
    }
}
