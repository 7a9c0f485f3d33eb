import NIOCore

/// Runs a connection's session work on the connection's own event loop.
///
/// A statement starts on the event loop (the message arrives there) and its results go back to it, so a task on
/// the global executor crossed threads at least four times per statement: to the task, back to the loop with the
/// result, to the task again when the rows were sent, and to the loop to finish. With the task preferring this
/// executor those are queue appends on one thread, and a point lookup crosses threads only for the store's own
/// reading connection and back.
///
/// Session work must not block: what waits (the store, the network, a key file) is already asynchronous and
/// suspends the task, which frees the loop for the connection's I/O and for the other connections it serves.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
