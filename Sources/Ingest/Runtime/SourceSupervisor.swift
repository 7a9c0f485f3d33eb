import Logging
import ServiceLifecycle
import Storage

/// The sources the server runs: one `SourceRuntime` task per source, started, restarted and stopped as the
/// catalog changes, all stopped (and awaited) when the server shuts down.
///
/// A `Service` in the server's `ServiceGroup`. The catalog side calls `sync(_:)` with every source after DDL;
/// `stop(sourceID:)` returns once the source's consumer and writer have stopped, so DROP SOURCE can then delete
/// its storage.
public actor SourceSupervisor: Service {
    private struct Running {
        var spec: SourceSpec
        var runtime: SourceRuntime
        var task: Task<Void, Never>
    }

    private let storage: any SourceStorage
    private let environment: any SourceEnvironment
    private let configuration: SourceRuntimeConfiguration
    private let logger: Logger
    private let initialSources: @Sendable () async throws -> [SourceSpec]
    private var running: [String: Running] = [:]
    private var isShutDown = false

    public init(
        storage: any SourceStorage, environment: any SourceEnvironment,
        configuration: SourceRuntimeConfiguration = SourceRuntimeConfiguration(),
        logger: Logger = Logger(label: "inlet.sources"),
        initialSources: @escaping @Sendable () async throws -> [SourceSpec]
    ) {
        self.storage = storage
        self.environment = environment
        self.configuration = configuration
        self.logger = logger
        self.initialSources = initialSources
    }

    /// Resumes every stored source, then runs until graceful shutdown and stops them all.
    public func run() async throws {
        do {
            try await sync(initialSources())
        } catch {
            logger.error("cannot list the stored sources: \(error)")
        }
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Makes the running sources exactly `sources`: starts new ones, restarts changed ones (a table added or
    /// dropped), stops the ones that are gone.
    public func sync(_ sources: [SourceSpec]) async throws {
        guard !isShutDown else { return }
        let wanted = Dictionary(sources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (id, current) in running where wanted[id] != current.spec {
            await stop(sourceID: id)
            if let next = wanted[id] {
                // A table dropped from the source: its relation goes with it.
                let kept = Set(next.outputs.map(\.id))
                let store = try await storage.store(for: current.spec.layout)
                for output in current.spec.outputs where !kept.contains(output.id) {
                    try await store.dropOutput(output.layout)
                }
            } else {
                try await storage.removeStore(sourceID: id)
            }
        }
        for (id, spec) in wanted.sorted(by: { $0.key < $1.key }) where running[id] == nil {
            try await start(spec)
        }
    }

    /// Stops a source and waits until its work has ended.
    public func stop(sourceID: String) async {
        guard let current = running.removeValue(forKey: sourceID) else { return }
        current.task.cancel()
        await current.task.value
    }

    /// Stops a source and deletes its storage (DROP SOURCE).
    public func drop(sourceID: String) async throws {
        await stop(sourceID: sourceID)
        try await storage.removeStore(sourceID: sourceID)
    }

    /// Cuts the backoff of every stalled source short: after ALTER CONNECTION / ALTER SECRET the cause may be gone.
    public func retryStalled() {
        for current in running.values { current.runtime.retryNow() }
    }

    /// The runtime of a running source, for statistics.
    public func runtime(sourceID: String) -> SourceRuntime? { running[sourceID]?.runtime }

    public func shutdown() async {
        isShutDown = true
        let all = running.values.map(\.task)
        running.removeAll()
        for task in all { task.cancel() }
        for task in all { await task.value }
    }

    private func start(_ spec: SourceSpec) async throws {
        let store = try await storage.store(for: spec.layout)
        let runtime = SourceRuntime(
            spec: spec, store: store, environment: environment, configuration: configuration, logger: logger)
        let task = Task { await runtime.run() }
        running[spec.id] = Running(spec: spec, runtime: runtime, task: task)
    }
}
