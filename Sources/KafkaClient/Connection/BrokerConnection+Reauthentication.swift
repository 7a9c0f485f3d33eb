import KafkaWire
import NIOCore

extension BrokerConnection {
    /// The SASL session's schedule, as the last sign-in left it.
    public var sessionLifetime: SASLSessionLifetime { session.withLockedValue { $0 } }

    /// True when the SASL session should be renewed at `now`.
    public func needsReauthentication(at now: NIODeadline) -> Bool {
        sessionLifetime.isDue(at: now)
    }

    /// KIP-368: signs in again on this connection (SaslHandshake, then SaslAuthenticate with a fresh token)
    /// before the broker's session ends, keeping the connection and its fetch sessions.
    ///
    /// The caller makes sure no other request of its own is written between the two (the cluster routes new
    /// callers to a waiting slot meanwhile); requests written before are answered first, since a broker
    /// handles one connection's requests in order.
    public func reauthenticate() async throws {
        guard let sasl else { return }
        guard
            reauthenticating.withLockedValue({ busy in
                if busy { return false }
                busy = true
                return true
            })
        else { return }
        defer { reauthenticating.withLockedValue { $0 = false } }
        let token = try await Self.bearerToken(sasl, broker: broker)
        var setup = ConnectionSetup(broker: broker, sasl: sasl, bearerToken: token)
        var action = try setup.startReauthentication(versions: apiVersions)
        var sentAt = NIODeadline.now()
        while true {
            switch action {
            case .ready:
                let lifetime = SASLSessionLifetime(authenticatedAt: sentAt, lifetimeMs: setup.sessionLifetimeMs)
                session.withLockedValue { $0 = lifetime }
                return
            case .sendApiVersions:
                throw KafkaClientError(.protocolError, "re-authentication with broker \(broker) asked for ApiVersions")
            case .sendSaslHandshake(let mechanism, let version):
                let answer = try await start(SaslHandshakeRequest(mechanism: mechanism), version: version).response()
                action = try setup.receivedSaslHandshake(
                    errorCode: answer.errorCode.rawValue, enabledMechanisms: answer.mechanisms)
            case .sendSaslAuthenticate(let bytes, let version):
                sentAt = .now()
                let answer = try await start(SaslAuthenticateRequest(authBytes: bytes), version: version).response()
                action = try setup.receivedSaslAuthenticate(
                    errorCode: answer.errorCode.rawValue, errorMessage: answer.errorMessage,
                    authBytes: answer.authBytes, sessionLifetimeMs: answer.sessionLifetimeMs)
            }
        }
    }
}
