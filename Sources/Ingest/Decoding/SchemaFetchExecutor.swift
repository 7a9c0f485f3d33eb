import Dispatch

/// The executor writer-schema fetches run on: a serial dispatch queue of its own, outside Swift's cooperative pool.
///
/// A decoder that meets a new writer id waits for the fetch on a cooperative thread (the batch loop is synchronous).
/// Were the fetch to need a cooperative thread too, sources waiting at the same moment could take every one of them
/// (two on a 2-core machine) and wait for each other until the timeout. Preferring this executor keeps the dial, TLS
/// and HTTP exchange off the pool; only hops into actors (an SSH tunnel's session) still need it.
@available(macOS 15, *)
final class SchemaFetchExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = SchemaFetchExecutor()

    private let queue = DispatchQueue(label: "inlet.schema-fetch")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
