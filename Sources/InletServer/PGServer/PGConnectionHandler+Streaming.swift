import NIOCore
import PGWire
import SQL

/// A result being streamed: the next fetch is issued only when the channel is writable, so a client that reads
/// slowly (or not at all) stalls the query on its reading connection instead of growing the server's buffers.
struct ActiveStream {
    var stream: PGRowStream
    /// Rows the state machine asked for that are not fetched yet (waiting for the channel to become writable).
    var pendingFetch: Int?
    var fetching = false
    /// Cancelled: fetch at once so the error goes out, whatever the channel's state.
    var forced = false
    /// Completed when the stream ends, for the simple query waiting to run its next statement.
    var done: EventLoopPromise<Void>?
}

extension PGConnectionHandler {
    static let canceledFields = PGErrorFields(sqlState: "57014", message: "canceling statement due to user request")

    func requestRows(_ stream: PGRowStream, maxRows: Int) {
        if streaming == nil { streaming = ActiveStream(stream: stream) }
        streaming?.pendingFetch = maxRows
        fetchIfReady()
    }

    func fetchIfReady() {
        guard let context, var active = streaming, let maxRows = active.pendingFetch, !active.fetching,
            context.channel.isWritable || active.forced
        else { return }
        active.pendingFetch = nil
        active.fetching = true
        streaming = active
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        active.stream.source.fetch(maxRows: maxRows) { result in
            bound.eventLoop.execute { bound.value.fetched(result) }
        }
    }

    private func fetched(_ result: Result<[[String?]], PGErrorFields>) {
        guard streaming != nil else { return }
        streaming?.fetching = false
        let action =
            switch result {
            case .success(let rows): machine.rowsFetched(rows)
            case .failure(let error): machine.fetchFailed(error)
            }
        let error = machine.takeStreamError()
        perform(action)
        if !machine.isStreaming { endStream(error: error) }
    }

    /// The simple query's wait for the streamed statement: already done when nothing streams.
    func streamFinished(on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        guard streaming != nil else { return eventLoop.makeSucceededVoidFuture() }
        let promise = eventLoop.makePromise(of: Void.self)
        streaming?.done = promise
        return promise.futureResult
    }

    private func endStream(error: PGErrorFields?) {
        let active = streaming
        streaming = nil
        if let error { active?.done?.fail(error) } else { active?.done?.succeed(()) }
        processQueue()
    }

    /// CancelRequest: the query stops, and the error reaches the client even if it is not reading.
    func cancelStream() {
        guard let active = streaming else { return }
        active.stream.source.cancel(Self.canceledFields)
        streaming?.forced = true
        fetchIfReady()
    }

    /// The connection closed: the query stops and a simple query waiting on it ends.
    func abandonStream() {
        guard let active = streaming else { return }
        streaming = nil
        active.stream.source.cancel(Self.canceledFields)
        active.done?.fail(Self.canceledFields)
    }
}
