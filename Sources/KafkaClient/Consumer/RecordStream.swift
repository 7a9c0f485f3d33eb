import NIOConcurrencyHelpers

/// A bounded, many-producer single-consumer queue of record chunks: fetch loops `await send(_:)` and are
/// suspended while the reader is behind, so a slow reader slows fetching instead of filling memory.
final class RecordStream<Element: Sendable>: Sendable {
    private typealias Reader = CheckedContinuation<[Element]?, any Error>
    private typealias Writer = CheckedContinuation<Void, any Error>

    private struct State {
        var chunks: [[Element]] = []
        var chunkStart = 0
        var buffered = 0
        var reader: Reader?
        var writers: [Writer] = []
        var finished = false
        var failure: (any Error)?
    }

    /// A chunk taken off the queue and the writers that taking it made room for, resumed outside the lock.
    private struct Taken {
        var chunk: [Element]
        var writers: [Writer]

        func resumeWriters() {
            for writer in writers { writer.resume() }
        }
    }

    private let state = NIOLockedValueBox(State())
    private let hooks: RecordStreamHooks
    let capacity: Int

    init(capacity: Int, hooks: RecordStreamHooks = RecordStreamHooks()) {
        self.capacity = capacity
        self.hooks = hooks
    }

    /// How many writers are parked at capacity right now.
    var waitingWriters: Int { state.withLockedValue { $0.writers.count } }

    /// Whether the reader is parked waiting for a chunk right now.
    var hasWaitingReader: Bool { state.withLockedValue { $0.reader != nil } }

    /// Adds a chunk; suspends while `capacity` elements are already waiting.
    func send(_ chunk: [Element]) async throws {
        guard !chunk.isEmpty else { return }
        while true {
            let outcome: SendOutcome = state.withLockedValue { state in
                if state.finished || state.failure != nil { return .closed }
                if let reader = state.reader {
                    state.reader = nil
                    return .handOver(reader)
                }
                if state.buffered < capacity {
                    state.chunks.append(chunk)
                    state.buffered += chunk.count
                    return .queued
                }
                return .full
            }
            switch outcome {
            case .closed: throw CancellationError()
            case .handOver(let reader):
                reader.resume(returning: chunk)
                return
            case .queued: return
            case .full:
                try await withTaskCancellationHandler {
                    try await withCheckedThrowingContinuation { (continuation: Writer) in
                        // Re-checked under the lock: a read, a finish or a cancellation handled since the attempt
                        // above found no parked writer to wake, so parking now would wait for nothing.
                        let parked = state.withLockedValue { state -> Bool in
                            if state.finished || state.failure != nil || state.buffered < capacity
                                || Task.isCancelled
                            {
                                return false
                            }
                            state.writers.append(continuation)
                            return true
                        }
                        if parked { hooks.parked(.writer) } else { continuation.resume() }
                    }
                } onCancel: {
                    self.wakeWriters()
                }
                try Task.checkCancellation()
            }
        }
    }

    private enum ReadOutcome {
        case chunk(Taken)
        case end
        case fail(any Error)
        case wait
    }

    private enum SendOutcome {
        case closed
        case handOver(Reader)
        case queued
        case full
    }

    /// The next chunk, nil once finished; rethrows the failure that ended the stream.
    func next() async throws -> [Element]? {
        if let ready = try takeReady() { return ready }
        if let readerWillWait = hooks.readerWillWait { await readerWillWait() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: Reader) in
                let now: ReadOutcome = state.withLockedValue { state in
                    if let taken = Self.take(&state, capacity: capacity) { return .chunk(taken) }
                    if let failure = state.failure {
                        state.failure = nil
                        state.finished = true
                        return .fail(failure)
                    }
                    if state.finished { return .end }
                    state.reader = continuation
                    return .wait
                }
                switch now {
                case .chunk(let taken):
                    taken.resumeWriters()
                    continuation.resume(returning: taken.chunk)
                case .end: continuation.resume(returning: nil)
                case .fail(let error): continuation.resume(throwing: error)
                case .wait: hooks.parked(.reader)
                }
            }
        } onCancel: {
            self.finish(throwing: CancellationError())
        }
    }

    /// A chunk that is ready now, or nil without waiting (waking writers parked at capacity).
    func takeReady() throws -> [Element]? {
        guard let taken = state.withLockedValue({ Self.take(&$0, capacity: capacity) }) else { return nil }
        taken.resumeWriters()
        return taken.chunk
    }

    /// Removes the first queued chunk, and the parked writers when that leaves room: the one way a chunk leaves
    /// the queue, so no read can make room without waking the writers waiting for it.
    private static func take(_ state: inout State, capacity: Int) -> Taken? {
        guard state.chunkStart < state.chunks.count else { return nil }
        let chunk = state.chunks[state.chunkStart]
        state.chunks[state.chunkStart] = []
        state.chunkStart += 1
        state.buffered -= chunk.count
        if state.chunkStart == state.chunks.count {
            state.chunks.removeAll(keepingCapacity: true)
            state.chunkStart = 0
        }
        var writers: [Writer] = []
        if state.buffered < capacity { swap(&writers, &state.writers) }
        return Taken(chunk: chunk, writers: writers)
    }

    /// Ends the stream: the reader sees the queued chunks, then `error` (or the end).
    func finish(throwing error: (any Error)? = nil) {
        let (reader, writers): (Reader?, [Writer]) = state.withLockedValue { state in
            if state.finished { return (nil, []) }
            if let error, state.failure == nil { state.failure = error }
            if error == nil { state.finished = true }
            let reader = state.chunkStart < state.chunks.count ? nil : state.reader
            if reader != nil {
                state.reader = nil
                state.failure = nil
                state.finished = true
            }
            let writers = state.writers
            state.writers = []
            return (reader, writers)
        }
        for writer in writers { writer.resume() }
        if let reader {
            if let error { reader.resume(throwing: error) } else { reader.resume(returning: nil) }
        }
    }

    private func wakeWriters() {
        let writers = state.withLockedValue { state in
            let writers = state.writers
            state.writers = []
            return writers
        }
        for writer in writers { writer.resume() }
    }
}

/// Test-only observation points of a `RecordStream`, so tests order a reader and its writers without sleeping.
struct RecordStreamHooks: Sendable {
    /// Who parked.
    enum Waiter: Sendable, Hashable {
        case reader
        case writer
    }

    /// Called (outside the lock) after a reader or writer has parked.
    var parked: @Sendable (Waiter) -> Void = { _ in }
    /// Awaited by `next()` after it found no ready chunk and before it takes the lock to park.
    var readerWillWait: (@Sendable () async -> Void)? = nil
}
