import KafkaClient
import SQL
import Storage

/// Everything the runtime needs to run one source: what to read, and the relations it feeds.
public typealias SourceSpec = KafkaSource

extension KafkaSource.Output {
    public var layout: OutputLayout {
        OutputLayout(
            id: id, name: definition.name, columns: definition.relationColumns, keyColumns: definition.keyColumns,
            errorsName: definition.name + "_errors")
    }
}

extension KafkaSource {
    /// The consumer group the source commits its offsets to (after they are stored): `GROUP ID PREFIX` plus a
    /// name that never changes for the source.
    public var groupID: String { (kafka.groupIDPrefix ?? "") + "inlet-\(id)" }

    public var layout: SourceLayout {
        SourceLayout(sourceID: id, outputs: outputs.map(\.layout), progressName: progressName)
    }
}

/// A source's lifecycle state, named as in `mz_source_statuses.status`.
public enum SourceState: String, Sendable, Hashable {
    case created, starting, running, stalled, dropped
}

/// One status change: the state, the error that stalled the source, and a hint that says what to do.
public struct SourceStatusUpdate: Sendable, Hashable {
    public var state: SourceState
    public var error: String?
    public var hint: String?

    public init(_ state: SourceState, error: String? = nil, hint: String? = nil) {
        self.state = state
        self.error = error
        self.hint = hint
    }
}

/// A Kafka client configuration for a source, and what its routes saw.
public struct SourceKafkaClient: Sendable {
    public var configuration: KafkaConfiguration
    /// For the brokers a cluster's metadata lists: the advice for the first one the routes do not map (the
    /// statement that maps it), if any.
    public var unmappedAdvice: @Sendable (ClusterMetadata) -> String?

    public init(
        configuration: KafkaConfiguration,
        unmappedAdvice: @escaping @Sendable (ClusterMetadata) -> String? = { _ in nil }
    ) {
        self.configuration = configuration
        self.unmappedAdvice = unmappedAdvice
    }
}

/// What the runtime asks of the server: a Kafka client built exactly as connection validation builds one (routes,
/// tunnels, TLS, SASL, secrets decrypted in memory), and places to report status and statistics.
public protocol SourceEnvironment: Sendable {
    /// A fresh client configuration; asked again on every restart, so ALTER CONNECTION / ALTER SECRET take effect.
    func kafkaClient(for source: SourceSpec) async throws -> SourceKafkaClient
    func statusChanged(_ source: SourceSpec, _ update: SourceStatusUpdate) async
    func statistics(_ source: SourceSpec, _ statistics: SourceStatistics) async
    /// A hint for an error the runtime cannot explain itself (an SSH key the bastion refused: the public key).
    func hint(for error: any Error, source: SourceSpec) async -> String?
    /// Writer schemas by id from the CONFLUENT SCHEMA REGISTRY connection `connection`, for Avro decoders; nil
    /// when this environment reaches no registry.
    func writerSchemaLookup(connection: String) -> (any WriterSchemaLookup)?
    /// A commit of the source's relations is stored and readable (SourceRuntime+Commits.swift).
    func committed(_ source: SourceSpec)
}

extension SourceEnvironment {
    public func hint(for error: any Error, source: SourceSpec) async -> String? { nil }
    public func writerSchemaLookup(connection: String) -> (any WriterSchemaLookup)? { nil }
}
