import Catalog
import Ingest
import KafkaClient
import Logging
import Routing
import SQL

/// The source runtime's view of the server: Kafka clients built from the stored connection exactly as
/// validation builds them (`KafkaConnectionClient`), and status and statistics written to the catalog.
struct CatalogSourceEnvironment: SourceEnvironment {
    let catalog: Catalog
    let endpoints: any PrivateLinkEndpointProvider
    let tunnels: SSHTunnelRegistry
    /// Writer schemas fetched by any source, shared by all of them (by registry and id).
    let writerSchemas: WriterSchemaCache
    /// Counted at every commit, for the subscriptions waiting on it.
    let commits: SourceCommits
    let logger: Logger

    func committed(_ source: SourceSpec) {
        commits.committed(source.id)
    }

    func writerSchemaLookup(connection: String) -> (any WriterSchemaLookup)? {
        CatalogWriterSchemaLookup(
            catalog: catalog, connection: connection, endpoints: endpoints, tunnels: tunnels, cache: writerSchemas)
    }

    func kafkaClient(for source: SourceSpec) async throws -> SourceKafkaClient {
        guard case .kafka(let connection) = try catalog.resolvedConnection(named: source.kafka.connection) else {
            throw SQLError.wrongObjectType("connection \(source.kafka.connection) is not a KAFKA connection")
        }
        let client = KafkaConnectionClient(
            connection: connection, endpoints: endpoints, tunnels: tunnels, logger: logger)
        let table = try client.routeTable()
        var configuration = try await client.configuration(requestTimeout: 10)
        configuration.dialer = MeteredDialer(inner: configuration.dialer, connection: connection.name)
        let name = connection.name
        return SourceKafkaClient(configuration: configuration) { metadata in
            let brokers = metadata.brokers.keys.sorted().compactMap { metadata.brokers[$0] }
            return table.unmapped(brokers).first.map {
                table.unmappedAdvice(for: $0, syntax: .sql(connectionName: name))
            }
        }
    }

    func statusChanged(_ source: SourceSpec, _ update: SourceStatusUpdate) async {
        if update.state == .running {
            // A tunnel that carried a running source has pinned its bastion's key: keep it across restarts.
            for (name, key) in await tunnels.knownHostKeys() {
                if let line = key.publicKey?.openSSHLine {
                    _ = try? await catalog.pinHostKey(connectionName: name, hostKey: line)
                }
            }
        }
        do {
            try await catalog.recordSourceStatus(
                id: source.id, status: update.state.rawValue, error: update.error, hint: update.hint)
        } catch {
            // A source stopping (DROP SOURCE, shutdown) may be cut off mid-write; nothing is lost that matters.
            if Task.isCancelled { return }
            logger.error("cannot record the status of source \(source.name): \(error.message)")
        }
    }

    func statistics(_ source: SourceSpec, _ statistics: SourceStatistics) async {
        let record = SourceStatisticsRecord(
            id: source.id, messagesReceived: statistics.messagesReceived, bytesReceived: statistics.bytesReceived,
            updatesStaged: statistics.updatesStaged, updatesCommitted: statistics.updatesCommitted,
            offsetKnown: statistics.offsetKnown, offsetCommitted: statistics.offsetCommitted,
            snapshotCommitted: statistics.snapshotCommitted,
            rehydrationLatencyMilliseconds: statistics.rehydrationLatencyMilliseconds,
            decodeErrors: statistics.decodeErrors,
            partitions: statistics.partitions.sorted { $0.key < $1.key }.map {
                (partition: $0.key, offsetKnown: $0.value.highWatermark, offsetCommitted: $0.value.committed)
            })
        do {
            try await catalog.recordSourceStatistics(record)
        } catch {
            // The statistics of a source that is stopping (DROP SOURCE, shutdown) are not needed any more.
            if Task.isCancelled { return }
            logger.error("cannot record the statistics of source \(source.name): \(error.message)")
        }
    }

    func hint(for error: any Error, source: SourceSpec) async -> String? {
        guard let ssh = Self.sshError(in: error) else { return nil }
        // `user@host:port` → `host:port`, as the user wrote HOST and PORT.
        let bastion = ssh.bastion.split(separator: "@", maxSplits: 1).last.map(String.init) ?? ssh.bastion
        switch ssh.code {
        case .authenticationRefused:
            return "the bastion \(bastion) refused the connection's keys; add the public keys shown in "
                + "mz_ssh_tunnel_connections to the bastion user's ~/.ssh/authorized_keys"
        case .hostKeyMismatch:
            return "the bastion \(bastion) presented another host key than the one pinned; if it was rotated on "
                + "purpose, re-create the SSH TUNNEL connection"
        case .bastionUnreachable:
            return "the bastion \(bastion) cannot be reached; the source resumes by itself once it is back"
        default:
            return nil
        }
    }

    /// The SSH failure behind a Kafka client error, through the dial and "no broker reachable" wrappers.
    private static func sshError(in error: any Error) -> SSHTunnelError? {
        var current: (any Error)? = error
        for _ in 0..<8 {
            switch current {
            case let ssh as SSHTunnelError: return ssh
            case let kafka as KafkaClientError: current = kafka.underlying
            case let dial as RouteDialError: current = dial.underlying
            default: return nil
            }
        }
        return nil
    }
}
