import Catalog
import Foundation
import KafkaClient
import Logging
import Routing
import SQL

/// Checks a new source against its cluster, as Materialize's CREATE SOURCE does: the topic exists, START OFFSET
/// lists no more offsets than the topic has partitions, and START TIMESTAMP is resolved once, now, into
/// per-partition offsets (ListOffsets by timestamp), so restarts start from the same place.
struct KafkaSourcePreparer: SourcePreparer {
    let endpoints: any PrivateLinkEndpointProvider
    let tunnels: SSHTunnelRegistry
    let logger: Logger

    func prepare(_ definition: KafkaSourceDefinition, connection: ResolvedKafkaConnection) async throws
        -> KafkaSourceDefinition
    {
        let client = KafkaConnectionClient(
            connection: connection, endpoints: endpoints, tunnels: tunnels, logger: logger)
        var configuration = try await client.configuration(requestTimeout: 10)
        // The source's runtime reports unmapped brokers once it runs (log and status); this one-off check
        // would report them a second time.
        configuration.metadataObserver = nil
        let cluster = try KafkaCluster(configuration: configuration, logger: logger)
        do {
            let resolved = try await prepare(definition, connection: connection.name, cluster: cluster)
            await cluster.shutdown()
            return resolved
        } catch {
            await cluster.shutdown()
            throw error
        }
    }

    private func prepare(_ definition: KafkaSourceDefinition, connection: String, cluster: KafkaCluster) async throws
        -> KafkaSourceDefinition
    {
        let metadata: ClusterMetadata
        do {
            metadata = try await cluster.refreshMetadata(topics: [definition.topic])
        } catch {
            throw SQLError.connectionFailure(
                "cannot reach the cluster of connection \(connection): \(error)",
                hint: "VALIDATE CONNECTION \(connection) shows which hop fails")
        }
        guard let topic = try? metadata.topic(definition.topic), !topic.partitions.isEmpty else {
            throw SQLError.undefinedObject(
                "topic \(definition.topic) does not exist in the cluster of connection \(connection)",
                hint: "check the name, or create the topic first (inlet kafka topic create \(definition.topic))"
            )
        }
        let partitions = topic.partitions.map(\.id)
        if definition.startOffsets.count > partitions.count {
            throw SQLError.invalidParameter(
                "START OFFSET lists \(definition.startOffsets.count) offsets but topic \(definition.topic) has "
                    + "\(partitions.count) partitions; give at most one offset per partition, in partition order")
        }
        var resolved = definition
        if let timestamp = definition.startTimestamp {
            let milliseconds = timestamp < 0 ? Int64(Date().timeIntervalSince1970 * 1000) + timestamp : timestamp
            let offsets = try await KafkaOffsetLookup.offsets(
                cluster: cluster, topic: definition.topic, partitions: partitions, at: .timestamp(milliseconds))
            resolved.startOffsets = partitions.map { offsets[$0] ?? 0 }
        }
        return resolved
    }
}
