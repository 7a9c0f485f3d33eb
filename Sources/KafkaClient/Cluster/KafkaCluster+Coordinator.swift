import KafkaWire

extension KafkaCluster {
    /// Asks any broker which broker coordinates consumer group `groupID` (FindCoordinator).
    ///
    /// A COORDINATOR_NOT_AVAILABLE answer (the group's log is still loading, or the broker is starting) is a
    /// `.broker` error carrying that code, which callers retry.
    public func groupCoordinator(_ groupID: String) async throws -> BrokerAddress {
        let connection = try await anyConnection()
        let response: FindCoordinatorResponse
        do {
            response = try await connection.send(FindCoordinatorRequest(group: groupID))
        } catch {
            forget(connection)
            throw error
        }
        guard let found = response.coordinators.first(where: { $0.key == groupID }) ?? response.coordinators.first,
            !found.errorCode.isError
        else {
            let code = response.coordinators.first?.errorCode
            throw KafkaClientError(
                .broker, "no coordinator for group \(groupID): \(code.map { "\($0)" } ?? "none in the answer")",
                kafkaErrorCode: code?.rawValue)
        }
        return BrokerAddress(nodeID: found.nodeID, host: found.host, port: Int(found.port))
    }

    /// A new connection to `broker` that only its caller uses, opened exactly as the cluster's own (the dialer and
    /// its routes, TLS naming the advertised host, SASL); the caller closes it.
    ///
    /// A group member needs one: the coordinator may hold a JoinGroup for the whole rebalance, and a broker answers
    /// one connection's requests in order, so the member's requests must not queue behind fetches or ahead of them.
    public func dedicatedConnection(to broker: BrokerAddress) async throws -> BrokerConnection {
        if isShutDown { throw KafkaClientError(.cancelled, "the Kafka client was shut down") }
        return try await BrokerConnection.connect(to: broker, configuration: configuration, sslContext: sslContext)
    }
}
