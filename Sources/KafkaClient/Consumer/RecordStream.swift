import NIOConcurrencyHelpers

/// A bounded, many-producer single-consumer queue of record chunks: fetch loops `await send(_:)` and are
/// suspended while the reader is behind, so a slow reader slows fetching instead of filling memory.
final class RecordStream<Element: Sendable>: Sendable {
    private struct State {
        var chunks: [[Element]] = []
        var chunkStart = 0
        var buffered = 0
        var reader: CheckedContinuation<[Element]?, any Error>?
        var writers: [CheckedContinuation<Void, any Error>] = []
        var finished = false
        var failure: (any Error)?
    }

    private let state = NIOLockedValueBox(State())
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

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
                    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                        let resumeNow = state.withLockedValue { state -> Bool in
                            if state.finished || state.failure != nil || state.buffered < capacity { return true }
                            state.writers.append(continuation)
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                } onCancel: {
                    self.wakeWriters()
                }
                try Task.checkCancellation()
            }
        }
    }

    private enum ReadOutcome {
        case chunk([Element])
        case end
        case fail(any Error)
        case wait
    }

    private enum SendOutcome {
        case closed
        case handOver(CheckedContinuation<[Element]?, any Error>)
        case queued
        case full
    }

    /// The next chunk, nil once finished; rethrows the failure that ended the stream.
    func next() async throws -> [Element]? {
        if let ready = try takeReady() { return ready }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[Element]?, any Error>) in
                let now: ReadOutcome = state.withLockedValue { state in
                    if state.chunkStart < state.chunks.count { return .chunk(Self.pop(&state)) }
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
                case .chunk(let chunk): continuation.resume(returning: chunk)
                case .end: continuation.resume(returning: nil)
                case .fail(let error): continuation.resume(throwing: error)
                case .wait: break
                }
            }
        } onCancel: {
            self.finish(throwing: CancellationError())
        }
    }

    /// A chunk that is ready now, or nil without waiting (waking writers parked at capacity).
    func takeReady() throws -> [Element]? {
        let (chunk, writers): ([Element]?, [CheckedContinuation<Void, any Error>]) = state.withLockedValue { state in
            guard state.chunkStart < state.chunks.count else { return (nil, []) }
            let chunk = Self.pop(&state)
            var woken: [CheckedContinuation<Void, any Error>] = []
            if state.buffered < capacity {
                woken = state.writers
                state.writers = []
            }
            return (chunk, woken)
        }
        for writer in writers { writer.resume() }
        return chunk
    }

    private static func pop(_ state: inout State) -> [Element] {
        let chunk = state.chunks[state.chunkStart]
        state.chunks[state.chunkStart] = []
        state.chunkStart += 1
        state.buffered -= chunk.count
        if state.chunkStart == state.chunks.count {
            state.chunks.removeAll(keepingCapacity: true)
            state.chunkStart = 0
        }
        return chunk
    }

    /// Ends the stream: the reader sees the queued chunks, then `error` (or the end).
    func finish(throwing error: (any Error)? = nil) {
        let (reader, writers): (CheckedContinuation<[Element]?, any Error>?, [CheckedContinuation<Void, any Error>]) =
            state.withLockedValue { state in
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
