import InletTestSupport
import Testing

@testable import KafkaClient

@Suite struct RecordStreamTests {
    typealias Waiter = RecordStreamHooks.Waiter

    /// A stream that reports each reader or writer that parks on `parked`.
    static func observed(capacity: Int, readerWillWait: (@Sendable () async -> Void)? = nil) -> (
        RecordStream<Int>, AsyncStream<Waiter>
    ) {
        let (parked, park) = AsyncStream.makeStream(of: Waiter.self)
        let hooks = RecordStreamHooks(parked: { park.yield($0) }, readerWillWait: readerWillWait)
        return (RecordStream(capacity: capacity, hooks: hooks), parked)
    }

    @Test func deliversChunksInOrderThenEnds() async throws {
        let stream = RecordStream<Int>(capacity: 10)
        try await stream.send([1, 2])
        try await stream.send([3])
        stream.finish()
        #expect(try await stream.next() == [1, 2])
        #expect(try await stream.next() == [3])
        #expect(try await stream.next() == nil)
    }

    @Test func writerWaitsWhileFullAndResumesWhenRead() async throws {
        let (stream, parked) = Self.observed(capacity: 2)
        try await stream.send([1, 2])
        let writer = Task { try await stream.send([3]) }
        var waiters = parked.makeAsyncIterator()
        #expect(await waiters.next() == .writer)
        #expect(stream.waitingWriters == 1)
        #expect(try await stream.next() == [1, 2])
        try await writer.value
        #expect(try await stream.next() == [3])
    }

    @Test func failureReachesTheReaderAfterQueuedChunks() async throws {
        struct Boom: Error {}
        let stream = RecordStream<Int>(capacity: 10)
        try await stream.send([1])
        stream.finish(throwing: Boom())
        #expect(try await stream.next() == [1])
        await #expect(throws: Boom.self) { try await stream.next() }
        #expect(try await stream.next() == nil)
    }

    @Test func waitingReaderGetsTheNextChunk() async throws {
        let (stream, parked) = Self.observed(capacity: 10)
        let reader = Task { try await stream.next() }
        var waiters = parked.makeAsyncIterator()
        #expect(await waiters.next() == .reader)
        #expect(stream.hasWaitingReader)
        try await stream.send([7])
        #expect(try await reader.value == [7])
    }

    /// The reader misses the ready-chunk fast path; before it parks, the stream fills and a writer parks at
    /// capacity. The chunk the reader then takes under the lock must wake that writer, or a slow reader and
    /// its writers end up waiting for each other.
    @Test func chunkTakenOnTheWayToParkingWakesParkedWriters() async throws {
        let gate = TestGate()
        let (stream, parked) = Self.observed(capacity: 2, readerWillWait: { await gate.pass() })
        defer { stream.finish() }  // never leaves a writer parked, whatever the outcome
        let reader = Task { try await stream.next() }
        await gate.arrived()
        try await stream.send([1, 2])
        let writer = Task { try await stream.send([3]) }
        var waiters = parked.makeAsyncIterator()
        #expect(await waiters.next() == .writer)

        gate.release()
        #expect(try await reader.value == [1, 2])
        try #require(stream.waitingWriters == 0, "taking [1, 2] made room, so the parked writer must be resumed")
        try await writer.value
        #expect(try await stream.next() == [3])
    }

    /// A writer whose task is cancelled before it parks must not park: the cancellation handler has already run
    /// and found no writer to wake.
    @Test func cancelledWriterDoesNotParkAtCapacity() async throws {
        enum Event: Equatable {
            case parked(Waiter)
            case sendEnded(cancelled: Bool)
        }
        let (events, event) = AsyncStream.makeStream(of: Event.self)
        let stream = RecordStream<Int>(capacity: 1, hooks: RecordStreamHooks(parked: { event.yield(.parked($0)) }))
        defer { stream.finish() }
        try await stream.send([1])
        Task {
            withUnsafeCurrentTask { $0?.cancel() }
            do {
                try await stream.send([2])
                event.yield(.sendEnded(cancelled: false))
            } catch {
                event.yield(.sendEnded(cancelled: error is CancellationError))
            }
        }
        var seen = events.makeAsyncIterator()
        #expect(await seen.next() == .sendEnded(cancelled: true))
        #expect(stream.waitingWriters == 0)
    }
}
