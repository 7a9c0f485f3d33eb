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
    private var refreshing: Refresh?
    private var refreshes: UInt64 = 0
    private var bootstrapDial: Task<BrokerConnection, any Error>?
    private var isShutDown = false
    private let hooks: KafkaClusterHooks

    /// The Metadata request in flight, shared by every caller it answers.
    private struct Refresh {
        let id: UInt64
        /// The topics it asks for; nil for all.
        let topics: Set<String>?
        let task: Task<Void, any Error>

        /// Whether its answer holds everything a caller asking for `wanted` (nil: all topics) needs.
        func covers(_ wanted: [String]?) -> Bool {
            guard let topics else { return true }
            guard let wanted else { return false }
            return wanted.allSatisfy(topics.contains)
        }
    }

    /// Creates the cluster view; nothing is dialled until the first request.
    public init(configuration: KafkaConfiguration, logger: Logger = Logger(label: "inlet.kafka")) throws {
        try self.init(configuration: configuration, logger: logger, hooks: KafkaClusterHooks())
    }

    init(configuration: KafkaConfiguration, logger: Logger = Logger(label: "inlet.kafka"), hooks: KafkaClusterHooks)
        throws
    {
        guard !configuration.bootstrapBrokers.isEmpty else {
            throw KafkaClientError(.configuration, "no bootstrap broker given; add --bootstrap host:port")
        }
        self.configuration = configuration
        self.logger = logger
        self.sslContext = try configuration.tls?.makeContext()
        self.hooks = hooks
    }

    /// Closes every connection; later requests fail with `.cancelled`.
    public func shutdown() {
        isShutDown = true
        refreshing?.task.cancel()
        bootstrapDial?.cancel()
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

    /// Asks a broker for fresh metadata; concurrent callers share one request when it asks for their topics.
    ///
    /// With `allowAutoTopicCreation` the broker may create the named topics that do not exist, as Kafka's
    /// producer lets it (only where the broker allows it: `auto.create.topics.enable`); such a request is
    /// never shared with callers that did not ask for it.
    @discardableResult
    public func refreshMetadata(topics: [String]? = nil, allowAutoTopicCreation: Bool = false) async throws
        -> ClusterMetadata
    {
        if allowAutoTopicCreation {
            received(try await fetchMetadata(topics: topics, allowAutoTopicCreation: true), topics: topics)
            return metadataCache
        }
        // A request in flight for other topics is waited for (not joined), then this caller asks its own.
        while let current = refreshing {
            hooks.willWait(.refresh(topics: topics))
            if current.covers(topics) {
                try await current.task.value
                return metadataCache
            }
            _ = await current.task.result
        }
        refreshes += 1
        let id = refreshes
        let task = Task { try await self.runRefresh(id, topics: topics) }
        refreshing = Refresh(id: id, topics: topics.map(Set.init), task: task)
        try await task.value
        return metadataCache
    }

    /// One shared Metadata request. The answer is in `metadataCache` before the task ends, so every caller
    /// waiting on it reads the merged cache, whichever of them resumes first.
    private func runRefresh(_ id: UInt64, topics: [String]?) async throws {
        defer { if refreshing?.id == id { refreshing = nil } }
        received(try await fetchMetadata(topics: topics, allowAutoTopicCreation: false), topics: topics)
    }

    /// Takes a fresh answer into the cache and tells the observer.
    private func received(_ fresh: ClusterMetadata, topics: [String]?) {
        configuration.metadataObserver?(fresh)
        if topics == nil { metadataCache = fresh } else { metadataCache.merge(fresh) }
        metadataFetchedAt = .now()
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
        // Other callers run during every await: the slot is looked at afresh after each one.
        while true {
            try checkOpen()
            switch slots[nodeID] {
            case .connected(let connection) where connection.isActive:
                guard connection.needsReauthentication(at: .now()) else { return connection }
                if let renewed = try await reauthenticate(connection, nodeID: nodeID) { return renewed }
                continue
            case .connecting(let task):
                hooks.willWait(.connection(nodeID: nodeID))
                let connection = try await task.value
                try checkOpen()
                return connection
            default:
                break
            }
            guard let address = metadataCache.brokers[nodeID] else {
                try await refreshMetadata(topics: [])
                guard metadataCache.brokers[nodeID] != nil else {
                    throw KafkaClientError(.broker, "node \(nodeID) is not in the cluster's metadata")
                }
                continue
            }
            if let connection = try await dial(nodeID, at: address) { return connection }
        }
    }

    /// Dials `nodeID` into its slot; nil when the slot no longer holds this dial once it ends. Only a slot that
    /// still holds this dial is filled or cleared, and a connection nobody will use is closed.
    private func dial(_ nodeID: Int32, at address: BrokerAddress) async throws -> BrokerConnection? {
        let wait = health[nodeID, default: BrokerHealth()].wait(now: .now())
        let configuration = configuration
        let sslContext = sslContext
        let task = Task {
            if wait > .zero { try await Task.sleep(nanoseconds: UInt64(wait.nanoseconds)) }
            return try await BrokerConnection.connect(
                to: address, configuration: configuration, sslContext: sslContext)
        }
        slots[nodeID] = .connecting(task)
        let result = await task.result
        guard !isShutDown, case .connecting(let current) = slots[nodeID], current == task else {
            if case .success(let connection) = result { connection.close() }
            try checkOpen()
            return nil
        }
        switch result {
        case .success(let connection):
            slots[nodeID] = .connected(connection)
            health[nodeID, default: BrokerHealth()].succeeded()
            logger.debug("connected", metadata: ["broker": "\(address)"])
            return connection
        case .failure(let error):
            slots[nodeID] = nil
            health[nodeID, default: BrokerHealth()].failed(
                now: .now(), backoff: configuration.reconnectBackoff, error: "\(error)")
            throw error
        }
    }

    /// Renews the SASL session of `connection` (KIP-368) while new callers wait on its slot; a connection that
    /// fails to re-authenticate is dropped and nil returned, so the caller dials afresh.
    private func reauthenticate(_ connection: BrokerConnection, nodeID: Int32) async throws -> BrokerConnection? {
        let task = Task {
            try await connection.reauthenticate()
            return connection
        }
        slots[nodeID] = .connecting(task)
        let result = await task.result
        guard case .connecting(let current) = slots[nodeID], current == task else {
            try checkOpen()
            return nil
        }
        switch result {
        case .success:
            slots[nodeID] = .connected(connection)
            hooks.reauthenticated(nodeID)
            logger.debug("re-authenticated", metadata: ["broker": "\(connection.broker)"])
            return connection
        case .failure(let error):
            slots[nodeID] = nil
            connection.close()
            logger.warning(
                "re-authentication failed; reconnecting",
                metadata: ["broker": "\(connection.broker)", "error": "\(error)"])
            try checkOpen()
            return nil
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
        let now = NIODeadline.now()
        if let bootstrapConnection, bootstrapConnection.isActive {
            guard bootstrapConnection.needsReauthentication(at: now) else { return bootstrapConnection }
            // The bootstrap connection has no slot to park callers in: it is retired, not renewed.
            self.bootstrapConnection = nil
            bootstrapConnection.close()
        }
        for (nodeID, slot) in slots {
            if case .connected(let connection) = slot, connection.isActive {
                if !connection.needsReauthentication(at: now) { return connection }
                if let renewed = try await reauthenticate(connection, nodeID: nodeID) { return renewed }
            }
        }
        let dial: Task<BrokerConnection, any Error>
        if let inFlight = bootstrapDial {
            hooks.willWait(.bootstrap)
            dial = inFlight
        } else {
            dial = Task { try await self.dialBootstrap() }
            bootstrapDial = dial
        }
        do {
            return try await dial.value
        } catch {
            try checkOpen()
            for nodeID in metadataCache.brokers.keys.sorted() {
                if let connection = try? await connection(toNode: nodeID) { return connection }
            }
            throw error
        }
    }

    /// Dials the bootstrap addresses in turn: the one dial that concurrent `anyConnection()` callers share. The
    /// connection is stored (or closed, after a shutdown) before the task ends.
    private func dialBootstrap() async throws -> BrokerConnection {
        defer { bootstrapDial = nil }
        var failures: [KafkaClientError] = []
        for address in configuration.bootstrapBrokers {
            try checkOpen()
            let connection: BrokerConnection
            do {
                connection = try await BrokerConnection.connect(
                    to: address, configuration: configuration, sslContext: sslContext)
            } catch let error as KafkaClientError {
                failures.append(error)
                continue
            } catch {
                failures.append(KafkaClientError(.connect, "\(address): \(error)", underlying: error))
                continue
            }
            if isShutDown {
                connection.close()
                try checkOpen()
            }
            bootstrapConnection = connection
            return connection
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

/// Test-only observation points of a `KafkaCluster`, so tests order concurrent callers without sleeping.
struct KafkaClusterHooks: Sendable {
    /// Work another caller started and this one waits for.
    enum Wait: Sendable, Hashable {
        case refresh(topics: [String]?)
        case connection(nodeID: Int32)
        case bootstrap
    }

    /// Called on the cluster's actor just before a caller awaits work in flight.
    var willWait: @Sendable (Wait) -> Void = { _ in }
    /// Called on the cluster's actor when a connection to a node has renewed its SASL session (KIP-368).
    var reauthenticated: @Sendable (Int32) -> Void = { _ in }
}
