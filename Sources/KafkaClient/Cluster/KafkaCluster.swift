import KafkaWire
import Logging
import NIOCore
import NIOSSL

/// The client's view of one Kafka cluster: connections to its brokers by node id and a metadata cache.
///
/// Every connection — bootstrap, leaders learned from metadata, coordinators — is opened through the
/// configured `KafkaDialer` with the broker's advertised address, then secured with TLS and SASL. Broken
/// connections are dropped and redialled with backoff; metadata is refreshed when it is stale or when a
/// caller reports a leader change. Consumers, producers and the admin API share one cluster.
public actor KafkaCluster {
    public nonisolated let configuration: KafkaConfiguration
    let logger: Logger
    private let sslContext: NIOSSLContext?

    private enum Slot {
        case connecting(Task<BrokerConnection, any Error>)
        case connected(BrokerConnection)
    }

    private var slots: [Int32: Slot] = [:]
    private var health: [Int32: BrokerHealth] = [:]
    private var bootstrapConnection: BrokerConnection?
    private var metadataCache = ClusterMetadata()
    private var metadataFetchedAt: NIODeadline?
    private var refreshing: Task<ClusterMetadata, any Error>?
    private var isShutDown = false

    /// Creates the cluster view; nothing is dialled until the first request.
    public init(configuration: KafkaConfiguration, logger: Logger = Logger(label: "inlet.kafka")) throws {
        guard !configuration.bootstrapBrokers.isEmpty else {
            throw KafkaClientError(.configuration, "no bootstrap broker given; add --bootstrap host:port")
        }
        self.configuration = configuration
        self.logger = logger
        self.sslContext = try configuration.tls?.makeContext()
    }

    /// Closes every connection; later requests fail with `.cancelled`.
    public func shutdown() {
        isShutDown = true
        refreshing?.cancel()
        for slot in slots.values {
            switch slot {
            case .connected(let connection): connection.close()
            case .connecting(let task): task.cancel()
            }
        }
        slots = [:]
        bootstrapConnection?.close()
        bootstrapConnection = nil
    }

    // MARK: Metadata

    /// The cached metadata for `topics` (nil: all topics), refreshed when stale or missing a topic.
    public func metadata(topics: [String]? = nil) async throws -> ClusterMetadata {
        if let fetchedAt = metadataFetchedAt, NIODeadline.now() - fetchedAt < configuration.metadataMaxAge,
            let topics, topics.allSatisfy({ metadataCache.topics[$0] != nil })
        {
            return metadataCache
        }
        return try await refreshMetadata(topics: topics)
    }

    /// Asks a broker for fresh metadata; concurrent callers share one request.
    ///
    /// With `allowAutoTopicCreation` the broker may create the named topics that do not exist, as Kafka's
    /// producer lets it (only where the broker allows it: `auto.create.topics.enable`); such a request is
    /// never shared with callers that did not ask for it.
    @discardableResult
    public func refreshMetadata(topics: [String]? = nil, allowAutoTopicCreation: Bool = false) async throws
        -> ClusterMetadata
    {
        if allowAutoTopicCreation {
            return received(
                try await fetchMetadata(topics: topics, allowAutoTopicCreation: true), topics: topics)
        }
        if let refreshing { return try await refreshing.value }
        let task = Task { try await self.fetchMetadata(topics: topics, allowAutoTopicCreation: false) }
        refreshing = task
        defer { refreshing = nil }
        return received(try await task.value, topics: topics)
    }

    /// Takes a fresh answer into the cache and tells the observer.
    private func received(_ fresh: ClusterMetadata, topics: [String]?) -> ClusterMetadata {
        configuration.metadataObserver?(fresh)
        if topics == nil { metadataCache = fresh } else { metadataCache.merge(fresh) }
        metadataFetchedAt = .now()
        return metadataCache
    }

    /// The last metadata received, without asking the cluster.
    public var cachedMetadata: ClusterMetadata { metadataCache }

    private func fetchMetadata(topics: [String]?, allowAutoTopicCreation: Bool) async throws -> ClusterMetadata {
        var lastError: (any Error)?
        for attempt in 0..<3 {
            let connection = try await anyConnection()
            do {
                let response = try await connection.send(
                    MetadataRequest(topicNames: topics, allowAutoTopicCreation: allowAutoTopicCreation))
                return ClusterMetadata(response)
            } catch {
                lastError = error
                forget(connection)
                if attempt < 2 { try await Task.sleep(for: .milliseconds(100 * (attempt + 1))) }
            }
        }
        throw lastError!
    }

    // MARK: Connections

    /// A connection to the broker with `nodeID`, dialled through the dialer at its advertised address.
    public func connection(toNode nodeID: Int32) async throws -> BrokerConnection {
        try checkOpen()
        switch slots[nodeID] {
        case .connected(let connection) where connection.isActive:
            return connection
        case .connecting(let task):
            return try await task.value
        default:
            break
        }
        var address = metadataCache.brokers[nodeID]
        if address == nil {
            try await refreshMetadata(topics: [])
            address = metadataCache.brokers[nodeID]
        }
        guard let address else {
            throw KafkaClientError(.broker, "node \(nodeID) is not in the cluster's metadata")
        }
        let wait = health[nodeID, default: BrokerHealth()].wait(now: .now())
        let configuration = configuration
        let sslContext = sslContext
        let task = Task {
            if wait > .zero { try await Task.sleep(nanoseconds: UInt64(wait.nanoseconds)) }
            return try await BrokerConnection.connect(
                to: address, configuration: configuration, sslContext: sslContext)
        }
        slots[nodeID] = .connecting(task)
        do {
            let connection = try await task.value
            try checkOpen()
            slots[nodeID] = .connected(connection)
            health[nodeID, default: BrokerHealth()].succeeded()
            logger.debug("connected", metadata: ["broker": "\(address)"])
            return connection
        } catch {
            slots[nodeID] = nil
            health[nodeID, default: BrokerHealth()].failed(
                now: .now(), backoff: configuration.reconnectBackoff, error: "\(error)")
            throw error
        }
    }

    /// A connection to the leader of `topic`/`partition`, refreshing metadata once when it is unknown.
    public func leaderConnection(topic: String, partition: Int32) async throws -> BrokerConnection {
        let metadata = try await metadata(topics: [topic])
        let leader: BrokerAddress
        do {
            leader = try metadata.leader(topic: topic, partition: partition)
        } catch {
            leader = try await refreshMetadata(topics: [topic]).leader(topic: topic, partition: partition)
        }
        return try await connection(toNode: leader.nodeID!)
    }

    /// Any working connection: an open one, else the bootstrap addresses in order, else known brokers.
    public func anyConnection() async throws -> BrokerConnection {
        try checkOpen()
        if let bootstrapConnection, bootstrapConnection.isActive { return bootstrapConnection }
        for slot in slots.values {
            if case .connected(let connection) = slot, connection.isActive { return connection }
        }
        var failures: [KafkaClientError] = []
        for address in configuration.bootstrapBrokers {
            do {
                let connection = try await BrokerConnection.connect(
                    to: address, configuration: configuration, sslContext: sslContext)
                try checkOpen()
                bootstrapConnection = connection
                return connection
            } catch let error as KafkaClientError {
                failures.append(error)
            } catch {
                failures.append(KafkaClientError(.connect, "\(address): \(error)", underlying: error))
            }
        }
        for nodeID in metadataCache.brokers.keys.sorted() {
            if let connection = try? await connection(toNode: nodeID) { return connection }
        }
        if failures.count == 1 { throw failures[0] }
        throw KafkaClientError(
            .noBrokers,
            "no bootstrap broker could be reached: " + failures.map(\.message).joined(separator: "; "),
            underlying: failures.first)
    }

    /// Drops a connection that failed so the next request redials it.
    public func forget(_ connection: BrokerConnection) {
        connection.close()
        if bootstrapConnection === connection { bootstrapConnection = nil }
        if let nodeID = connection.broker.nodeID, case .connected(let current) = slots[nodeID],
            current === connection
        {
            slots[nodeID] = nil
            health[nodeID, default: BrokerHealth()].failed(
                now: .now(), backoff: configuration.reconnectBackoff, error: "connection lost")
        }
    }

    /// Marks the cached metadata stale, so the next lookup asks the cluster (after NOT_LEADER_OR_FOLLOWER…).
    public func invalidateMetadata() {
        metadataFetchedAt = nil
    }

    private func checkOpen() throws {
        if isShutDown { throw KafkaClientError(.cancelled, "the Kafka client was shut down") }
    }
}
